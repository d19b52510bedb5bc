package dev.secondaryorigin.tasks;

/**
 * How one pass of a task ended, in {@code sync}'s terms: its {@code result} ({@code complete}, {@code incomplete},
 * {@code lease-held}, {@code origin-suspect}, {@code origin-unhealthy}, ...) and exit code (docs/architecture.md).
 */
public final class RunOutcome {
    /** Exit code of a pass that used up its time budget; the next dispatch resumes it. */
    public static final int EXIT_INCOMPLETE = 3;

    private final String result;
    private final int exitCode;
    private final String message;

    public RunOutcome(String result, int exitCode, String message) {
        this.result = result;
        this.exitCode = exitCode;
        this.message = message;
    }

    /** A pass that failed before it produced a report (bad configuration, an unexpected error). */
    public static RunOutcome failed(int exitCode, String message) {
        return new RunOutcome("failed", exitCode, message);
    }

    public String result() {
        return result;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Null, or why it failed. */
    public String message() {
        return message;
    }

    /** True when the pass stopped with work left: the dispatcher resumes it even when its schedule is not due. */
    public boolean unfinished() {
        return exitCode == EXIT_INCOMPLETE;
    }

    @Override
    public String toString() {
        return result + " (exit " + exitCode + ")" + (message == null ? "" : ": " + message);
    }
}
