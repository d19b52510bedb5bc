package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the FC handler answered, read the way FC's caller would: an HTTP-shaped answer by its
 * {@code statusCode}, a JSON answer by its {@code ok}, {@code status} and {@code exitCode}. Gives
 * {@code invoke} its exit code, so a script running it sees a failed invocation fail.
 */
final class HandlerAnswer {
    private final int status;
    private final boolean ok;
    private final Integer exitCode;
    private final String error;
    private final String message;

    private HandlerAnswer(int status, boolean ok, Integer exitCode, String error, String message) {
        this.status = status;
        this.ok = ok;
        this.exitCode = exitCode;
        this.error = error;
        this.message = message;
    }

    static HandlerAnswer of(byte[] response) {
        JsonObject o = object(new String(response, StandardCharsets.UTF_8));
        if (o == null) {
            return new HandlerAnswer(500, false, null, "NotJson", "the answer is not a JSON object");
        }
        int status = 200;
        if (o.has("statusCode") && o.get("statusCode").isJsonPrimitive()) {
            status = o.get("statusCode").getAsInt();
            JsonObject body = null;
            if (o.has("body") && o.get("body").isJsonPrimitive()) {
                String text = o.get("body").getAsString();
                if (o.has("isBase64Encoded") && o.get("isBase64Encoded").getAsBoolean()) {
                    try {
                        text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        text = "";
                    }
                }
                body = object(text);
            }
            o = body == null ? new JsonObject() : body;
        } else if (o.has("status") && o.get("status").isJsonPrimitive() && o.get("status").getAsJsonPrimitive().isNumber()) {
            status = o.get("status").getAsInt();
        }
        boolean ok = status < 400 && !(o.has("ok") && o.get("ok").isJsonPrimitive() && !o.get("ok").getAsBoolean());
        Integer exit = o.has("exitCode") && o.get("exitCode").isJsonPrimitive() ? o.get("exitCode").getAsInt() : null;
        return new HandlerAnswer(status, ok, exit, text(o, "error", text(o, "result", null)), text(o, "message", null));
    }

    boolean isError() {
        return !ok;
    }

    /**
     * 0 for an answer that is not an error; else the answer's own {@code exitCode} (a sync's result),
     * 2 for a refused event (4xx), 4 for a held lease (409) and 1 for anything else.
     */
    int exitCode() {
        if (ok) {
            return ExitCodes.OK;
        }
        if (exitCode != null && exitCode != 0) {
            return exitCode;
        }
        if (status == 409) {
            return ExitCodes.LEASE_HELD;
        }
        return status >= 400 && status < 500 ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
    }

    /** "500 InvalidConfiguration: SECONDARY_ORIGIN is required ..." */
    String describe() {
        StringBuilder b = new StringBuilder().append(status);
        if (error != null) {
            b.append(' ').append(error);
        }
        if (message != null) {
            b.append(": ").append(message);
        }
        return b.toString();
    }

    private static String text(JsonObject o, String name, String fallback) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    private static JsonObject object(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException | IllegalStateException e) {
            return null;
        }
    }
}
