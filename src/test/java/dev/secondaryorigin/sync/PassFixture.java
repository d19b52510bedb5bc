package dev.secondaryorigin.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.task.TaskConfig;
import dev.secondaryorigin.testing.origin.FaultyOrigin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs passes of one task (in-process, by engine or CLI) against a test origin into a local backup. */
final class PassFixture {
    static final String DOMAIN = "www.example.test";

    final FaultyOrigin origin;
    final Path backup;
    final Path work;
    private int reports;

    PassFixture(FaultyOrigin origin, Path work) throws IOException {
        this.origin = origin;
        this.work = work;
        this.backup = work.resolve("backup");
        Files.createDirectories(backup);
    }

    /**
     * Flags every pass here shares: fast timeouts and retries, Host override, this backup, every URL every pass
     * (the passes here follow each other within seconds, and each must see what the origin answers now).
     */
    List<String> baseFlags() {
        return new ArrayList<>(Arrays.asList("--origin", origin.url(), "--domain", DOMAIN,
                "--target", backup.toString(), "--timeout", "1", "--retries", "1", "--concurrency", "4",
                "--max-revisit", "0"));
    }

    /** One pass through the engine, with a 5 ms retry backoff. Extra flags override the base ones. */
    PassReport engine(String... extra) throws IOException {
        TaskConfig config = TaskConfig.parse(raw(extra));
        try (LocalStore store = new LocalStore(backup)) {
            return new SyncPass(config, store, PassListener.NONE, work.resolve("fetch-tmp"))
                    .retryBaseMillis(5).run(Deadline.none());
        }
    }

    private Map<String, List<String>> raw(String... extra) {
        List<String> all = baseFlags();
        all.addAll(Arrays.asList(extra));
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).substring(2);
            boolean flag = i + 1 >= all.size() || all.get(i + 1).startsWith("--");
            String value = flag ? "true" : all.get(++i);
            if (name.equals("entry") || name.equals("header") || name.equals("exclude") || name.equals("include")) {
                raw.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                raw.put(name, new ArrayList<>(Collections.singletonList(value)));
            }
        }
        return raw;
    }

    /** The outcome of a CLI run: its exit code and the report it wrote with --report-json. */
    static final class CliRun {
        final int exitCode;
        final JsonObject report;

        CliRun(int exitCode, JsonObject report) {
            this.exitCode = exitCode;
            this.report = report;
        }
    }

    /** The base flags with the extra ones; an extra flag replaces a base flag of the same name. */
    List<String> flags(String... extra) {
        List<String> args = new ArrayList<>();
        List<String> base = baseFlags();
        for (int i = 0; i < base.size(); i += 2) {
            if (!Arrays.asList(extra).contains(base.get(i))) {
                args.add(base.get(i));
                args.add(base.get(i + 1));
            }
        }
        args.addAll(Arrays.asList(extra));
        return args;
    }

    /** One {@code sync} through the CLI, in-process. Extra flags replace base flags of the same name. */
    CliRun cli(String... extra) throws IOException {
        Path report = work.resolve("report-" + (++reports) + ".json");
        List<String> args = new ArrayList<>();
        args.add("sync");
        args.addAll(flags(extra));
        args.addAll(Arrays.asList("--quiet", "--report-json", report.toString()));
        int code = Main.execute(args.toArray(new String[0]));
        JsonObject json = Files.exists(report)
                ? JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8)).getAsJsonObject()
                : null;
        return new CliRun(code, json);
    }

    Path stateDir() {
        return backup.resolve(".secondary-origin").resolve(DOMAIN);
    }

    Path checkpointFile() {
        return stateDir().resolve("checkpoint.json.gz");
    }

    Path leaseFile() {
        return stateDir().resolve("lease.json");
    }

    static String key(String path) {
        try {
            return UrlKeys.keyFor(path);
        } catch (RefusedUrlException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    /** "kind: message" of the report's failure sample for a path, or null. */
    static String failureOf(JsonObject report, String path) {
        for (JsonElement e : report.getAsJsonObject("failed").getAsJsonArray("samples")) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("url").getAsString().equals(path)) {
                return o.get("error").getAsString();
            }
        }
        return null;
    }

    static long failedTotal(JsonObject report) {
        return report.getAsJsonObject("failed").get("total").getAsLong();
    }

    static long skipped(JsonObject report, String reason) {
        JsonObject reasons = report.getAsJsonObject("skipped").getAsJsonObject("reasons");
        return reasons.has(reason) ? reasons.get(reason).getAsLong() : 0;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
