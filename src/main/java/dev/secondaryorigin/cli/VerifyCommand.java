package dev.secondaryorigin.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.sync.Verifier;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code verify}: is every object the manifest records really in the secondary origin, and servable? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks that every object the manifest records exists in the secondary origin with the "
                + "recorded size and MD5; with --via, also fetches each one through an HTTP base (the bucket's "
                + "public endpoint, a CDN edge, or `serve`) and compares bytes and Content-Type.",
                "Prints a readiness percentage and the failures. Exit codes: 0 all ready, 1 some not, 2 bad input."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--task-name", paramLabel = "NAME", description = "Task to verify. Default: the only task in the store.")
    String taskName;

    @Option(names = "--via", paramLabel = "URL", description = "HTTP base to fetch each key through, e.g. "
            + "https://my-backup.oss-cn-hangzhou.aliyuncs.com/ or http://127.0.0.1:8081/.")
    String via;

    @Option(names = "--host", paramLabel = "HOST", description = "Host header for --via requests (e.g. the CDN domain "
            + "when --via is an edge's IP).")
    String host;

    @Option(names = "--concurrency", defaultValue = "16", description = "Parallel checks. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (via != null && !via.matches("(?i)https?://[^/\\s]+(/.*)?")) {
            throw new ConfigException("via", "must be an http(s) URL, got \"" + via + "\"");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new ConfigException("concurrency", "must be from 1 to 256, got " + concurrency);
        }
        if (host != null) {
            TaskConfig.hostName("host", host);
        }
        StoreFlags.checkTaskName(taskName);
        PrintWriter out = spec.commandLine().getOut();
        try (ObjectStore store = StoreFlags.open(spec)) {
            String task = taskName != null ? taskName : onlyTask(store);
            JsonObject r = new Verifier(store, task, via, host, concurrency).run();
            r.addProperty("task", task);
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r));
            } else {
                out.printf("Task %s in %s%s%n", task, store.describe(), via != null ? " via " + via : "");
                out.printf("Ready: %s%% (%d of %d objects)%n", r.get("readinessPercent").getAsString(),
                        r.get("ok").getAsLong(), r.get("objects").getAsLong());
                for (JsonElement f : r.getAsJsonArray("failures")) {
                    out.println("  " + f.getAsJsonObject().get("url").getAsString() + "  "
                            + f.getAsJsonObject().get("problem").getAsString());
                }
            }
            out.flush();
            return r.get("failed").getAsLong() == 0 && r.get("objects").getAsLong() > 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
        }
    }

    static String onlyTask(ObjectStore store) throws java.io.IOException {
        java.util.SortedSet<String> tasks = dev.secondaryorigin.state.StateRepository.tasks(store);
        if (tasks.size() == 1) {
            return tasks.first();
        }
        if (tasks.isEmpty()) {
            throw new ConfigException("target", store.describe() + " holds no task's state: no pass has run against it");
        }
        throw new ConfigException("task-name", "is required: the target holds several tasks: " + String.join(", ", tasks));
    }
}
