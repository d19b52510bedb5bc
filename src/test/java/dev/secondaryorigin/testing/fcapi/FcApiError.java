package dev.secondaryorigin.testing.fcapi;

/** An error answer of the FC 3.0 OpenAPI: HTTP status and the body's {@code Code} and {@code Message}. */
public final class FcApiError extends RuntimeException {
    private final int status;
    private final String code;

    public FcApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
