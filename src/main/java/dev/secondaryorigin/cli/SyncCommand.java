package dev.secondaryorigin.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.SyncResult;
import dev.secondaryorigin.app.SyncTask;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code sync}: one pass from the primary origin into the secondary origin. */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one sync pass: discovers the site's URLs, fetches what changed from the primary "
                + "origin and stores it in the secondary origin (a directory or an OSS bucket).",
                "Exit codes: 0 complete, 5 complete but some objects could not be written to the secondary "
                        + "origin (retried next pass), 3 incomplete (time budget; run again to resume), "
                        + "4 another pass holds the task, 6 origin suspect (the origin answers, but with what looks like "
                        + "a failure -- one page for every URL, empty bodies, images turned HTML -- so nothing "
                        + "was published; --accept-changes publishes it anyway), 2 bad input, "
                        + "1 failure (e.g. origin unhealthy)."})
final class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--report-json", paramLabel = "FILE", description = "Also write the pass report to FILE.")
    Path reportJson;

    @Option(names = "--quiet", description = "Print only the summary (and errors).")
    boolean quiet;

    @Option(names = "--log-json", description = "Print one JSON line per failure and a JSON summary, "
            + "instead of human-readable progress.")
    boolean logJson;


    @Override
    public Integer call() throws Exception {
        TaskConfig config = TaskConfig.parse(TaskFlags.values(spec));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, quiet, logJson, System.console() != null);
        if (reportJson != null) {
            ReportFile.check(reportJson, config);
        }
        boolean chatty = !quiet && !logJson;
        SyncTask task = new SyncTask(Main.env(spec), config).listener(progress)
                .onStoreOpened(target -> {
                    if (chatty) {
                        err.println("sync " + config.origin() + " (Host: " + config.domain() + ") -> " + target);
                        err.flush();
                    }
                })
                .cdnLog(line -> {
                    if (chatty) {
                        err.println(line);
                    }
                });
        // SIGTERM (and Ctrl-C where it cannot be caught): stop taking work, let in-flight requests finish and
        // checkpoint, so the next run resumes. The JVM then exits with the signal's code.
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            task.requestStop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Deadline deadline = config.maxSeconds() > 0 ? Deadline.after(Duration.ofSeconds(config.maxSeconds()))
                : Deadline.none();
        SyncResult result;
        try (InterruptToCheckpoint ctrlC = InterruptToCheckpoint.install(task::requestStop, err)) {
            result = task.run(deadline);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running and will see the latch.
            }
        }
        progress.finish();
        JsonObject json = result.reportDocument();
        if (result.warmup() != null && chatty) {
            err.println("warm-up: " + result.warmup());
        }
        JitHint.record(Main.environment(spec), json, err);
        if (reportJson != null) {
            Files.write(reportJson, new GsonBuilder().setPrettyPrinting().create().toJson(json)
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (logJson) {
            out.println(json);
        } else {
            out.println(Summary.human(json));
        }
        out.flush();
        return result.exitCode();
    }
}
