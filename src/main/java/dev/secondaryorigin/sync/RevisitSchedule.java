package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;

/**
 * The {@link RevisitPolicy} applied to one pass: which known URLs it asks the origin about. Everything is due
 * under {@code --full}; a URL the manifest does not know is always due.
 */
final class RevisitSchedule {
    private final RevisitPolicy policy;
    private final Manifest manifest;
    private final long passStarted;
    private final long lookaheadMillis;
    private final boolean everything;

    private RevisitSchedule(RevisitPolicy policy, Manifest manifest, long passStarted, long lookaheadMillis,
                            boolean everything) {
        this.policy = policy;
        this.manifest = manifest;
        this.passStarted = passStarted;
        this.lookaheadMillis = lookaheadMillis;
        this.everything = everything;
    }

    /**
     * The schedule of the pass that started at {@code passStarted}. The next pass is expected as far away as the
     * previous one was: the newest check in the manifest from before this pass is the previous pass's start.
     */
    static RevisitSchedule of(RevisitPolicy policy, Manifest manifest, long passStarted, boolean full) {
        long previous = Math.max(0, manifest.latestSeen());
        if (previous >= passStarted) {
            // A resumed pass's working manifest holds what this pass saw already: the previous pass is the latest
            // time before it, which only reading the entries tells.
            previous = 0;
            for (ManifestEntry e : manifest.entries()) {
                if (e.lastSeen() < passStarted) {
                    previous = Math.max(previous, e.lastSeen());
                }
            }
        }
        long gap = previous > 0 ? passStarted - previous : 0;
        return new RevisitSchedule(policy, manifest, passStarted, gap, full || policy.everyPass());
    }

    boolean due(ManifestEntry e) {
        return everything || policy.due(e, passStarted, lookaheadMillis);
    }

    /** True for a URL the manifest does not know, or knows and is due. */
    boolean due(String path) {
        if (everything) {
            return true;
        }
        ManifestEntry e = manifest.get(path);
        return e == null || due(e);
    }

    ManifestEntry known(String path) {
        return manifest.get(path);
    }

    long lookaheadMillis() {
        return lookaheadMillis;
    }

    /**
     * What the schedule did, read from the manifest (so it holds across invocations of one pass): the known URLs
     * this pass left out as not due, and the oldest check among the URLs the backup keeps (a script string's
     * remembered miss has its own, slower schedule and is left out).
     */
    Tally tally() {
        long notDue = 0;
        long oldest = Long.MAX_VALUE;
        for (ManifestEntry e : manifest.entries()) {
            if (e.speculativeMiss()) {
                continue;
            }
            oldest = Math.min(oldest, e.lastSeen());
            if (e.lastSeen() < passStarted && !due(e)) {
                notDue++;
            }
        }
        return new Tally(notDue, oldest == Long.MAX_VALUE ? -1 : Math.max(0, passStarted - oldest) / 1000);
    }

    /** {@link #tally()}'s figures. */
    static final class Tally {
        final long notDue;
        /** Seconds from the oldest check to the pass's start; -1 for an empty manifest. */
        final long oldestCheckAgeSeconds;

        Tally(long notDue, long oldestCheckAgeSeconds) {
            this.notDue = notDue;
            this.oldestCheckAgeSeconds = oldestCheckAgeSeconds;
        }
    }
}
