package dev.secondaryorigin.fcapi;

/**
 * How often and how long to wait before repeating a call FC answered with throttling or a server error:
 * exponential from {@code firstDelayMillis}, capped, with jitter so that many dispatchers do not retry in step.
 */
public final class Backoff {
    /** Sleeps; tests pass one that records instead. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** Four attempts over about 1.4 s, well inside a dispatch's minute. */
    public static final Backoff DEFAULT = new Backoff(4, 200, 2_000, Thread::sleep);

    private final int maxAttempts;
    private final long firstDelayMillis;
    private final long maxDelayMillis;
    private final Sleeper sleeper;

    public Backoff(int maxAttempts, long firstDelayMillis, long maxDelayMillis, Sleeper sleeper) {
        if (maxAttempts < 1 || firstDelayMillis < 0 || maxDelayMillis < firstDelayMillis) {
            throw new IllegalArgumentException("backoff needs at least one attempt and 0 <= first delay <= max delay");
        }
        this.maxAttempts = maxAttempts;
        this.firstDelayMillis = firstDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.sleeper = sleeper;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Waits before attempt {@code next} (2, 3, ...): half the exponential delay fixed, half random. */
    void pauseBefore(int next) throws InterruptedException {
        long full = Math.min(maxDelayMillis, firstDelayMillis << Math.min(20, next - 2));
        long half = full / 2;
        sleeper.sleep(half + (half == 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
