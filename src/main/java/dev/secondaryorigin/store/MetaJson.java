package dev.secondaryorigin.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;

/**
 * The JSON shape of an object's metadata in a local target: the kept HTTP headers by name, {@code size}, {@code md5}
 * and the user metadata under {@code meta}. The metadata logs' records and the sidecar files of older versions share
 * it, so one reader serves both.
 */
public final class MetaJson {
    private static final String[] HEADERS = {"Content-Type", "Cache-Control", "Content-Encoding",
            "Content-Language", "Content-Disposition", "Expires"};

    private MetaJson() {
    }

    /** Adds {@code meta}'s fields to {@code o}. */
    public static JsonObject write(ObjectMeta meta, JsonObject o) {
        for (Map.Entry<String, String> h : meta.httpHeaders().entrySet()) {
            o.addProperty(h.getKey(), h.getValue());
        }
        o.addProperty("size", meta.size());
        if (meta.md5() != null) {
            o.addProperty("md5", meta.md5());
        }
        JsonObject user = new JsonObject();
        for (Map.Entry<String, String> e : meta.userMeta().entrySet()) {
            user.addProperty(e.getKey(), e.getValue());
        }
        o.add("meta", user);
        return o;
    }

    /**
     * Sets what {@code o} holds on {@code b}. The MD5 counts only when the recorded size is {@code size}, the size of
     * the bytes now stored: an MD5 that describes other bytes is worse than none. Fields of the wrong type (a damaged
     * or hand-edited file) throw {@link IllegalStateException} or {@link UnsupportedOperationException}.
     */
    static void read(JsonObject o, long size, ObjectMeta.Builder b) {
        for (String h : HEADERS) {
            if (o.has(h)) {
                b.header(h, o.get(h).getAsString());
            }
        }
        if (o.has("md5") && o.has("size") && o.get("size").getAsLong() == size) {
            b.md5(o.get("md5").getAsString());
        }
        if (o.has("meta")) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("meta").entrySet()) {
                b.userMeta(e.getKey(), e.getValue().getAsString());
            }
        }
    }
}
