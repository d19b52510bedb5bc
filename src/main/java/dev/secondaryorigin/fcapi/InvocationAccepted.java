package dev.secondaryorigin.fcapi;

/** FC took an asynchronous invocation into its queue (202), or already had it under the same task id (409). */
public final class InvocationAccepted {
    private final String taskId;
    private final String requestId;
    private final int attempts;
    private final boolean alreadyQueued;

    InvocationAccepted(String taskId, String requestId, int attempts, boolean alreadyQueued) {
        this.taskId = taskId;
        this.requestId = requestId;
        this.attempts = attempts;
        this.alreadyQueued = alreadyQueued;
    }

    public String taskId() {
        return taskId;
    }

    /** FC's request id of the accepting call ({@code x-fc-request-id}), or null when FC sent none. */
    public String requestId() {
        return requestId;
    }

    /** How many calls it took (1 unless throttling or a server error was retried). */
    public int attempts() {
        return attempts;
    }

    /**
     * True when FC answered that an invocation with this task id exists already: an earlier launch (by this
     * dispatcher before a retry, or by one that died after launching) got through, and this one started nothing.
     */
    public boolean alreadyQueued() {
        return alreadyQueued;
    }

    @Override
    public String toString() {
        return (alreadyQueued ? "already queued " : "queued ") + taskId
                + (requestId == null ? "" : " (request " + requestId + ")") + (attempts > 1 ? ", " + attempts + " attempts" : "");
    }
}
