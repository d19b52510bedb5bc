package dev.secondaryorigin.app;

import dev.secondaryorigin.sync.PassReport;

/**
 * The process exit codes of the CLI (and the {@code exitCode} the FC function answers), in one table:
 * README's "Exit codes" and docs/architecture.md list the same.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int INCOMPLETE = 3;
    public static final int LEASE_HELD = 4;
    /** Complete, but the secondary origin refused some objects; they are retried next pass. */
    public static final int STORE_FAILED = 5;
    /** The soft-failure gate refused the pass; nothing was published. */
    public static final int ORIGIN_SUSPECT = 6;
    /** Complete, but URLs were left out ({@code --max-objects}, or the memory guard); the report says how many. */
    public static final int CUT_SHORT = 7;

    private ExitCodes() {
    }

    public static int of(PassReport report) {
        switch (report.result()) {
            case COMPLETE: return report.number("storeFailed") > 0 ? STORE_FAILED : report.cutShort() ? CUT_SHORT : OK;
            case INCOMPLETE: return INCOMPLETE;
            case LEASE_HELD: return LEASE_HELD;
            case ORIGIN_SUSPECT: return ORIGIN_SUSPECT;
            default: return FAILURE;
        }
    }

    public static int of(Failure.Kind kind) {
        switch (kind) {
            case BAD_INPUT: return BAD_INPUT;
            case LEASE_HELD: return LEASE_HELD;
            default: return FAILURE;
        }
    }

    public static int of(DrillResult.Verdict verdict) {
        switch (verdict) {
            case READY: return OK;
            case INCOMPLETE: return INCOMPLETE;
            default: return FAILURE;
        }
    }
}
