package dev.secondaryorigin.tasks;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One dispatch: reads the registry and the run bookkeeping, decides per task ({@link DueTasks}) and launches the
 * due ones, oldest due first, while fewer than the cap run or are on their way; the rest wait for the next
 * dispatch. Each launch is preceded by a claim of its firing, created only if absent, so overlapping or repeated
 * dispatches launch a firing once; a dispatch that dies between claim and launch is repaired by the next one.
 */
public final class Dispatcher {
    private final TaskRegistry registry;
    private final TaskLauncher launcher;
    private final Clock clock;
    private final int maxParallel;
    private final String by;

    public Dispatcher(TaskRegistry registry, TaskLauncher launcher, Clock clock, int maxParallel, String by) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1");
        }
        this.registry = registry;
        this.launcher = launcher;
        this.clock = clock;
        this.maxParallel = maxParallel;
        this.by = by;
    }

    /** A task the dispatch decided to launch, in the order slots are given. */
    private static final class Candidate {
        final TaskDefinition task;
        final DueTasks.Decision decision;
        final RunLedger.TaskRuns runs;

        Candidate(TaskDefinition task, DueTasks.Decision decision, RunLedger.TaskRuns runs) {
            this.task = task;
            this.decision = decision;
            this.runs = runs;
        }
    }

    public DispatchReport dispatch() throws IOException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        RunLedger ledger = registry.ledger();
        TaskRegistry.Listing listing = registry.list();
        Map<TaskName, RunLedger.TaskRuns> scan = ledger.scan();
        DispatchReport report = new DispatchReport(now, listing.tasks().size(), listing.problems());
        List<Candidate> candidates = new ArrayList<>();
        int busy = 0;
        for (TaskDefinition t : listing.tasks()) {
            RunLedger.TaskRuns runs = scan.getOrDefault(t.name(), new RunLedger.TaskRuns());
            DueTasks.Decision d = DueTasks.decide(t, facts(ledger, t.name(), runs), now);
            switch (d.kind()) {
                case RUNNING:
                    report.running.add(t.name().value());
                    busy++;
                    break;
                case IN_FLIGHT:
                    report.inFlight.add(t.name().value());
                    busy++;
                    break;
                case IDLE:
                    break;
                default:
                    candidates.add(new Candidate(t, d, runs));
            }
        }
        candidates.sort(Comparator.comparing((Candidate c) -> c.decision.dueSince())
                .thenComparing(c -> c.task.name()));
        int slots = maxParallel - busy;
        for (Candidate c : candidates) {
            TaskName name = c.task.name();
            Firing firing = c.decision.firing();
            if (slots <= 0) {
                report.waiting.add(new DispatchReport.Entry(name.value(), firing.id(), null));
                continue;
            }
            Instant claimedAt = now;
            if (c.decision.kind() == DueTasks.Kind.RELAUNCH) {
                Optional<RunLedger.Claim> claim = ledger.readClaim(name, firing);
                claimedAt = claim.isPresent() ? claim.get().claimedAt() : now;
            } else if (!ledger.claim(name, firing, now, by)) {
                report.claimedElsewhere.add(name.value());
                continue;
            }
            slots--;
            try {
                String id = launcher.launch(name, firing);
                ledger.launched(name, firing, claimedAt, clock.instant(), id);
                report.launched.add(new DispatchReport.Entry(name.value(), firing.id(), id));
            } catch (TaskLauncher.LaunchException e) {
                report.failed.add(new DispatchReport.Entry(name.value(), firing.id(), e.getMessage()));
            }
            if (c.runs.claims.size() + 1 > RunLedger.CLAIMS_KEPT) {
                ledger.pruneClaims(name, c.runs);
            }
        }
        report.tookMillis = (System.nanoTime() - started) / 1_000_000;
        return report;
    }

    private static DueTasks.Facts facts(RunLedger ledger, TaskName name, RunLedger.TaskRuns runs) throws IOException {
        boolean leaseLive = runs.leasePresent && ledger.liveLease(name).isPresent();
        Firing newest = runs.newestClaim();
        boolean started = newest != null && runs.started(newest);
        RunLedger.Claim doc = newest != null && !started && !leaseLive ? ledger.readClaim(name, newest).orElse(null) : null;
        Optional<Instant> unfinished = runs.unfinishedPresent && !leaseLive ? ledger.unfinishedSince(name)
                : Optional.empty();
        return new DueTasks.Facts(leaseLive, newest, started, doc, unfinished);
    }
}
