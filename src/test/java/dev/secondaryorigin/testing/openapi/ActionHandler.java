package dev.secondaryorigin.testing.openapi;

import com.google.gson.JsonObject;

/**
 * Answers one OpenAPI action. Returns the response body without {@code RequestId} (the emulator adds
 * it), or throws {@link OpenApiError} for an error answer.
 */
@FunctionalInterface
public interface ActionHandler {
    JsonObject handle(RecordedCall call);
}
