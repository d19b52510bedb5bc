package dev.secondaryorigin.tasks;

/**
 * Runs one pass of a task with the code {@code sync} runs: the CLI's sync command locally, the function's sync
 * path in FC. A stop asked of the process (SIGTERM, FC's pre-stop) reaches the pass through those shells, which
 * checkpoint it; the outcome is then {@code incomplete} and the next dispatch resumes it.
 */
public interface TaskRunner {
    /** The pass's outcome; a failure before the pass could report is an outcome too, never an exception. */
    RunOutcome run(TaskDefinition task);
}
