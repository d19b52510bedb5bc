package dev.secondaryorigin.app;

import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.state.PassHistory;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.sync.Rollback;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.List;

/** Puts a task's backup back as it was after an earlier pass, under the task's lease. */
public final class RollbackTask {
    private final Environment env;

    public RollbackTask(Environment env) {
        this.env = env;
    }

    /**
     * {@code taskName} null: the only task in the store. {@code toPass} null: nothing is done, the result lists
     * the passes one can roll back to. {@code mustExist}: a directory that holds no backup is an error.
     */
    public RollbackResult run(TaskConfig storeConfig, String taskName, String toPass, long leaseMillis,
                              boolean mustExist) throws IOException {
        try (ObjectStore store = env.open(storeConfig, mustExist)) {
            String task = Tasks.resolve(store, taskName);
            StateRepository state = new StateRepository(store, task);
            if (toPass == null) {
                List<String> valid = new PassHistory(state).rollbackTargetIds();
                return RollbackResult.missingPass(task, store.describe(), valid);
            }
            try {
                return RollbackResult.done(task, store.describe(), new Rollback(state).run(toPass, leaseMillis));
            } catch (Rollback.UnknownPassException e) {
                return RollbackResult.refused(RollbackResult.Kind.UNKNOWN_PASS, task, store.describe(), e.getMessage(),
                        e.valid());
            } catch (LeaseHeldException e) {
                return RollbackResult.refused(RollbackResult.Kind.LEASE_HELD, task, store.describe(), e.getMessage(),
                        java.util.Collections.emptyList());
            }
        }
    }
}
