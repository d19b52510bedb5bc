package dev.secondaryorigin.state;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Who holds a task's lease and until when. */
public final class LeaseInfo {
    private final String holder;
    private final String where;
    private final long acquiredAt;
    private final long expiresAt;

    public LeaseInfo(String holder, String where, long acquiredAt, long expiresAt) {
        this.holder = holder;
        this.where = where;
        this.acquiredAt = acquiredAt;
        this.expiresAt = expiresAt;
    }

    public String holder() {
        return holder;
    }

    public String where() {
        return where;
    }

    public long acquiredAt() {
        return acquiredAt;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public boolean expired(long now) {
        return now >= expiresAt;
    }

    public String describe() {
        return holder + " (" + where + "), since " + Instant.ofEpochMilli(acquiredAt) + ", expires "
                + Instant.ofEpochMilli(expiresAt);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("holder", holder);
        o.addProperty("where", where);
        o.addProperty("acquiredAt", Instant.ofEpochMilli(acquiredAt).toString());
        o.addProperty("expiresAt", Instant.ofEpochMilli(expiresAt).toString());
        o.addProperty("acquiredAtMillis", acquiredAt);
        o.addProperty("expiresAtMillis", expiresAt);
        return o;
    }

    byte[] toBytes() {
        return toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    static LeaseInfo fromBytes(byte[] b) {
        JsonObject o = JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
        return new LeaseInfo(o.get("holder").getAsString(), o.has("where") ? o.get("where").getAsString() : "?",
                o.get("acquiredAtMillis").getAsLong(), o.get("expiresAtMillis").getAsLong());
    }
}
