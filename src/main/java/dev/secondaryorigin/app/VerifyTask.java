package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.sync.Verifier;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;

/**
 * Is every object the manifest records really in the secondary origin (size, MD5), and, through an HTTP base,
 * servable? Holds the one rule for "the backup is ready".
 */
public final class VerifyTask {
    private final Environment env;

    public VerifyTask(Environment env) {
        this.env = env;
    }

    /**
     * {@code taskName} null: the only task in the store. {@code via}, {@code host}: optional HTTP base and Host
     * header. {@code mustExist}: a directory that holds no backup is an error rather than created.
     */
    public VerifyResult run(TaskConfig storeConfig, String taskName, String via, String host, int concurrency,
                            boolean mustExist) throws IOException {
        try (ObjectStore store = env.open(storeConfig, mustExist)) {
            String task = Tasks.resolve(store, taskName);
            JsonObject r = new Verifier(store, task, via, host, concurrency).run();
            return new VerifyResult(task, store.describe(), r);
        }
    }
}
