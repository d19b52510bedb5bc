package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.DrillResult;
import dev.secondaryorigin.app.DrillTask;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.Drill;
import dev.secondaryorigin.sync.DrillKind;
import dev.secondaryorigin.sync.DrillOutcome;
import dev.secondaryorigin.sync.DrillReport;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drill}: if the origin died now, what would visitors get? */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"A failover drill: requests every URL of the manifest (or a sample, or the CDN's top URLs) "
                + "through the HTTP base that serves the backup during failover (the bucket's website endpoint, a "
                + "CDN edge, or `serve`), including redirect sources, the `dir` and `dir/` forms and URLs with a "
                + "query string, and compares status, bytes (MD5) and Content-Type with what the origin served at the "
                + "last pass. Without --via, a local target is served in-process on a loopback port and an OSS target "
                + "is reached at the bucket's own domain.",
                "Prints a readiness figure per kind and the misses, worst first. Exit codes: 0 every kind at or above "
                        + "--min-ready, 1 some kind below it (or nothing to drill), 3 the time ran out first, "
                        + "2 bad input."})
final class DrillCommand implements Callable<Integer> {
    static final String[] FLAG_NAMES = {"cdn-endpoint"};
    private static final int SHOWN_MISSES = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--task-name", paramLabel = "NAME", description = "Task to drill. Default: the only task in the store.")
    String taskName;

    @Option(names = "--via", paramLabel = "URL", description = "HTTP base to request the site through: the bucket's "
            + "website endpoint (https://my-backup.oss-cn-hangzhou.aliyuncs.com/), a CDN edge, or a running `serve`.")
    String via;

    @Option(names = "--host", paramLabel = "HOST", description = "Host header of the requests (the CDN domain when "
            + "--via is an edge's address).")
    String host;

    @ArgGroup(exclusive = true)
    Selection selection = new Selection();

    static final class Selection {
        @Option(names = "--sample", paramLabel = "N", description = "Drill about N URLs of the manifest, every kind "
                + "in proportion and at least once.")
        Integer sample;

        @Option(names = "--all", description = "Drill every URL of the manifest (the default).")
        boolean all;

        @Option(names = "--top-urls", description = "Drill the domain's most visited URLs of the last day "
                + "(CDN DescribeDomainTopUrlVisit), as visitors ask for them.")
        boolean topUrls;
    }

    @Option(names = "--domain", paramLabel = "HOST", description = "The CDN domain whose top URLs --top-urls asks for. "
            + "Default: the task name.")
    String domain;

