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
        "direct invoke: {\"action\":\"sync\"|\"status\"|\"verify\", ...option overrides such as \"full\":true} "
                + "or {\"action\":\"drill\"[,\"sample\":N|\"all\":true][,\"via\":\"https://...\"][,\"minReady\":100]}",
        "HTTP trigger (FC 3.0): {\"version\",\"rawPath\",\"headers\",\"queryParameters\",\"body\","
                + "\"isBase64Encoded\",\"requestContext\"}",
        "CDN event: {\"events\":[{\"eventSource\":\"cdn\",\"eventName\":\"LogFileCreated\",\"eventParameter\":{...}}]}"
    };

    private final int status;
    private final String code;
    private final boolean httpShaped;

    public InvalidEvent(int status, String code, String message) {
        this(status, code, message, false);
    }

    private InvalidEvent(int status, String code, String message, boolean httpShaped) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.httpShaped = httpShaped;
    }

    /** The same error, known to come from an HTTP trigger (so the answer takes the HTTP response shape). */
    InvalidEvent asHttp() {
        return new InvalidEvent(status, code, getMessage(), true);
    }

    /** Whether the event came through the HTTP trigger, so the answer must be an HTTP response. */
    public boolean httpShaped() {
        return httpShaped;
    }

    /** The answer for the HTTP trigger. */
    public HttpResponse toHttpResponse() {
        return HttpResponse.error(status, code, getMessage());
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
