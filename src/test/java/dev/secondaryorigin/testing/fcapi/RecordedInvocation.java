package dev.secondaryorigin.testing.fcapi;

import java.time.Instant;

/** One invocation the emulator accepted: what FC would queue and later deliver to the function. */
public final class RecordedInvocation {
    private final String requestId;
    private final String functionName;
    private final String qualifier;
    private final String invocationType;
    private final String taskId;
    private final String payload;
    private final String accessKeyId;
    private final Instant receivedAt;

    RecordedInvocation(String requestId, String functionName, String qualifier, String invocationType, String taskId,
                       String payload, String accessKeyId, Instant receivedAt) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.qualifier = qualifier;
        this.invocationType = invocationType;
        this.taskId = taskId;
        this.payload = payload;
        this.accessKeyId = accessKeyId;
        this.receivedAt = receivedAt;
    }

    public String requestId() {
        return requestId;
    }

    public String functionName() {
        return functionName;
    }

    /** {@code LATEST} when the request named none. */
    public String qualifier() {
        return qualifier;
    }

    /** {@code Async} (the emulator accepts nothing else unless told to). */
    public String invocationType() {
        return invocationType;
    }

    /** The {@code x-fc-async-task-id} sent, or the one the emulator made up when none was. */
    public String taskId() {
        return taskId;
    }

    /** The body, as UTF-8 text (the event). */
    public String payload() {
        return payload;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** When it arrived, by the emulator's clock (settable, for simulated time). */
    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return functionName + ":" + qualifier + " task " + taskId + " " + payload;
    }
}
