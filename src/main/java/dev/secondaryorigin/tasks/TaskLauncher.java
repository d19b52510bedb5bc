package dev.secondaryorigin.tasks;

/**
 * How the dispatcher starts one run of a task: an asynchronous invocation of the same function in the cloud
 * (one instance and one time limit per task, FC's queue retrying), a thread in the local scheduler. A launcher
 * may be called again for the same firing (a dispatch repeated after it died half way): the run's started marker
 * keeps that from running it twice.
 */
public interface TaskLauncher {
    /** Starts the run and returns an id to record (an FC request id, a thread name). */
    String launch(TaskName task, Firing firing) throws LaunchException;

    /** A run that could not be started; the claim stays, and a later dispatch launches it again. */
    final class LaunchException extends Exception {
        public LaunchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
