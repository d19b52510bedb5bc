package dev.secondaryorigin.app;

import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.task.ConfigException;
import java.io.IOException;
import java.util.SortedSet;

/** Which task a command that reads a backup means when it was not told. */
final class Tasks {
    private Tasks() {
    }

    /** {@code named} when given, else the only task in the store; none or several is bad input. */
    static String resolve(ObjectStore store, String named) throws IOException {
        if (named != null) {
            return named;
        }
        SortedSet<String> tasks = StateRepository.tasks(store);
        if (tasks.size() == 1) {
            return tasks.first();
        }
        if (tasks.isEmpty()) {
            throw new ConfigException("target", store.describe() + " holds no task's state: no pass has run against it");
        }
        throw new ConfigException("task-name", "is required: the target holds several tasks: " + String.join(", ", tasks));
    }
}
