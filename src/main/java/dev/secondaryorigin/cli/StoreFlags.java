package dev.secondaryorigin.cli;

import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The store options ({@code --target}, {@code --oss-endpoint}, ...) for commands that read a backup
 * without syncing it. They come from the same option table as {@code sync}'s.
 */
final class StoreFlags {
    static final String[] NAMES = {"target", "oss-endpoint", "oss-region", "multipart-threshold"};

    private StoreFlags() {
    }

    static void addTo(CommandSpec spec) {
        TaskFlags.addTo(spec, NAMES);
    }

    /**
     * The store options, checked; the placeholder origin only satisfies TaskConfig and is never contacted.
     * Commands call this before anything else, so a bad option is an error before any work.
     */
    static TaskConfig config(CommandSpec spec) {
        Map<String, List<String>> raw = TaskFlags.values(spec);
        raw.put("origin", Collections.singletonList("http://127.0.0.1/"));
        return TaskConfig.parse(raw);
    }

    /** A task name given to a command that reads a backup: the same rule as sync's --task-name. */
    static void checkTaskName(String taskName) {
        if (taskName != null) {
            Map<String, List<String>> raw = new java.util.HashMap<>();
            raw.put("origin", Collections.singletonList("http://127.0.0.1/"));
            raw.put("task-name", Collections.singletonList(taskName));
            TaskConfig.parse(raw);
        }
    }
}
