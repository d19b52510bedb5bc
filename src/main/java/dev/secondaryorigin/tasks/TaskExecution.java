package dev.secondaryorigin.tasks;

import dev.secondaryorigin.state.Lease;
import dev.secondaryorigin.state.LeaseHeldException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The run side of one launched firing: at most one run per firing (the started marker is created only if
 * absent, so a redelivered or repeated invocation does nothing), one run per task at a time (the task's lease in
 * the registry), the unfinished marker while the pass has work left, and a history record at the end.
 */
public final class TaskExecution {
    /** The registry lease of a run; renewed every third of it while the pass runs. */
    static final Duration LEASE = Duration.ofMinutes(10);

    private final TaskRegistry registry;
    private final Clock clock;
    private final String where;

    public TaskExecution(TaskRegistry registry, Clock clock, String where) {
        this.registry = registry;
        this.clock = clock;
        this.where = where;
    }

    /** Why a delivered firing did not run. */
    public enum Skip {
        /** The firing's run already began: a redelivery or a repeated launch. */
        ALREADY_STARTED,
        /** A newer firing of the task was claimed: this late delivery is covered by it. */
        SUPERSEDED,
        /** No such task (deleted since the launch). */
        UNKNOWN_TASK,
        /** The task's document is invalid now. */
        INVALID_TASK
    }

    /** A run that began: the task, its firing, its lease. */
    public static final class Started {
        final TaskDefinition task;
        final Firing firing;
        final Instant startedAt;
        final Lease lease;

        Started(TaskDefinition task, Firing firing, Instant startedAt, Lease lease) {
            this.task = task;
            this.firing = firing;
            this.startedAt = startedAt;
            this.lease = lease;
        }

        public TaskDefinition task() {
            return task;
        }
    }

    /** What happened to a delivered firing: a record of the run, or why it did not run. */
    public static final class Result {
        private final RunRecord record;
        private final Skip skipped;
        private final String message;
        private final Started started;

        Result(RunRecord record, Skip skipped, String message) {
            this(record, skipped, message, null);
        }

        Result(RunRecord record, Skip skipped, String message, Started started) {
            this.record = record;
            this.skipped = skipped;
            this.message = message;
            this.started = started;
        }

        /** From {@link #begin}: the run that began, to {@link #finish}. */
        public Optional<Started> started() {
            return Optional.ofNullable(started);
        }

        public Optional<RunRecord> record() {
            return Optional.ofNullable(record);
        }

        public Skip skipped() {
            return skipped;
        }

        public String message() {
            return message;
        }
    }

    /** Begins the firing's run, or says why not (a record when the task's lease is held by another run). */
    public Result begin(TaskName name, Firing firing) throws IOException {
        Optional<TaskDefinition> task;
        try {
            task = registry.get(name);
        } catch (CorruptTaskException e) {
            return new Result(null, Skip.INVALID_TASK, e.getMessage());
        }
        if (!task.isPresent()) {
            return new Result(null, Skip.UNKNOWN_TASK, "no task \"" + name + "\" in the registry");
        }
        RunLedger ledger = registry.ledger();
        if (firing.reason() != Firing.Reason.MANUAL && ledger.superseded(name, firing)) {
            return new Result(null, Skip.SUPERSEDED, "a newer firing of \"" + name + "\" was dispatched");
        }
        Instant now = clock.instant();
        if (!ledger.start(name, firing, now)) {
            return new Result(null, Skip.ALREADY_STARTED, "firing " + firing + " of \"" + name + "\" already ran");
        }
        Lease lease;
        try {
            lease = ledger.acquireLease(name, "run-" + firing.id() + "-" + UUID.randomUUID().toString().substring(0, 8),
                    where, LEASE.toMillis());
        } catch (LeaseHeldException e) {
            RunRecord r = new RunRecord(name, firing, now, clock.instant(),
                    new RunOutcome("lease-held", 4, e.getMessage()), where);
            ledger.record(r);
            return new Result(r, null, e.getMessage());
        }
        Optional<Instant> since = ledger.unfinishedSince(name);
        // Marked before the pass: a run that dies without finishing leaves it, and the next dispatch resumes.
        ledger.markUnfinished(name, firing, since.orElse(now), "running");
        return new Result(null, null, null, new Started(task.get(), firing, now, lease));
    }

    /** Ends a run begun by {@link #begin}: history record, unfinished marker, lease released. */
    public RunRecord finish(Started s, RunOutcome outcome) throws IOException {
        RunLedger ledger = registry.ledger();
        TaskName name = s.task.name();
        RunRecord r = new RunRecord(name, s.firing, s.startedAt, clock.instant(), outcome, where);
        ledger.record(r);
        if (outcome.unfinished()) {
            Optional<Instant> since = ledger.unfinishedSince(name);
            ledger.markUnfinished(name, s.firing, since.orElse(s.startedAt), outcome.result());
        } else {
            ledger.clearUnfinished(name);
        }
        s.lease.release();
        return r;
    }

    /** Runs a delivered firing end to end with {@code runner}, renewing the lease while the pass runs. */
    public Result run(TaskName name, Firing firing, TaskRunner runner) throws IOException {
        Result r = begin(name, firing);
        if (!r.started().isPresent()) {
            return r;
        }
        Started s = r.started().get();
        ScheduledExecutorService renew = Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "lease-" + name);
            th.setDaemon(true);
            return th;
        });
        long every = LEASE.toMillis() / 3;
        renew.scheduleAtFixedRate(() -> {
            try {
                s.lease.renew();
            } catch (IOException e) {
                // The next renewal tries again; the lease outlives two missed ones.
            }
        }, every, every, TimeUnit.MILLISECONDS);
        RunOutcome outcome;
        try {
            outcome = runner.run(s.task);
        } catch (RuntimeException e) {
            outcome = RunOutcome.failed(1, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            renew.shutdownNow();
        }
        return new Result(finish(s, outcome), null, null);
    }
}
