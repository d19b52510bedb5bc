package dev.secondaryorigin.tasks;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The local scheduler's launcher: each run in a thread of this process, with one log line when it ends. */
public final class ThreadLauncher implements TaskLauncher {
    private final TaskExecution execution;
    private final TaskRunner runner;
    private final Consumer<String> log;
    private final ExecutorService threads;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Future<TaskExecution.Result>> runs = new ArrayList<>();

    public ThreadLauncher(TaskRegistry registry, TaskRunner runner, Clock clock, String where, Consumer<String> log) {
        this.execution = new TaskExecution(registry, clock, where);
        this.runner = runner;
        this.log = log;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "task-run-" + counter.incrementAndGet());
            t.setDaemon(false);
            return t;
        });
    }

    @Override
    public synchronized String launch(TaskName task, Firing firing) throws LaunchException {
        String id = "local-" + task + "-" + firing.id();
        try {
            runs.add(threads.submit(() -> {
                try {
                    TaskExecution.Result r = execution.run(task, firing, runner);
                    if (r.record().isPresent()) {
                        RunRecord rec = r.record().get();
                        log.accept("task " + task + " " + firing + ": " + rec.outcome() + " in "
                                + java.time.Duration.between(rec.startedAt(), rec.finishedAt()).getSeconds() + " s");
                    } else {
                        log.accept("task " + task + " " + firing + ": not run (" + r.message() + ")");
                    }
                    return r;
                } catch (IOException | RuntimeException e) {
                    log.accept("task " + task + " " + firing + ": failed to record the run: " + e);
                    throw e;
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new LaunchException("the scheduler is shutting down", e);
        }
        return id;
    }

    /** Waits for the runs launched so far; returns their results (null for a run whose bookkeeping failed). */
    public List<TaskExecution.Result> awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        List<Future<TaskExecution.Result>> copy;
        synchronized (this) {
            copy = new ArrayList<>(runs);
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<TaskExecution.Result> out = new ArrayList<>();
        for (Future<TaskExecution.Result> f : copy) {
            try {
                out.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                out.add(null);
            }
        }
        return out;
    }

    public void shutdown() {
        threads.shutdown();
    }
}
