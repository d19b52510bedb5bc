package dev.secondaryorigin.sync;

import java.time.Duration;

/** When a pass must stop taking new work. Immutable. */
public final class Deadline {
    private static final Deadline NONE = new Deadline(0);
    private final long epochMillis;

    private Deadline(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    public static Deadline none() {
        return NONE;
    }

    public static Deadline at(long epochMillis) {
        return new Deadline(epochMillis);
    }

    public static Deadline after(Duration d) {
        return new Deadline(System.currentTimeMillis() + d.toMillis());
    }

    /** Epoch millis of the deadline, or 0 for none. */
    public long epochMillis() {
        return epochMillis;
    }

    public boolean passed() {
        return epochMillis > 0 && System.currentTimeMillis() >= epochMillis;
    }

    public long remainingMillis() {
        return epochMillis == 0 ? Long.MAX_VALUE : epochMillis - System.currentTimeMillis();
    }
}
