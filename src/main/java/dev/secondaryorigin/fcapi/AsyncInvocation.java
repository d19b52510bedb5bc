package dev.secondaryorigin.fcapi;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One asynchronous invocation to start: the event (JSON) and the async task id FC deduplicates on. FC refuses a
 * second invocation with an id it has seen (409) when the function's asynchronous task mode is on, which makes a
 * repeated launch of the same firing harmless.
 */
public final class AsyncInvocation {
    /** FC's rule for task ids: a letter or underscore first, then letters, digits, _ and -, 128 at most. */
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,127}");
    /** FC's limit for an asynchronous invocation's payload. */
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    private final String payload;
    private final String taskId;

    private AsyncInvocation(String payload, String taskId) {
        this.payload = payload;
        this.taskId = taskId;
    }

    /** {@code payload}: the event as JSON text; {@code taskId}: see {@link AsyncTaskId}. */
    public static AsyncInvocation of(String payload, String taskId) {
        if (payload == null) {
            throw new IllegalArgumentException("an invocation needs a payload (the event, as JSON)");
        }
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("the event is larger than the " + MAX_PAYLOAD_BYTES
                    + " bytes Function Compute accepts for an asynchronous invocation");
        }
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("not an FC async task id (a letter or _, then letters, digits, _ "
                    + "and -, at most 128): \"" + taskId + "\"");
        }
        return new AsyncInvocation(payload, taskId);
    }

    public String payload() {
        return payload;
    }

    public String taskId() {
        return taskId;
    }

    byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
