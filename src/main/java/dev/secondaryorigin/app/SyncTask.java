package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.TaskCdn;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassReport;
import dev.secondaryorigin.sync.StoredPaths;
import dev.secondaryorigin.sync.SyncPass;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One sync of a task, however it was triggered: CDN seeds (top URLs, logs) → a {@link SyncPass} whose stored
 * paths are collected → CDN warm-up of those paths. {@link #requestStop} may come from another thread (Ctrl-C,
 * SIGTERM, FC's pre-stop) at any time, also before the pass has started.
 */
public final class SyncTask {
    /** Stored paths kept for the warm-up; beyond this the pass still runs, the warm-up gets the first ones. */
    private static final int MAX_STORED_PATHS = 1_000_000;

    private final Environment env;
    private final TaskConfig config;
    private PassListener listener = PassListener.NONE;
    private Consumer<String> cdnLog = line -> { };
    private Consumer<String> storeOpened = target -> { };
    private final Object lock = new Object();
    private SyncPass pass;
    private boolean stopRequested;

    public SyncTask(Environment env, TaskConfig config) {
        this.env = env;
        this.config = config;
    }

    /** Sees the pass's progress and URL failures. */
    public SyncTask listener(PassListener l) {
        this.listener = l;
        return this;
    }

    /** Gets the CDN sources' and warm-up's notes (a source skipped, a log not read). */
    public SyncTask cdnLog(Consumer<String> log) {
        this.cdnLog = log;
        return this;
    }

    /** Told the store's description once it is open, before any work. */
    public SyncTask onStoreOpened(Consumer<String> c) {
        this.storeOpened = c;
        return this;
    }

    /** The pass stops taking work, lets requests in flight finish and checkpoints; the next run resumes. */
    public void requestStop() {
        synchronized (lock) {
            stopRequested = true;
            if (pass != null) {
                pass.requestStop();
            }
        }
    }

    public SyncResult run(Deadline deadline) throws IOException {
        TaskCdn cdn = env.cdn(config);
        JsonObject cdnSources = new JsonObject();
        StoredPaths stored = new StoredPaths(listener, MAX_STORED_PATHS);
        PassReport report;
        try (ObjectStore store = env.openStore(config)) {
            storeOpened.accept(store.describe());
            List<String> seeds = cdn.seeds(cdnSources, cdnLog);
            SyncPass p = new SyncPass(config, store, stored).extraSeeds(seeds);
            synchronized (lock) {
                pass = p;
                if (stopRequested) {
                    p.requestStop();
                }
            }
            try {
                report = p.run(deadline);
            } finally {
                synchronized (lock) {
                    pass = null;
                }
            }
        }
        return new SyncResult(report, cdn.wantsSeeds() ? cdnSources : null, cdn.warmup(stored.paths()));
    }
}
