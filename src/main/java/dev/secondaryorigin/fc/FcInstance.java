package dev.secondaryorigin.fc;

import dev.secondaryorigin.app.SyncResult;
import dev.secondaryorigin.app.SyncTask;
import dev.secondaryorigin.log.EventLog;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one function instance keeps across invocations: its variables, the ones that look misspelt, and the
 * pass (or rollback) in flight, which runs one at a time per instance and which a pre-stop asks to checkpoint.
 */
final class FcInstance {
    private final Map<String, String> variables;
    /** Variables that look like misspellings of ours, reported once per instance and in every status. */
    private final List<FunctionEnvironment.NearMiss> nearMisses;
    private final AtomicBoolean nearMissesLogged = new AtomicBoolean();
    private final Object runLock = new Object();
    private volatile SyncTask running;
    private volatile CountDownLatch runningDone;

    FcInstance(Map<String, String> variables) {
        this.variables = Collections.unmodifiableMap(new HashMap<>(variables));
        this.nearMisses = FunctionEnvironment.nearMisses(this.variables.keySet());
    }

    Map<String, String> variables() {
        return variables;
    }

    List<FunctionEnvironment.NearMiss> nearMisses() {
        return nearMisses;
    }

    void logNearMissesOnce(EventLog log) {
        if (!nearMisses.isEmpty() && nearMissesLogged.compareAndSet(false, true)) {
            for (FunctionEnvironment.NearMiss m : nearMisses) {
                log.warn("unknown-variable", EventLog.field("variable", m.variable()),
                        EventLog.field("suggestion", m.suggestion()), EventLog.field("message", m.message()));
            }
        }
    }

    /** The task from the variables, overlaid with an event's options. */
    TaskConfig config(Map<String, List<String>> overrides) {
        return TaskConfig.parse(EventOverrides.overlay(FunctionEnvironment.taskValues(variables), overrides));
    }

    SyncResult runExclusively(SyncTask task, Deadline deadline) throws IOException {
        synchronized (runLock) {
            runningDone = new CountDownLatch(1);
            running = task;
            try {
                return task.run(deadline);
            } finally {
                running = null;
                runningDone.countDown();
            }
        }
    }

    /** Work that must not overlap a pass of this instance (a rollback). */
    interface Exclusive<T> {
        T run() throws IOException;
    }

    <T> T runExclusively(Exclusive<T> work) throws IOException {
        synchronized (runLock) {
            return work.run();
        }
    }

    /**
     * Asks the pass in flight to stop and checkpoint, waiting up to {@code seconds}; false when it did not finish
     * in time. True at once when none runs; {@code stopping} is told only when one does.
     */
    boolean stopRunning(int seconds, Runnable stopping) throws InterruptedException {
        SyncTask task = running;
        CountDownLatch done = runningDone;
        if (task == null || done == null) {
            return true;
        }
        stopping.run();
        task.requestStop();
        return done.await(seconds, TimeUnit.SECONDS);
    }
}
