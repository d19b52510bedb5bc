package dev.secondaryorigin.cli;

import dev.secondaryorigin.task.OptionDef;
import dev.secondaryorigin.task.TaskOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad-input sweep: one row per command, option and bad value, with the exit code and the words the
 * message must contain. Every option of every command (read from picocli's model, which the task option
 * table fills for sync and guard) must have a row, so a new option cannot ship without its bad-input case.
 * Each row runs in-process, with no credentials and only loopback endpoints, and must leave no trace: the
 * target directory of the run is never created.
 */
class CliOptionSweepTest {
    @TempDir
    static Path work;
    static Path missing;
    static Path emptyDir;
    static Path serveDir;
    static Path eventFile;
    static Path latin1EnvFile;
    static ServerSocket busy;

    /** One bad input and what it must produce. */
    static final class Row {
        final String command;
        final String flag;
        final String value;
        final int exit;
        final List<String> words;

        Row(String command, String flag, String value, int exit, String... words) {
            this.command = command;
            this.flag = flag;
            this.value = value;
            this.exit = exit;
            this.words = Arrays.asList(words);
        }

        /** A boolean flag given a value, which no flag without a parameter accepts. */
        static Row bool(String command, String flag) {
            return new Row(command, flag, null, 2, flag);
        }

        @Override
        public String toString() {
            return command + " " + flag + (value == null ? "=maybe" : " \"" + value + "\"");
        }
    }

    /** Bad values of every task option (sync and guard take them all), as canonical name → value and words. */
    private static final Map<String, String[]> TASK_OPTION_ROWS = new LinkedHashMap<>();

    static {
        task("origin", "http://h:99999/", "port", "1 to 65535");
        task("domain", "bad domain", "host name");
        task("target", "", "must name a directory");
        task("task-name", "../x", "letters, digits");
        task("entry", "/docs/../../etc/passwd", "'..' segments");
        task("extra-host", "bad host", "host name");
        task("resource-types", "pics", "accepted");
        task("include", "*.html", "starting with '/'");
        task("exclude", "*.tmp", "starting with '/'");
        task("max-depth", "-1", "whole number from 0");
        task("max-objects", "0", "whole number from 1");
        task("max-object-size", "99999999999999GiB", "between");
        task("concurrency", "0", "whole number from 1");
        task("timeout", "soon", "whole number");
        task("retries", "21", "whole number from 0 to 20");
        task("header", "NoColon", "'Name: value'");
        task("user-agent", "ua\r\nX-Injected: 1", "control characters");
        task("insecure-tls", null);
        task("max-seconds", "-1", "whole number");
        task("prune-after", "x", "whole number");
        task("accept-changes", null);
        task("keep-passes", "101", "from 0 to 100");
        task("gate-min-objects", "0", "whole number from 1");
        task("gate-share", "101", "from 1 to 100");
        task("no-sitemaps", null);
        task("no-script-links", null);
        task("script-links-per-document", "0", "from 1");
        task("script-links-per-pass", "-1", "whole number");
        task("script-links-recheck-days", "3651", "from 0 to 3650");
        task("full", null);
        task("min-revisit", "soon", "duration such as 30m");
        task("max-revisit", "400d", "from 0 to 365d");
        task("lease-seconds", "5", "from 10");
        task("checkpoint-seconds", "0", "from 1");
        task("oss-endpoint", "ftp://oss.example", "http(s)://host");
        task("oss-region", "cn hangzhou", "region id");
        task("multipart-threshold", "1KiB", "between");
        task("cdn-endpoint", "ftp://cdn.example", "http(s)://host");
        task("warmup", null);
        task("top-urls", null);
        task("cdn-logs-hours", "745", "from 0 to 744");
        task("cdn-seeds-max", "0", "from 1");
        task("guard-path", "health", "starting with '/'");
        task("guard-status", "99", "HTTP status codes");
        task("guard-body", "", "must not be empty");
        task("guard-failures", "0", "from 1");
        task("guard-successes", "0", "from 1");
        task("guard-max-backup-age", "0", "from 1");
    }