    @Option(names = "--min-ready", paramLabel = "PERCENT", defaultValue = "100",
            description = "Exit 1 when any kind's readiness is below this. Default: ${DEFAULT-VALUE}.")
    double minReady;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "Parallel requests (1 to " + Drill.MAX_CONCURRENCY + "). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Connect timeout and longest silence per request. Default: ${DEFAULT-VALUE}.")
    int timeout;

    @Option(names = "--max-seconds", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop starting requests after this long (0 = no limit); the rest are counted as not tried.")
    int maxSeconds;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of --sample, to repeat a sample.")
    Long seed;

    @Option(names = "--json", description = "Print the JSON report instead of text.")
    boolean json;

    @Option(names = "--report-json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path reportJson;

    @Override
    public Integer call() throws Exception {
        checkFlags();
        PrintWriter out = spec.commandLine().getOut();
        DrillTask.Request request = new DrillTask.Request().taskName(taskName).via(via, host).minReady(minReady)
                .limits(concurrency, timeout, maxSeconds > 0 ? Deadline.after(Duration.ofSeconds(maxSeconds))
                        : Deadline.none())
                .localServer(new InProcessBackup()).mustExist(true);
        if (selection.topUrls) {
            request.topUrls(domain, this::cdnConfig);
        } else if (selection.sample != null) {
            request.sample(selection.sample, seed);
        }
        DrillResult result = new DrillTask(Main.env(spec)).run(StoreFlags.config(spec), request);
        if (result.verdict() == DrillResult.Verdict.NO_VIA) {
            throw new ConfigException("via", "is required for this target");
        }
        int exit = result.exitCode();
        JsonObject json = toJson(result, exit);
        if (reportJson != null) {
            Files.write(reportJson, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json)
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (this.json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json));
        } else {
            printText(out, result.report(), result.task(), result.target(), result.servedInProcess(), result.below());
        }
        out.flush();
        return exit;
    }

    private void checkFlags() {
        StoreFlags.checkTaskName(taskName);
        if (via != null) {
            Drill.checkVia(via);
        }
        if (selection.sample != null && selection.sample < 1) {
            throw new ConfigException("sample", "must be a number of URLs, 1 or more, got " + selection.sample);
        }
        if (!(minReady >= 0 && minReady <= 100)) {
            throw new ConfigException("min-ready", "must be a percentage from 0 to 100, got " + minReady);
        }
        if (concurrency < 1 || concurrency > Drill.MAX_CONCURRENCY) {
            throw new ConfigException("concurrency", "must be from 1 to " + Drill.MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (timeout < 1 || timeout > 600) {
            throw new ConfigException("timeout", "must be from 1 to 600 seconds, got " + timeout);
        }
        if (maxSeconds < 0) {
            throw new ConfigException("max-seconds", "must be 0 (no limit) or a number of seconds, got " + maxSeconds);
        }
        if (host != null && !host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
            throw new ConfigException("host", "must be a host name with an optional :port, got \"" + host + "\"");
        }
        if (reportJson != null && reportJson.getParent() != null && !Files.isDirectory(reportJson.getParent())) {
            throw new ConfigException("report-json", "names a file in a directory that does not exist: " + reportJson);
        }
    }

    /** The CDN options for {@code --top-urls} of domain {@code d}. */
    private TaskConfig cdnConfig(String d) {
        Map<String, List<String>> raw = new HashMap<>(TaskFlags.values(spec));
        raw.put("origin", Collections.singletonList("http://127.0.0.1/"));
        raw.put("domain", Collections.singletonList(d));
        return TaskConfig.parse(raw);
    }

    static JsonObject toJson(DrillResult result, int exit) {
        JsonObject r = result.report().toJson();
        r.addProperty("task", result.task());
        r.addProperty("target", result.target());
        if (result.host() != null) {
            r.addProperty("host", result.host());
        }
        r.addProperty("servedInProcess", result.servedInProcess());
        JsonArray b = new JsonArray();
        result.belowIds().forEach(b::add);
        r.add("belowMinReady", b);
        r.addProperty("exitCode", exit);
        return r;
    }

    private void printText(PrintWriter out, DrillReport r, String task, String target, boolean served,
                           List<DrillKind> below) {
        out.printf("Drill of task %s in %s via %s%s%n", task, target, r.via(), served ? " (served in-process)" : "");
        out.printf("Ready: %s%% (%d of %d URLs)%s%n", r.readiness(), r.ready(), r.tried(),
                r.complete() ? "" : "; " + r.notTried() + " not tried, the time ran out");
        for (DrillKind k : r.kinds()) {
            out.printf("  %-14s %6s%%  (%d of %d)%n", k.id(), r.readiness(k), r.ready(k), r.tried(k));
        }
        List<DrillOutcome> misses = r.misses();
        if (!misses.isEmpty()) {
            out.println("Misses, worst first:");
            for (DrillOutcome o : misses.subList(0, Math.min(SHOWN_MISSES, misses.size()))) {
                out.printf("  %-18s %-13s %s  %s%n", o.miss().id(), o.probe().kind().id(), o.probe().request(),
                        o.problem());
            }
            if (misses.size() > SHOWN_MISSES) {
                out.printf("  ... and %d more (--json or --report-json lists up to %d)%n", misses.size() - SHOWN_MISSES,
                        DrillReport.MAX_MISSES);
            }
        }
        if (r.tried() == 0) {
            out.println("Nothing to drill: the manifest holds no stored object or redirect; run sync first.");
        } else if (!below.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (DrillKind k : below) {
                b.append(b.length() == 0 ? "" : ", ").append(k.id());
            }
            out.printf("Below --min-ready %s%%: %s%n", minReady, b);
        }
    }
}
