package dev.secondaryorigin.fc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * An event the function cannot act on: not JSON, too large, or of no accepted shape. Carries an
 * HTTP-style status (400, 413) and a message that says what was wrong and what is accepted.
 */
public final class InvalidEvent extends Exception {
    /** The event shapes the function accepts, for error messages. */
    public static final String[] ACCEPTED_SHAPES = {
        "timer trigger: {\"triggerTime\":\"...\",\"triggerName\":\"...\",\"payload\":\"{\\\"full\\\":true}\"}",
        "direct invoke: {\"action\":\"sync\"|\"status\"|\"verify\", ...option overrides such as \"full\":true}",
        "HTTP trigger (FC 3.0): {\"version\",\"rawPath\",\"headers\",\"queryParameters\",\"body\","
                + "\"isBase64Encoded\",\"requestContext\"}",
        "CDN event: {\"events\":[{\"eventSource\":\"cdn\",\"eventName\":\"LogFileCreated\",\"eventParameter\":{...}}]}"
    };

    private final int status;
    private final String code;

    public InvalidEvent(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static InvalidEvent badRequest(String message) {
        return new InvalidEvent(400, "InvalidEvent", message);
    }

    /** HTTP-style status: 400 malformed, 413 too large. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** {@code {"ok":false,"status":400,"error":"InvalidEvent","message":...,"accepted":[...]}}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("status", status);
        o.addProperty("error", code);
        o.addProperty("message", getMessage());
        JsonArray shapes = new JsonArray();
        for (String s : ACCEPTED_SHAPES) {
            shapes.add(s);
        }
        o.add("accepted", shapes);
        return o;
    }
}
