package dev.secondaryorigin.cli;

import dev.secondaryorigin.tasks.RunRecord;
import dev.secondaryorigin.tasks.TaskView;

/** The human lines of {@code task list} and {@code task history}. */
final class TaskLines {
    private TaskLines() {
    }

    static String line(TaskView v) {
        String state = v.state().name().toLowerCase(java.util.Locale.ROOT);
        if (!v.task().isPresent()) {
            return String.format("%-24s %-10s %s", v.name(), state, v.problem());
        }
        return String.format("%-24s %-10s %-40s %-22s %s", v.name(), state, v.task().get().schedule().describe(),
                v.nextRun().map(Object::toString).orElse("never"),
                v.lastRun().map(TaskLines::lastRun).orElse("-"));
    }

    private static String lastRun(RunRecord r) {
        return r.outcome().result() + " (exit " + r.outcome().exitCode() + ") " + r.finishedAt();
    }

    static String line(RunRecord r) {
        return String.format("%-26s %-20s %-21s %4d s  %s", r.firing().id(), r.startedAt(),
                r.outcome().result() + " (exit " + r.outcome().exitCode() + ")",
                java.time.Duration.between(r.startedAt(), r.finishedAt()).getSeconds(),
                r.outcome().message() == null ? "" : r.outcome().message());
    }
}
