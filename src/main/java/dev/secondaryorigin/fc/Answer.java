package dev.secondaryorigin.fc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;

/** The function's answer to one action: an HTTP-style status and a JSON body. */
final class Answer {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    final int status;
    final JsonObject json;

    Answer(int status, JsonObject json) {
        this.status = status;
        this.json = json;
    }

    static Answer ok(JsonObject json) {
        return new Answer(200, json);
    }

    /** {"ok":false,"status":..,"error":code,"message":..}. */
    static Answer error(int status, String code, String message) {
        return new Answer(status, errorJson(status, code, message));
    }

    static JsonObject errorJson(int status, String code, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("status", status);
        o.addProperty("error", code);
        o.addProperty("message", message);
        return o;
    }

    /** The body alone, as a timer, a direct invoke and a CDN event get it. */
    byte[] bytes() {
        return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse http() {
        return HttpResponse.json(status, json);
    }
}
