package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;

/**
 * The outcome of one invocation of a pass, as kept in the reports and printed by the front ends (which map
 * {@link Result} to exit codes and HTTP statuses: {@code app.ExitCodes}, {@code fc.HttpStatuses}).
 */
public final class PassReport {
    /** How an invocation ended. */
    public enum Result {
        /** The whole site was visited; the backup is current. */
        COMPLETE("complete"),
        /** The budget ran out (or a stop was asked for); the next run resumes. */
        INCOMPLETE("incomplete"),
        /** The origin is down or failing; the backup was left as it was. */
        ORIGIN_UNHEALTHY("origin-unhealthy"),
        /**
         * The origin answers, but the soft-failure gate judged its answers a failure (one page for every URL,
         * empty bodies, images turned HTML...); nothing was published, the backup is as it was.
         */
        ORIGIN_SUSPECT("origin-suspect"),
        /** Another pass holds the task. */
        LEASE_HELD("lease-held"),
        /** This pass lost its lease to another and stopped. */
        LEASE_LOST("lease-lost");

        private final String id;

        Result(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Result result;
    private final JsonObject json;

    PassReport(Result result, JsonObject json) {
        this.result = result;
        this.json = json;
    }

    public Result result() {
        return result;
    }

    public boolean complete() {
        return result == Result.COMPLETE;
    }

    public String passId() {
        return json.has("passId") ? json.get("passId").getAsString() : null;
    }

    public long number(String field) {
        return json.has(field) ? json.get(field).getAsLong() : 0;
    }

    /** A copy of the report as JSON. */
    /** True when a complete pass left URLs out ({@code cutShort}: at {@code --max-objects} or for memory). */
    public boolean cutShort() {
        return json.has("cutShort");
    }

    public JsonObject toJson() {
        return json.deepCopy();
    }
}