    private static void task(String name, String value, String... words) {
        String[] w = new String[words.length + 2];
        w[0] = value;
        w[1] = "--" + name;
        System.arraycopy(words, 0, w, 2, words.length);
        TASK_OPTION_ROWS.put(name, w);
    }

    @BeforeAll
    static void files() throws IOException {
        missing = work.resolve("never-created");
        emptyDir = Files.createDirectory(work.resolve("not-a-backup"));
        serveDir = Files.createDirectory(work.resolve("served"));
        eventFile = work.resolve("event.json");
        Files.write(eventFile, "{\"action\":\"status\"}".getBytes(StandardCharsets.UTF_8));
        latin1EnvFile = work.resolve("latin1.env");
        Files.write(latin1EnvFile, "ORIGIN=http://127.0.0.1:1/\nDOMAIN=caf\u00e9.example\n".getBytes(StandardCharsets.ISO_8859_1));
        busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        registryDir = work.resolve("registry");
        assertEquals(0, Main.execute(Collections.emptyMap(), "task", "create", "row-task", "--registry",
                registryDir.toString(), "--origin", "http://127.0.0.1:1/", "--target", missing.toString(),
                "--every", "30m"));
        registryFiles = listTree(registryDir);
    }

    static Path registryDir;
    static List<String> registryFiles;

