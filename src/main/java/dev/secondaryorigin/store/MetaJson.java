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

    /** Writes {@code meta}'s fields, with {@code size} as the size, as members of the object {@code j} is in. */
    static JsonLine write(ObjectMeta meta, long size, JsonLine j) {
        for (Map.Entry<String, String> h : meta.httpHeaders().entrySet()) {
            j.string(h.getKey(), h.getValue());
        }
        j.number("size", size);
        if (meta.md5() != null) {
            j.string("md5", meta.md5());
        }
        j.beginObject("meta");
        for (Map.Entry<String, String> e : meta.userMeta().entrySet()) {
            j.string(e.getKey(), e.getValue());
        }
        return j.endObject();
    }

    /** {@code meta} as one JSON object, the shape of an older version's sidecar file. */
    public static byte[] toJson(ObjectMeta meta) {
        return write(meta, meta.size(), new JsonLine().beginObject()).endObject().toByteArray();
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
