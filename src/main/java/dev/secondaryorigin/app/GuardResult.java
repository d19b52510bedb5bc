package dev.secondaryorigin.app;

import com.google.gson.JsonObject;

/** What one guard run did ({@code action}: skipped, none, switched...) and the guard's state after it. */
public final class GuardResult {
    private final JsonObject state;

    GuardResult(JsonObject state) {
        this.state = state;
    }

    /** What the run did, as the guard names it. */
    public String action() {
        return state.get("action").getAsString();
    }

    /** The origins' mode after the run; null when the run was skipped. */
    public String mode() {
        return state.has("mode") ? state.get("mode").getAsString() : null;
    }

    public JsonObject toJson() {
        return state.deepCopy();
    }
}
