package dev.secondaryorigin.store;

import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;

/** How often and how patiently a store retries a request that failed for a passing reason. Immutable. */
public final class RetryPolicy {
    /** Six attempts over roughly ten seconds: rides out a throttling burst without stalling a pass for long. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, 200, 4000);

    private final int attempts;
    private final long baseDelayMillis;
    private final long maxDelayMillis;

    private RetryPolicy(int attempts, long baseDelayMillis, long maxDelayMillis) {
        this.attempts = attempts;
        this.baseDelayMillis = baseDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** {@code attempts} tries in all (1 = no retry), waiting base, 2×base, 4×base ... (capped, with jitter) between them. */
    public static RetryPolicy of(int attempts, long baseDelayMillis, long maxDelayMillis) {
        if (attempts < 1 || baseDelayMillis < 0 || maxDelayMillis < baseDelayMillis) {
            throw new IllegalArgumentException("attempts >= 1 and 0 <= base <= max delay");
        }
        return new RetryPolicy(attempts, baseDelayMillis, maxDelayMillis);
    }

    public int attempts() {
        return attempts;
    }

    /** The wait after failed attempt {@code attempt} (1-based): exponential, capped, half of it random. */
    public long delayAfter(int attempt) {
        long d = baseDelayMillis << Math.min(attempt - 1, 20);
        d = Math.min(d, maxDelayMillis);
        return d / 2 + (d > 1 ? ThreadLocalRandom.current().nextLong(d / 2 + 1) : 0);
    }

    void pauseAfter(int attempt) throws InterruptedIOException {
        try {
            Thread.sleep(delayAfter(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
