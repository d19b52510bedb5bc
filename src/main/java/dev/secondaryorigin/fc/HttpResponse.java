package dev.secondaryorigin.fc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response in the FC 3.0 HTTP trigger shape: {@code {"statusCode","headers","body","isBase64Encoded"}}.
 * Immutable; {@code with...} methods return a copy.
 */
public final class HttpResponse {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final int statusCode;
    private final Map<String, String> headers;
    private final String body;
    private final boolean base64;

    private HttpResponse(int statusCode, Map<String, String> headers, String body, boolean base64) {
        this.statusCode = statusCode;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
        this.base64 = base64;
    }

    public static HttpResponse json(int status, JsonElement body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("Cache-Control", "no-store");
        return new HttpResponse(status, h, GSON.toJson(body), false);
    }

    /** {@code {"ok":false,"status":N,"error":code,"message":message}}. */
    public static HttpResponse error(int status, String code, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("status", status);
        o.addProperty("error", code);
        o.addProperty("message", message);
        return json(status, o);
    }

    public static HttpResponse text(int status, String text) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        return new HttpResponse(status, h, text, false);
    }

    public static HttpResponse binary(int status, String contentType, byte[] bytes) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        return new HttpResponse(status, h, Base64.getEncoder().encodeToString(bytes), true);
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(statusCode, h, body, base64);
    }

    public int statusCode() {
        return statusCode;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body as sent: text, or base64 when {@link #isBase64Encoded()}. */
    public String body() {
        return body;
    }

    public boolean isBase64Encoded() {
        return base64;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("statusCode", statusCode);
        JsonObject h = new JsonObject();
        headers.forEach(h::addProperty);
        o.add("headers", h);
        o.addProperty("body", body);
        o.addProperty("isBase64Encoded", base64);
        return o;
    }

    public byte[] toBytes() {
        return GSON.toJson(toJson()).getBytes(StandardCharsets.UTF_8);
    }
}
