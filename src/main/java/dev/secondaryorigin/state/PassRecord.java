package dev.secondaryorigin.state;

import com.google.gson.JsonObject;

/** A published pass one may roll back to or past: when it finished and what it changed. */
public final class PassRecord {
    private final String passId;
    private final String finishedAt;
    private final long added;
    private final long replaced;
    private final long deleted;

    public PassRecord(String passId, String finishedAt, long added, long replaced, long deleted) {
        this.passId = passId;
        this.finishedAt = finishedAt;
        this.added = added;
        this.replaced = replaced;
        this.deleted = deleted;
    }

    public String passId() {
        return passId;
    }

    public String finishedAt() {
        return finishedAt;
    }

    public long added() {
        return added;
    }

    public long replaced() {
        return replaced;
    }

    public long deleted() {
        return deleted;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("passId", passId);
        o.addProperty("finishedAt", finishedAt);
        o.addProperty("added", added);
        o.addProperty("replaced", replaced);
        o.addProperty("deleted", deleted);
        return o;
    }

    static PassRecord fromJson(JsonObject o) {
        return new PassRecord(o.get("passId").getAsString(), o.has("finishedAt") ? o.get("finishedAt").getAsString() : "",
                num(o, "added"), num(o, "replaced"), num(o, "deleted"));
    }

    private static long num(JsonObject o, String k) {
        return o.has(k) ? o.get(k).getAsLong() : 0;
    }
}
