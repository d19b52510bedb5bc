package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Collections;
import java.util.List;

/** The soft-failure gate's judgement of a pass: suspect or not, why, and the counters behind it. */
public final class GateVerdict {
    private final boolean suspect;
    private final List<String> reasons;
    private final JsonObject counters;

    GateVerdict(boolean suspect, List<String> reasons, JsonObject counters) {
        this.suspect = suspect;
        this.reasons = Collections.unmodifiableList(reasons);
        this.counters = counters;
    }

    public boolean suspect() {
        return suspect;
    }

    public List<String> reasons() {
        return reasons;
    }

    /** The report's {@code gate} object; {@code accepted} when the user pushed a suspect pass through. */
    public JsonObject toJson(boolean accepted) {
        JsonObject o = counters.deepCopy();
        o.remove("bodies");
        o.addProperty("verdict", !suspect ? "pass" : accepted ? "accepted" : "suspect");
        JsonArray r = new JsonArray();
        reasons.forEach(r::add);
        o.add("reasons", r);
        return o;
    }
}
