package dev.secondaryorigin.tasks;

import com.google.gson.JsonObject;

import java.time.Instant;
import java.util.Optional;

/** One line of {@code task list}: a task with its state, last run and next run, or an invalid document. */
public final class TaskView {
    /** Where a task stands now. */
    public enum State { IDLE, RUNNING, UNFINISHED, INVALID }

    private final String name;
    private final TaskDefinition task;
    private final String problem;
    private final State state;
    private final RunRecord lastRun;
    private final Instant nextRun;

    TaskView(String name, TaskDefinition task, String problem, State state, RunRecord lastRun, Instant nextRun) {
        this.name = name;
        this.task = task;
        this.problem = problem;
        this.state = state;
        this.lastRun = lastRun;
        this.nextRun = nextRun;
    }

    public String name() {
        return name;
    }

    public Optional<TaskDefinition> task() {
        return Optional.ofNullable(task);
    }

    public String problem() {
        return problem;
    }

    public State state() {
        return state;
    }

    public Optional<RunRecord> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    public Optional<Instant> nextRun() {
        return Optional.ofNullable(nextRun);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("state", state.name().toLowerCase(java.util.Locale.ROOT));
        if (task != null) {
            o.addProperty("domain", task.config().domain());
            o.addProperty("target", task.config().target());
            o.addProperty("schedule", task.schedule().describe());
        } else {
            o.addProperty("error", problem);
        }
        if (nextRun != null) {
            o.addProperty("nextRun", nextRun.toString());
        }
        if (lastRun != null) {
            o.add("lastRun", lastRun.toJson());
        }
        return o;
    }
}
