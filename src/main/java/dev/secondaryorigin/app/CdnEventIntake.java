package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.CdnUrlSources;
import dev.secondaryorigin.cdn.TaskCdn;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A CDN {@code LogFileCreated} event: reads each new log file of the task's domain and adds the URLs answered 200
 * to the task's pending seeds, which the next pass visits. Files of other domains are skipped.
 */
public final class CdnEventIntake {
    /** One log file the event names. */
    public static final class LogFile {
        final String domain;
        final String path;
        final String safePath;

        /** {@code safePath}: the path as it may be shown (without a signed URL's query). */
        public LogFile(String domain, String path, String safePath) {
            this.domain = domain;
            this.path = path;
            this.safePath = safePath;
        }
    }

    public enum FileResult { READ, SKIPPED, FAILED }

    /** What became of one file. */
    public static final class FileOutcome {
        private final String domain;
        private final String file;
        private final FileResult result;
        private final String message;

        FileOutcome(String domain, String file, FileResult result, String message) {
            this.domain = domain;
            this.file = file;
            this.result = result;
            this.message = message;
        }

        public String domain() {
            return domain;
        }

        public String file() {
            return file;
        }

        public FileResult result() {
            return result;
        }

        /** Why it was skipped; null otherwise. */
        public String message() {
            return message;
        }
    }

    /** What the event led to: nothing readable (ignored), or seeds queued. */
    public static final class Outcome {
        private final List<FileOutcome> files;
        private final JsonObject sources;
        private final boolean queued;
        private final int added;
        private final int pending;

        Outcome(List<FileOutcome> files, JsonObject sources, boolean queued, int added, int pending) {
            this.files = Collections.unmodifiableList(files);
            this.sources = sources;
            this.queued = queued;
            this.added = added;
            this.pending = pending;
        }

        public List<FileOutcome> files() {
            return files;
        }

        /** The URL sources' counts (lines read, malformed, URLs). */
        public JsonObject sources() {
            return sources.deepCopy();
        }

        /** False when no file of the task's domain could be read: nothing was queued. */
        public boolean queued() {
            return queued;
        }

        /** URLs newly queued. */
        public int added() {
            return added;
        }

        /** URLs pending for the next pass, after this event. */
        public int pending() {
            return pending;
        }
    }

    private final Environment env;

    public CdnEventIntake(Environment env) {
        this.env = env;
    }

    /**
     * {@code log} gets a line per file that could not be read. Throws {@link IllegalArgumentException} for a bad
     * CDN endpoint, {@link SeedsNotSaved} when the store refused the seeds.
     */
    public Outcome run(TaskConfig config, List<LogFile> files, Consumer<String> log) throws IOException {
        TaskCdn cdn = env.cdn(config);
        CdnUrlSources sources = cdn.logFileSources();
        List<FileOutcome> out = new ArrayList<>();
        int read = 0;
        for (LogFile f : files) {
            if (!cdn.ownsDomain(f.domain)) {
                out.add(new FileOutcome(f.domain, f.safePath, FileResult.SKIPPED,
                        "domain " + f.domain + " is not this task's (" + config.domain() + ")"));
            } else if (sources.logFile(f.path, log)) {
                out.add(new FileOutcome(f.domain, f.safePath, FileResult.READ, null));
                read++;
            } else {
                out.add(new FileOutcome(f.domain, f.safePath, FileResult.FAILED, null));
            }
        }
        if (read == 0) {
            return new Outcome(out, sources.toJson(), false, 0, 0);
        }
        try (ObjectStore store = env.openStore(config)) {
            StateRepository state = new StateRepository(store, config.taskName());
            int added = state.addPendingSeeds(sources.urls(), config.cdnSeedsMax());
            return new Outcome(out, sources.toJson(), true, added, state.loadPendingSeeds().size());
        } catch (IOException | RuntimeException e) {
            throw new SeedsNotSaved(e);
        }
    }

    /** The files were read, but the seeds could not be saved in the task's store. */
    public static final class SeedsNotSaved extends IOException {
        SeedsNotSaved(Exception cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
