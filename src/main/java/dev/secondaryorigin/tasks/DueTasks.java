package dev.secondaryorigin.tasks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a task needs at one dispatch, from its schedule and run bookkeeping alone: nothing (idle), nothing yet
 * (running, or an invocation already on its way), a run for its newest firing (missed firings coalesce into that
 * one), a launch again of a claim whose dispatcher died before launching, or a resume of an unfinished pass.
 */
public final class DueTasks {
    /** A claimed but unlaunched firing older than this was left by a dispatcher that died: launch it again. */
    public static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);
    /** A launched invocation not begun within this long is taken as lost (FC's queue keeps retrying meanwhile). */
    public static final Duration IN_FLIGHT_WINDOW = Duration.ofMinutes(15);

    private DueTasks() {
    }

    /** The facts a decision needs about one task. */
    public static final class Facts {
        final boolean leaseLive;
        final Firing newestClaim;
        final boolean newestStarted;
        final RunLedger.Claim newestClaimDoc;
        final Optional<Instant> unfinishedSince;

        public Facts(boolean leaseLive, Firing newestClaim, boolean newestStarted, RunLedger.Claim newestClaimDoc,
                     Optional<Instant> unfinishedSince) {
            this.leaseLive = leaseLive;
            this.newestClaim = newestClaim;
            this.newestStarted = newestStarted;
            this.newestClaimDoc = newestClaimDoc;
            this.unfinishedSince = unfinishedSince;
        }
    }

    public enum Kind { IDLE, RUNNING, IN_FLIGHT, DUE, RELAUNCH, RESUME }

    /** A decision; {@link #firing()} and {@link #dueSince()} for the kinds that launch. */
    public static final class Decision {
        private final Kind kind;
        private final Firing firing;
        private final Instant dueSince;

        Decision(Kind kind, Firing firing, Instant dueSince) {
            this.kind = kind;
            this.firing = firing;
            this.dueSince = dueSince;
        }

        public Kind kind() {
            return kind;
        }

        public Firing firing() {
            return firing;
        }

        /** Since when the run has been owed: the order in which waiting tasks get the free slots. */
        public Instant dueSince() {
            return dueSince;
        }

        public boolean launches() {
            return kind == Kind.DUE || kind == Kind.RELAUNCH || kind == Kind.RESUME;
        }
    }

    public static Decision decide(TaskDefinition task, Facts f, Instant now) {
        if (f.leaseLive) {
            return new Decision(Kind.RUNNING, null, null);
        }
        if (f.newestClaim != null && !f.newestStarted && f.newestClaimDoc != null) {
            Duration age = Duration.between(f.newestClaimDoc.claimedAt(), now);
            if (f.newestClaimDoc.launched() ? age.compareTo(IN_FLIGHT_WINDOW) < 0 : age.compareTo(CLAIM_TIMEOUT) < 0) {
                return new Decision(Kind.IN_FLIGHT, f.newestClaim, null);
            }
            if (!f.newestClaimDoc.launched()) {
                return new Decision(Kind.RELAUNCH, f.newestClaim, f.newestClaim.at());
            }
        }
        // Due when the schedule fires after the newest claimed firing (and not before the task existed) and within
        // the current minute: a dispatch runs once a minute, so a firing at second 30 belongs to this minute's
        // dispatch (as `task due` counts it). Asked as "the first firing after that", which stays the same question
        // every minute until the task runs.
        Instant horizon = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60).minusNanos(1);
        Instant base = f.newestClaim != null ? f.newestClaim.at() : task.createdAt().minusNanos(1);
        Optional<Instant> next = task.schedule().nextAfter(base);
        if (next.isPresent() && !next.get().isAfter(horizon)) {
            Instant latest = task.schedule().latestAtOrBefore(horizon).orElse(next.get());
            return new Decision(Kind.DUE, Firing.scheduled(latest), latest);
        }
        if (f.unfinishedSince.isPresent()) {
            return new Decision(Kind.RESUME, Firing.resume(now), f.unfinishedSince.get());
        }
        return new Decision(Kind.IDLE, null, null);
    }
}
