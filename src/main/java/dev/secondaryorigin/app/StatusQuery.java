package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.state.LeaseInfo;
import dev.secondaryorigin.state.PassHistory;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads what the tasks in a store look like (status) and the reports they kept. Writes nothing. */
public final class StatusQuery {
    private final Environment env;

    public StatusQuery(Environment env) {
        this.env = env;
    }

    /** The store's description and its tasks' statuses, by task name. */
    public static final class StoreStatus {
        private final String target;
        private final List<TaskStatus> tasks;

        StoreStatus(String target, List<TaskStatus> tasks) {
            this.target = target;
            this.tasks = tasks;
        }

        public String target() {
            return target;
        }

        public List<TaskStatus> tasks() {
            return tasks;
        }
    }

    /**
     * Every task kept in the store ({@code taskName} null), or the one named. {@code mustExist}: a directory
     * that holds no backup is an error rather than created.
     */
    public StoreStatus run(TaskConfig storeConfig, String taskName, boolean mustExist) throws IOException {
        try (ObjectStore store = env.open(storeConfig, mustExist)) {
            Collection<String> names = taskName != null ? java.util.Collections.singleton(taskName)
                    : StateRepository.tasks(store);
            List<TaskStatus> out = new ArrayList<>();
            for (String t : names) {
                out.add(status(new StateRepository(store, t), t));
            }
            return new StoreStatus(store.describe(), out);
        }
    }

    private static TaskStatus status(StateRepository state, String task) throws IOException {
        Optional<JsonObject> last = state.lastReport();
        Optional<LeaseInfo> held = state.lease();
        return new TaskStatus(task, last.orElse(null), held.orElse(null),
                held.isPresent() && held.get().expired(System.currentTimeMillis()),
                state.loadCheckpoint().isPresent(), state.store().head(state.publishMarkerKey()).isPresent(),
                new PassHistory(state).rollbackTargets(), ManifestStats.of(state.loadManifest()));
    }

    /** One kept report of the task by pass id; empty when there is none (or the id is not one). */
    public Optional<JsonObject> report(TaskConfig config, String passId) throws IOException {
        try (ObjectStore store = env.openStore(config)) {
            return new StateRepository(store, config.taskName()).report(passId);
        }
    }
}
