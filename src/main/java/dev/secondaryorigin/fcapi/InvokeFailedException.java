package dev.secondaryorigin.fcapi;

/**
 * FC did not take an invocation: its error code and message (or a network failure), explained for a person. The
 * message names the AccessKey id, never the secret or the token.
 */
public final class InvokeFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;
    private final String requestId;
    private final int attempts;
    private final boolean retryable;

    InvokeFailedException(String message, String code, int httpStatus, String requestId, int attempts,
                          boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
        this.attempts = attempts;
        this.retryable = retryable;
    }

    /** FC's error code (e.g. {@code SignatureNotMatch}, {@code FunctionNotFound}), or {@code NetworkError}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the last answer; 0 when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** FC's request id of the last answer, or null. */
    public String requestId() {
        return requestId;
    }

    public int attempts() {
        return attempts;
    }

    /**
     * True when the failure was throttling, a server error or the network, and the retries ran out: the same
     * launch may succeed on the next dispatch. False when repeating it cannot help (signature, permission,
     * unknown function).
     */
    public boolean retryable() {
        return retryable;
    }
}