    private static List<String> listTree(Path p) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            List<String> out = new ArrayList<>();
            s.forEach(f -> out.add(p.relativize(f).toString()));
            Collections.sort(out);
            return out;
        }
    }

    @AfterAll
    static void close() throws IOException {
        busy.close();
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String command : Arrays.asList("sync", "guard")) {
            for (Map.Entry<String, String[]> e : TASK_OPTION_ROWS.entrySet()) {
                String[] w = e.getValue();
                rows.add(w[0] == null && w.length == 2 ? Row.bool(command, w[1])
                        : new Row(command, w[1], w[0], 2, Arrays.copyOfRange(w, 1, w.length)));
            }
            rows.add(new Row(command, "--entry", "/a\u0007b", 2, "--entry", "control characters"));
            rows.add(new Row(command, "--target", work.resolve("event.json").toString(), 2, "--target", "is a file"));
        }
        rows.add(new Row("sync", "--report-json", work.resolve("no-such-dir/report.json").toString(), 2,
                "--report-json", "does not exist"));
        rows.add(Row.bool("sync", "--quiet"));
        rows.add(Row.bool("sync", "--log-json"));

        rows.add(new Row("serve", "--target", missing.toString(), 2, "--target", "existing backup directory"));
        rows.add(new Row("serve", "--port", "70000", 2, "--port", "0 to 65535"));
        rows.add(new Row("serve", "--port", "eighty", 2, "--port", "eighty"));
        rows.add(new Row("serve", "--port", Integer.toString(busy.getLocalPort()), 2, "--port", "already in use"));
        rows.add(new Row("serve", "--bind", "no such host", 2, "--bind", "host name"));
        rows.add(new Row("serve", "--bind", "300.1.1.1", 2, "--bind", "IPv4 address"));
        // Documentation address (RFC 5737): never one of this machine's, so bind() fails locally; no packet is sent.
        rows.add(new Row("serve", "--bind", "192.0.2.1", 2, "--bind", "not an address of this machine"));

        for (String command : Arrays.asList("status", "verify", "rollback", "prepare-bucket", "drill")) {
            if (!command.equals("prepare-bucket")) {
                rows.add(new Row(command, "--target", missing.toString(), 2, "--target", "does not exist"));
                rows.add(new Row(command, "--task-name", "../x", 2, "--task-name", "letters, digits"));
            }
            rows.add(new Row(command, "--oss-endpoint", "ftp://oss.example", 2, "--oss-endpoint", "http(s)://host"));
            rows.add(new Row(command, "--oss-region", "cn hangzhou", 2, "--oss-region", "region id"));
            rows.add(new Row(command, "--multipart-threshold", "99999999999999GiB", 2, "--multipart-threshold", "between"));
        }
        rows.add(Row.bool("status", "--json"));
        rows.add(new Row("drill", "--via", "ftp://edge.example/", 2, "--via", "http:// or https://"));
        rows.add(new Row("drill", "--host", "bad host", 2, "--host", "host name"));
        rows.add(new Row("drill", "--sample", "0", 2, "--sample", "1 or more"));
        rows.add(Row.bool("drill", "--all"));
        rows.add(Row.bool("drill", "--top-urls"));
        rows.add(new Row("drill", "--domain", "bad domain", 2, "--domain"));
        rows.add(new Row("drill", "--min-ready", "101", 2, "--min-ready", "0 to 100"));
        rows.add(new Row("drill", "--concurrency", "0", 2, "--concurrency", "from 1"));
        rows.add(new Row("drill", "--timeout", "0", 2, "--timeout", "1 to 600"));
        rows.add(new Row("drill", "--max-seconds", "-1", 2, "--max-seconds", "0 (no limit)"));
        rows.add(new Row("drill", "--seed", "seven", 2, "--seed", "seven"));
        rows.add(Row.bool("drill", "--json"));
        rows.add(new Row("drill", "--report-json", work.resolve("no-such-dir/d.json").toString(), 2, "--report-json",
                "does not exist"));
        rows.add(new Row("drill", "--cdn-endpoint", "ftp://cdn.example", 2, "--cdn-endpoint", "http(s)://host"));
        rows.add(new Row("verify", "--target", emptyDir.toString(), 2, "--target", "holds no backup"));
        rows.add(new Row("verify", "--via", "ftp://edge.example/", 2, "--via", "http(s) URL"));
        rows.add(new Row("verify", "--host", "bad host", 2, "--host", "host name"));
        rows.add(new Row("verify", "--concurrency", "0", 2, "--concurrency", "from 1 to 256"));
        rows.add(Row.bool("verify", "--json"));
        rows.add(new Row("rollback", "--to-pass", "../x", 2, "--to-pass", "pass id"));
        rows.add(Row.bool("rollback", "--json"));

        rows.add(new Row("prepare-bucket", "--target", emptyDir.toString(), 2, "--target", "OSS bucket endpoint"));
        rows.add(new Row("prepare-bucket", "--sub-dir", "sideways", 2, "--sub-dir", "redirect, index or not-found"));
        rows.add(new Row("prepare-bucket", "--error-document", "/404.html", 2, "--error-document", "object key"));
        rows.add(new Row("prepare-bucket", "--error-status", "500", 2, "--error-status", "404 or 200"));
        rows.add(new Row("prepare-bucket", "--versioning", "maybe", 2, "--versioning", "on or off"));
        rows.add(Row.bool("prepare-bucket", "--dry-run"));

        rows.add(new Row("invoke", "--event", work.toString(), 2, "--event", "is a directory"));
        rows.add(new Row("invoke", "--event", missing.toString(), 2, "--event", "cannot be read"));
        rows.add(new Row("invoke", "--env-file", latin1EnvFile.toString(), 2, "--env-file", "line 2", "not UTF-8"));
        rows.add(new Row("invoke", "--time-limit", "0", 2, "--time-limit", "1 to 86400"));

        rows.add(Row.bool("setup-role", "--dry-run"));
        rows.add(new Row("setup-role", "--least-privilege", "Bad_Bucket!", 2, "--least-privilege", "bucket name"));
        rows.add(new Row("setup-role", "--ram-endpoint", "ftp://ram.example", 2, "--ram-endpoint", "http(s)://host"));
        rows.add(new Row("setup-role", "--domain", "bad domain", 2, "--domain", "CDN domain"));
        rows.add(Row.bool("setup-role", "--print-policy"));
        rows.add(new Row("setup-role", "--bucket", "Bad_Bucket!", 2, "--bucket", "--print-policy"));
        rows.add(new Row("setup-role", "--features", "everything", 2, "--features", "runtime or a comma-separated list"));

        for (String command : Arrays.asList("attach-origin", "detach-origin")) {
            rows.add(new Row(command, "--domain", "bad domain", 2, "--domain", "host name"));
            rows.add(new Row(command, "--target", "oss://my-backup", 2, "--target"));
            rows.add(Row.bool(command, "--dry-run"));
            rows.add(new Row(command, "--cdn-endpoint", "ftp://cdn.example", 2, "--cdn-endpoint", "http(s)://host"));
        }
        rows.add(new Row("attach-origin", "--port", "8080", 2, "--port", "443"));
        rows.add(new Row("attach-origin", "--weight", "0", 2, "--weight", "1 to 100"));
        rows.add(Row.bool("attach-origin", "--private-bucket"));

        // The task registry (issue 13): create and update take every task option plus a schedule.
        for (String command : Arrays.asList("task create", "task update")) {
            for (Map.Entry<String, String[]> e : TASK_OPTION_ROWS.entrySet()) {
                String[] w = e.getValue();
                if (e.getKey().equals("task-name")) {
                    rows.add(new Row(command, "--task-name", "other", 2, "--task-name", "registry name"));
                    continue;
                }
                rows.add(w[0] == null && w.length == 2 ? Row.bool(command, w[1])
                        : new Row(command, w[1], w[0], 2, Arrays.copyOfRange(w, 1, w.length)));
            }
            rows.add(new Row(command, "--every", "2m", 2, "--every", "from 5m"));
            rows.add(new Row(command, "--at", "25:00", 2, "--at", "HH:MM"));
            rows.add(new Row(command, "--days", "MON,FUNDAY", 2, "--days", "MON, TUE"));
            rows.add(new Row(command, "--dates", "0", 2, "--dates", "from 1 to 31"));
            rows.add(new Row(command, "--tz", "Mars/Base", 2, "--tz", "time zone id"));
            rows.add(new Row(command, "--cron", "0 * * * * *", 2, "--cron", "every 5 minutes"));
        }
        for (String command : Arrays.asList("task create", "task update", "task list", "task show", "task delete",
                "task run", "task history", "task due", "scheduler")) {
            rows.add(new Row(command, "--registry", work.resolve("event.json").toString(), 2, "--registry", "is a file"));
        }
        rows.add(Row.bool("task list", "--json"));
        rows.add(Row.bool("task delete", "--purge-state"));
        rows.add(new Row("task history", "--limit", "0", 2, "--limit", "1 to 10000"));
        rows.add(Row.bool("task history", "--json"));
        rows.add(new Row("task due", "--at", "yesterday", 2, "--at", "ISO instant"));
        rows.add(new Row("scheduler", "--max-parallel", "0", 2, "--max-parallel", "1 to 256"));
        rows.add(Row.bool("scheduler", "--once"));

        for (String command : COMMANDS.keySet()) {
            rows.add(Row.bool(command, "--help"));
            if (!command.equals("help")) {
                rows.add(Row.bool(command, "--version"));
            }
        }
        return rows;
    }

    /** Valid values of the options a command needs, so a row's bad value is the only thing wrong. */
    private static Map<String, String> base(String command) {
        Map<String, String> b = new LinkedHashMap<>();
        switch (command) {
            case "sync":
            case "guard":
                b.put("--origin", "http://127.0.0.1:1/");
                b.put("--target", missing.toString());
                break;
            case "serve":
                b.put("--target", serveDir.toString());
                b.put("--port", "0");
                break;
            case "status":
            case "verify":
                b.put("--target", emptyDir.toString());
                break;
            case "drill":
                b.put("--target", emptyDir.toString());
                break;
            case "rollback":
                b.put("--target", emptyDir.toString());
                b.put("--to-pass", "2025-01-01-000000000Z-abcdef");
                break;
            case "prepare-bucket":
                b.put("--target", "my-backup.oss-cn-hangzhou.aliyuncs.com");
                b.put("--oss-endpoint", "http://127.0.0.1:1");
                break;
            case "invoke":
                b.put("--event", eventFile.toString());
                break;
            case "setup-role":
                b.put("--ram-endpoint", "http://127.0.0.1:1");
                break;
            case "attach-origin":
            case "detach-origin":
                b.put("--domain", "www.example.com");
                b.put("--target", "my-backup.oss-cn-hangzhou.aliyuncs.com");
                b.put("--cdn-endpoint", "http://127.0.0.1:1");
                break;
            case "task create":
                b.put("--origin", "http://127.0.0.1:1/");
                b.put("--target", missing.toString());
                b.put("--registry", registryDir.toString());
                b.put("--every", "30m");
                break;
            case "task update":
            case "task list":
            case "task show":
            case "task delete":
            case "task run":
            case "task history":
            case "task due":
            case "scheduler":
                b.put("--registry", registryDir.toString());
                if (command.equals("task due")) {
                    b.put("--at", "2026-12-01T09:00:00Z");
                }
                break;
            default:
                break;
        }
        return b;
    }

    /** The schedule flags: a row of one of them replaces the base schedule (two schedules are refused as such). */
    private static final List<String> SCHEDULE_FLAGS = Arrays.asList("--every", "--at", "--days", "--dates", "--tz",
            "--cron");

    /** Every command and subcommand by its words ("task create"), for looking rows up. */
    static final Map<String, CommandLine> COMMANDS = new LinkedHashMap<>();

    /** The command model, for looking options up (each row still runs on a fresh command line). */
    private static final CommandLine MODEL = Main.commandLine();

    static {
        for (Map.Entry<String, CommandLine> c : MODEL.getSubcommands().entrySet()) {
            COMMANDS.put(c.getKey(), c.getValue());
            for (Map.Entry<String, CommandLine> sub : c.getValue().getSubcommands().entrySet()) {
                COMMANDS.put(c.getKey() + " " + sub.getKey(), sub.getValue());
            }
        }
    }

    private static String[] args(Row row) {
        CommandLine sub = COMMANDS.get(row.command);
        OptionSpec rowOption = sub.getCommandSpec().findOption(row.flag);
        List<String> args = new ArrayList<>(Arrays.asList(row.command.split(" ")));
        if (row.command.startsWith("task ") && !row.command.equals("task list") && !row.command.equals("task due")) {
            args.add(row.command.equals("task create") ? "row-new" : "row-task");
        }
        boolean scheduleRow = SCHEDULE_FLAGS.contains(row.flag);
        for (Map.Entry<String, String> e : base(row.command).entrySet()) {
            if (scheduleRow && SCHEDULE_FLAGS.contains(e.getKey())) {
                continue;
            }
            if (sub.getCommandSpec().findOption(e.getKey()) != rowOption) {
                args.add(e.getKey());
                args.add(e.getValue());
            }
        }
        if (scheduleRow && Arrays.asList("--days", "--dates", "--tz").contains(row.flag)) {
            args.add("--at");
            args.add("09:00");
        }
        if (row.value == null) {
            args.add(row.flag + "=maybe");
        } else {
            args.add(row.flag);
            args.add(row.value);
        }
        return args.toArray(new String[0]);
    }

    @Test
    void everyOptionOfEveryCommandHasABadInputRow() {
        List<Row> rows = rows();
        List<String> uncovered = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : COMMANDS.entrySet()) {
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                boolean covered = false;
                for (Row r : rows) {
                    if (r.command.equals(c.getKey()) && c.getValue().getCommandSpec().findOption(r.flag) == o) {
                        covered = true;
                    }
                }
                if (!covered) {
                    uncovered.add(c.getKey() + " " + o.longestName());
                }
            }
        }
        for (OptionDef d : TaskOptions.ALL) {
            if (!TASK_OPTION_ROWS.containsKey(d.name())) {
                uncovered.add("task option " + d.name() + " (TaskOptions.ALL)");
            }
        }
        assertEquals(Collections.emptyList(), uncovered, "options without a bad-input row in " + getClass().getSimpleName());
    }

    @Test
    void everyBadInputIsRefusedBeforeAnyWorkWithTheOptionNamed() {
        List<String> failures = new ArrayList<>();
        List<Row> rows = rows();
        List<String> timings = new ArrayList<>();
        for (Row row : rows) {
            long started = System.nanoTime();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine(Collections.emptyMap());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            String[] args = args(row);
            int code = runWithin(cl, args);
            String message = err.toString();
            List<String> problems = new ArrayList<>();
            if (code != row.exit) {
                problems.add("exit " + code + " instead of " + row.exit);
            }
            for (String w : row.words) {
                if (!message.contains(w)) {
                    problems.add("no \"" + w + "\"");
                }
            }
            if (message.contains("Exception") || message.contains("\tat ")) {
                problems.add("a stack trace or exception name");
            }
            if (Files.exists(missing)) {
                problems.add("created " + missing);
                deleteTree(missing);
            }
            try {
                if (!listTree(registryDir).equals(registryFiles)) {
                    problems.add("changed the registry: " + listTree(registryDir));
                }
            } catch (IOException e) {
                problems.add("registry unreadable: " + e);
            }
            long took = System.nanoTime() - started;
            timings.add(String.format(java.util.Locale.ROOT, "%6d ms  %s", took / 1_000_000, row));
            if (!problems.isEmpty()) {
                failures.add(row + ": " + String.join(", ", problems) + "\n    stderr: " + message.trim()
                        .replace("\n", "\n            "));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + rows.size() + " rows failed:\n" + String.join("\n", failures));
        }
        timings.sort(Collections.reverseOrder());
        System.out.println(rows.size() + " rows; the slowest:\n" + String.join("\n", timings.subList(0, 5)));
        assertFalse(Files.exists(emptyDir.resolve(".secondary-origin")), "a directory that is no backup is left alone");
        assertTrue(rows.size() > 100);
    }

    /**
     * The same bad values as the function's environment variables: every task option is refused before any
     * work, with a 500 InvalidConfiguration naming the variable (the deployment, not the caller, is wrong).
     */
    @Test
    void theFunctionRefusesEveryBadTaskVariableNamingIt() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String[]> e : TASK_OPTION_ROWS.entrySet()) {
            OptionDef d = TaskOptions.find(e.getKey());
            String[] w = e.getValue();
            if ("".equals(w[0]) && !d.name().equals("target")) {
                continue; // an empty variable is an unset one (FC's console cannot tell them apart)
            }
            Map<String, String> env = new java.util.HashMap<>();
            env.put("ORIGIN", "http://127.0.0.1:1/");
            env.put("SECONDARY_ORIGIN", missing.toString());
            env.put(d.envName(), w[0] == null ? "maybe" : w[0]);
            byte[] answer = new dev.secondaryorigin.fc.SyncFunction(env).invoke(
                    "{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8),
                    new dev.secondaryorigin.fc.LocalContext("sweep", 60_000, Collections.emptyMap(), line -> { }));
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(
                    new String(answer, StandardCharsets.UTF_8)).getAsJsonObject();
            String message = o.has("message") ? o.get("message").getAsString() : "";
            List<String> problems = new ArrayList<>();
            if (!o.has("status") || o.get("status").getAsInt() != 500
                    || !"InvalidConfiguration".equals(o.get("error").getAsString())) {
                problems.add("not a 500 InvalidConfiguration");
            }
            if (!message.startsWith(d.envName() + " ")) {
                problems.add("does not name " + d.envName());
            }
            for (int i = 2; i < w.length; i++) {
                if (!message.contains(w[i]) && !(d.name().equals("target") && message.contains("is required"))) {
                    problems.add("no \"" + w[i] + "\"");
                }
            }
            if (Files.exists(missing)) {
                problems.add("created " + missing);
                deleteTree(missing);
            }
            if (!problems.isEmpty()) {
                failures.add(d.envName() + "=" + env.get(d.envName()) + ": " + String.join(", ", problems) + "\n    " + o);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " variables not refused as they should be:\n" + String.join("\n", failures));
        }
    }

    /** Runs a row; one that is not refused may start work that never ends (serve), so it gets 20 s. */
    private static int runWithin(CommandLine cl, String[] args) {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sweep-row");
            t.setDaemon(true);
            return t;
        });
        try {
            return ex.submit(() -> cl.execute(args)).get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return -1;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            ex.shutdownNow();
        }
    }

    private static void deleteTree(Path p) {
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            s.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
