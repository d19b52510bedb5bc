package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.VerifyResult;
import dev.secondaryorigin.app.VerifyTask;
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
        VerifyResult r = new VerifyTask(Main.env(spec)).run(StoreFlags.config(spec), taskName, via, host, concurrency,
                true);
        if (json) {
            JsonObject doc = r.toJson();
            doc.addProperty("task", r.task());
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(doc));
        } else {
            out.printf("Task %s in %s%s%n", r.task(), r.target(), via != null ? " via " + via : "");
            out.printf("Ready: %s%% (%d of %d objects)%n", r.readinessPercent(), r.okObjects(), r.objects());
            for (String[] f : r.failures()) {
                out.println("  " + f[0] + "  " + f[1]);
            }
        }
        out.flush();
        return r.ready() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
