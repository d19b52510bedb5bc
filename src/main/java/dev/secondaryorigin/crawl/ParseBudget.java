package dev.secondaryorigin.crawl;

/**
 * The time and link allowance of one document being read. Loops call {@link #tick()} once per unit of
 * work (a cheap counter; the clock is read every few thousand ticks) and {@link #check()} where a unit is
 * large; both throw {@link DocumentTooComplexException} once the allowance is spent.
 */
final class ParseBudget {
    private static final int TICKS_PER_CLOCK_READ = 4096;

    private final long deadlineNanos;
    private final long budgetMillis;
    private final int maxLinks;
    private int ticks;

    ParseBudget(long budgetMillis, int maxLinks) {
        this.budgetMillis = budgetMillis;
        this.deadlineNanos = System.nanoTime() + budgetMillis * 1_000_000L;
        this.maxLinks = maxLinks;
    }

    /** A budget that never runs out (for callers that only want the raw scanners). */
    static ParseBudget unlimited() {
        return new ParseBudget(Long.MAX_VALUE / 2_000_000L, Integer.MAX_VALUE);
    }

    void tick() {
        if (++ticks >= TICKS_PER_CLOCK_READ) {
            ticks = 0;
            check();
        }
    }

    void check() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new DocumentTooComplexException(ExtractedLinks.TOO_SLOW,
                    "reading the document took longer than " + budgetMillis + " ms");
        }
    }

    /** Call before adding a link not yet held, with the number of distinct links held so far. */
    void beforeNewLink(int held) {
        if (held >= maxLinks) {
            throw new DocumentTooComplexException(ExtractedLinks.TOO_MANY_LINKS,
                    "more than " + maxLinks + " distinct links");
        }
    }
}
