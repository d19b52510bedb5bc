package dev.secondaryorigin.testing.openapi;

/** An error answer of an OpenAPI action: HTTP status, service error code and message. */
public final class OpenApiError extends RuntimeException {
    private final int status;
    private final String code;

    public OpenApiError(int status, String code, String message) {
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

    public static OpenApiError notFound(String code, String message) {
        return new OpenApiError(404, code, message);
    }

    public static OpenApiError conflict(String code, String message) {
        return new OpenApiError(409, code, message);
    }

    public static OpenApiError badRequest(String code, String message) {
        return new OpenApiError(400, code, message);
    }
}
