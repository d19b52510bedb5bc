package dev.secondaryorigin.fc;

import java.time.Duration;
import java.util.Map;

/**
 * How long a pass may run inside one invocation: the invocation's time limit minus a safety margin, so
 * the pass stops taking work, finishes what is in flight and checkpoints before FC ends the instance.
 * Default margin: 10% of the limit, at least 30 s, but never more than half the limit (tiny limits in
 * local tries still get a budget). {@value #MARGIN_ENV} sets the margin in seconds.
 */
public final class SyncBudget {
    public static final String MARGIN_ENV = "SAFETY_MARGIN_SECONDS";
    private static final long MIN_MARGIN_MS = 30_000;

    private SyncBudget() {
    }

    /** The pass budget for an invocation limited to {@code limitMillis}. */
    public static Duration forLimit(long limitMillis, Map<String, String> env) {
        if (limitMillis <= 0) {
            throw new IllegalArgumentException("the invocation has no time limit (" + limitMillis + " ms)");
        }
        long margin;
        String configured = env.get(MARGIN_ENV);
        if (configured != null && !configured.trim().isEmpty()) {
            long s;
            try {
                s = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MARGIN_ENV + " must be a whole number of seconds, got \""
                        + configured + "\"");
            }
            if (s < 0 || s * 1000 >= limitMillis) {
                throw new IllegalArgumentException(MARGIN_ENV + " must be at least 0 and less than the function's "
                        + "timeout (" + limitMillis / 1000 + " s), got " + s);
            }
            margin = s * 1000;
        } else {
            margin = Math.min(Math.max(limitMillis / 10, MIN_MARGIN_MS), limitMillis / 2);
        }
        return Duration.ofMillis(limitMillis - margin);
    }
}
