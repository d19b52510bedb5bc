package dev.secondaryorigin.tasks;

import com.google.gson.JsonObject;

import java.time.Instant;

/** One run of a task as {@code task history} shows it: which firing, when, and how it ended. Immutable. */
public final class RunRecord {
    private final TaskName task;
    private final Firing firing;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final RunOutcome outcome;
    private final String where;

    public RunRecord(TaskName task, Firing firing, Instant startedAt, Instant finishedAt, RunOutcome outcome,
                     String where) {
        this.task = task;
        this.firing = firing;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.outcome = outcome;
        this.where = where;
    }

    public TaskName task() {
        return task;
    }

    public Firing firing() {
        return firing;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public RunOutcome outcome() {
        return outcome;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("task", task.value());
        o.addProperty("firing", firing.id());
        o.addProperty("reason", firing.reason().name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("startedAt", startedAt.toString());
        o.addProperty("finishedAt", finishedAt.toString());
        o.addProperty("seconds", java.time.Duration.between(startedAt, finishedAt).getSeconds());
        o.addProperty("result", outcome.result());
        o.addProperty("exitCode", outcome.exitCode());
        if (outcome.message() != null) {
            o.addProperty("message", outcome.message());
        }
        o.addProperty("where", where);
        return o;
    }

    static RunRecord fromJson(JsonObject o) {
        Firing f = Firing.parse(o.get("firing").getAsString());
        if (f == null) {
            throw new IllegalArgumentException("bad firing");
        }
        return new RunRecord(TaskName.parse("task", o.get("task").getAsString()), f,
                Instant.parse(o.get("startedAt").getAsString()), Instant.parse(o.get("finishedAt").getAsString()),
                new RunOutcome(o.get("result").getAsString(), o.get("exitCode").getAsInt(),
                        o.has("message") ? o.get("message").getAsString() : null),
                o.has("where") ? o.get("where").getAsString() : "?");
    }
}
