package dev.secondaryorigin.cli;

import dev.secondaryorigin.tasks.LocalScheduler;
import dev.secondaryorigin.tasks.TaskService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code scheduler}: runs the registry's tasks at their times in this process. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Runs the registry's tasks at their times in one long-lived process (a VM or container), with "
                + "the dispatcher's rules: a running task is not started again, missed firings run once, an unfinished "
                + "pass is resumed. SIGTERM stops it gracefully (running passes checkpoint). One log line per run.",
                "--once runs what is due now and exits (for system cron): 0 when every run completed, else the "
                        + "first run's sync exit code."})
final class SchedulerCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOption registry;

    @Option(names = "--max-parallel", paramLabel = "N", description = "Most tasks running at once; the others wait, "
            + "oldest due first. Default: $MAX_PARALLEL_TASKS, else 4.")
    String maxParallel;

    @Option(names = "--once", description = "Run what is due now, wait for it, exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        int max = parallel(maxParallel != null ? maxParallel : Main.environment(spec).get("MAX_PARALLEL_TASKS"),
                maxParallel != null ? "--max-parallel" : "MAX_PARALLEL_TASKS");
        TaskService service = TaskCommand.service(spec, registry.location);
        PrintWriter err = spec.commandLine().getErr();
        LocalScheduler scheduler = new LocalScheduler(service.registry(), new SyncPassRunner(Main.environment(spec)),
                Clock.systemUTC(), max, "scheduler pid " + ProcessHandle.current().pid(), line -> {
                    synchronized (err) {
                        err.println(Instant.now() + " " + line);
                        err.flush();
                    }
                });
        try {
            if (once) {
                return scheduler.runOnce();
            }
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                scheduler.stop();
                try {
                    done.await(70, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                scheduler.run();
            } finally {
                done.countDown();
            }
            return dev.secondaryorigin.app.ExitCodes.OK;
        } finally {
            service.registry().close();
        }
    }

    static int parallel(String raw, String option) {
        if (raw == null || raw.trim().isEmpty()) {
            return 4;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= 256) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number from 1 to 256, got \"" + raw + "\"");
    }
}
