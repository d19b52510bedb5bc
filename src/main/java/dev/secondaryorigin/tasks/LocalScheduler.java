package dev.secondaryorigin.tasks;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The registry's tasks run by one long-lived process (a VM or container): a dispatch at the start of every minute,
 * with the same due, lease, claim and coalescing rules as the dispatcher in the cloud, and runs in threads. On
 * {@link #stop()} (SIGTERM) no new run starts; running passes are stopped by their own shells and checkpoint,
 * and the scheduler waits for them to record their outcome.
 */
public final class LocalScheduler {
    /** How long a stop waits for running passes to checkpoint and record. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final TaskRegistry registry;
    private final Clock clock;
    private final int maxParallel;
    private final Consumer<String> log;
    private final ThreadLauncher launcher;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public LocalScheduler(TaskRegistry registry, TaskRunner runner, Clock clock, int maxParallel, String where,
                          Consumer<String> log) {
        this.registry = registry;
        this.clock = clock;
        this.maxParallel = maxParallel;
        this.log = log;
        this.launcher = new ThreadLauncher(registry, runner, clock, where, log);
    }

    private DispatchReport dispatchNow() throws IOException {
        DispatchReport r = new Dispatcher(registry, launcher, clock, maxParallel, "scheduler").dispatch();
        for (TaskRegistry.Problem p : r.problems()) {
            log.accept("task " + p.name() + " skipped: " + p.message());
        }
        for (DispatchReport.Entry e : r.launched()) {
            log.accept("task " + e.task() + " " + e.firing() + ": started");
        }
        if (!r.waiting().isEmpty()) {
            log.accept(r.waiting().size() + " due task(s) wait for a free slot (max " + maxParallel + " at once)");
        }
        return r;
    }

    /** {@code --once}: runs what is due now, waits for it, and returns the first non-zero exit code (or 0). */
    public int runOnce() throws IOException, InterruptedException {
        dispatchNow();
        List<TaskExecution.Result> results = launcher.awaitAll(Long.MAX_VALUE / 4, TimeUnit.NANOSECONDS);
        launcher.shutdown();
        for (TaskExecution.Result r : results) {
            if (r == null) {
                return 1;
            }
            if (r.record().isPresent() && r.record().get().outcome().exitCode() != 0) {
                return r.record().get().outcome().exitCode();
            }
        }
        return 0;
    }

    /** Dispatches at the start of every minute until {@link #stop()}. */
    public void run() throws InterruptedException {
        log.accept("scheduler: registry " + registry.describe() + ", at most " + maxParallel + " task(s) at once");
        while (stopped.getCount() > 0) {
            try {
                dispatchNow();
            } catch (IOException | RuntimeException e) {
                log.accept("dispatch failed (retried next minute): " + e);
            }
            Instant now = clock.instant();
            Instant next = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).plusSeconds(1);
            stopped.await(Math.max(1, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
        }
        launcher.shutdown();
        log.accept("scheduler: stopping; waiting up to " + STOP_GRACE.getSeconds() + " s for running passes to "
                + "checkpoint");
        launcher.awaitAll(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends {@link #run()} after the current dispatch; runs in flight finish or checkpoint. */
    public void stop() {
        stopped.countDown();
    }
}
