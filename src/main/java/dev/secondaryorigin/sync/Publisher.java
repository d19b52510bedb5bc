package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.PassHistory;
import dev.secondaryorigin.state.PassRecord;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes a judged pass visible: moves its staged objects into place and applies its deletions, keeping
 * each replaced or deleted object under the pass's record for rollback. Journaled: {@link #begin} writes
 * the list of changes and a marker first, so a run killed in the middle is finished by the next one
 * ({@link #finishInterrupted}); every step can be repeated, and each key holds its old object or its new
 * one at every moment (moves and copies replace atomically).
 */
public final class Publisher {
    private final StateRepository state;
    private final PassHistory history;
    private final ObjectStore store;
    private final int keepPasses;
    private final int threads;
    /** Steps handed to the pool at a time: enough to keep its threads busy, few enough to be small. */
    private static final int BATCH = 8192;

    /** What a publish did. */
    public static final class Outcome {
        private final String passId;
        private final boolean finished;
        private final long published;
        private final long deleted;
        private final long previousKept;
        private final long versionsExpired;
        private final long refused;
        private final List<String> publishedPaths;

        Outcome(String passId, boolean finished, long published, long deleted, long previousKept,
                long versionsExpired, long refused, List<String> publishedPaths) {
            this.refused = refused;
            this.passId = passId;
            this.finished = finished;
            this.published = published;
            this.deleted = deleted;
            this.previousKept = previousKept;
            this.versionsExpired = versionsExpired;
            this.publishedPaths = publishedPaths;
        }

        public String passId() {
            return passId;
        }

        /** False when the time budget ran out or a step failed: the marker stays and the next run finishes. */
        public boolean finished() {
            return finished;
        }

        public long published() {
            return published;
        }

        public long deleted() {
            return deleted;
        }

        public long previousKept() {
            return previousKept;
        }

        public long versionsExpired() {
            return versionsExpired;
        }

        /** Keys that became unwritable between staging and publishing (a symbolic link appeared); skipped. */
        public long refused() {
            return refused;
        }

        /** Site paths whose objects were published, for warm-up. */
        public List<String> publishedPaths() {
            return publishedPaths;
        }
    }

    public Publisher(StateRepository state, int keepPasses, int threads) {
        this.state = state;
        this.history = new PassHistory(state);
        this.store = state.store();
        this.keepPasses = keepPasses;
        this.threads = Math.max(1, threads);
    }

    /**
     * Records the pass's changes and manifest, then the marker. From here on the pass counts as judged:
     * it is published by this run or finished by the next.
     */
    public void begin(String passId, HeldChanges held, Manifest manifest) throws IOException {
        history.saveChanges(passId, held);
        store.putState(history.manifestKey(passId), manifest::writeGzip, "application/gzip");
        JsonObject marker = new JsonObject();
        marker.addProperty("passId", passId);
        marker.addProperty("startedAt", Instant.now().toString());
        state.writeJson(state.publishMarkerKey(), marker);
    }

    /** Finishes a publish that an earlier run began; empty when none is pending. */
    public Optional<Outcome> finishInterrupted(Deadline deadline) throws IOException {
        Optional<JsonObject> marker = state.readJsonObject(state.publishMarkerKey());
        if (!marker.isPresent() || !marker.get().has("passId")) {
            return Optional.empty();
        }
        return Optional.of(run(marker.get().get("passId").getAsString(), deadline, true));
    }

    /**
     * Applies the recorded changes of {@code passId}. {@code resumed} makes every step check what an earlier
     * run already did; a fresh publish knows that nothing has been done yet and skips those requests.
     */
    public Outcome run(String passId, Deadline deadline, boolean resumed) throws IOException {
        HeldChanges held = new HeldChanges();
        if (!history.readChanges(passId, held::addRow)) {
            throw new IOException("the publish of pass " + passId + " lost its list of changes");
        }
        AtomicLong published = new AtomicLong();
        AtomicLong deleted = new AtomicLong();
        AtomicLong kept = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<String> paths = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean finished = true;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, held.size())));
        try {
            IOException firstFailure = null;
            List<HeldChanges.Change> changes = held.list();
            // In batches, so a pass of a million changes never has a task object for each of them at once.
            for (int from = 0; from < changes.size(); from += BATCH) {
                List<Future<Boolean>> steps = new ArrayList<>();
                for (HeldChanges.Change c : changes.subList(from, Math.min(changes.size(), from + BATCH))) {
                    steps.add(pool.submit(() -> {
                        if (deadline.passed()) {
                            return false;
                        }
                        try {
                            apply(passId, c, resumed, published, deleted, kept);
                        } catch (dev.secondaryorigin.store.RefusedKeyException e) {
                            // Became unwritable since it was staged (a link appeared): retrying cannot help.
                            refused.incrementAndGet();
                            return true;
                        }
                        if (c.op() != HeldChanges.Op.DELETE) {
                            paths.add(c.path());
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : steps) {
                    try {
                        finished &= f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        finished = false;
                        if (firstFailure == null) {
                            firstFailure = e.getCause() instanceof IOException ? (IOException) e.getCause()
                                    : new IOException(String.valueOf(e.getCause()), e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        finished = false;
                    }
                }
            }
            if (firstFailure != null) {
                throw new IOException("publishing pass " + passId + " stopped (the next run finishes it): "
                        + firstFailure.getMessage(), firstFailure);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!finished) {
            return new Outcome(passId, false, published.get(), deleted.get(), kept.get(), 0, refused.get(), paths);
        }
        long expired = complete(passId, held);
        return new Outcome(passId, true, published.get(), deleted.get(), kept.get(), expired, refused.get(), paths);
    }

    private void apply(String passId, HeldChanges.Change c, boolean resumed, AtomicLong published,
                       AtomicLong deleted, AtomicLong kept) throws IOException {
        String staged = state.stagingPrefix(passId) + c.key();
        switch (c.op()) {
            case ADD:
                if (store.move(staged, c.key())) {
                    published.incrementAndGet();
                }
                return;
            case REPLACE:
                if (resumed && !store.head(staged).isPresent()) {
                    return; // published by the earlier run
                }
                keepPrevious(passId, c.key(), resumed, kept);
                if (store.move(staged, c.key())) {
                    published.incrementAndGet();
                }
                return;
            case DELETE:
                if (resumed && !store.head(c.key()).isPresent()) {
                    return;
                }
                keepPrevious(passId, c.key(), resumed, kept);
                store.delete(c.key());
                deleted.incrementAndGet();
                return;
            default:
                throw new IllegalStateException(c.op().name());
        }
    }

    /**
     * Copies the published object at {@code key} into the pass's record, once: a resumed publish must not copy
     * again, or the record would hold the new object instead of the one it replaced.
     */
    private void keepPrevious(String passId, String key, boolean resumed, AtomicLong kept) throws IOException {
        String previous = history.previousKey(passId, key);
        if (keepPasses > 0 && (!resumed || !store.head(previous).isPresent()) && store.copy(key, previous)) {
            kept.incrementAndGet();
        }
    }

    /** The pass is in place: its manifest becomes the published one, its record joins the history. */
    private long complete(String passId, HeldChanges held) throws IOException {
        if (!store.copy(history.manifestKey(passId), state.manifestKey())) {
            throw new IOException("the record of pass " + passId + " lost its manifest");
        }
        store.delete(state.checkpointKey());
        store.delete(state.workingManifestKey());
        store.delete(state.recoveringKey());
        List<PassRecord> records = history.load();
        records.removeIf(r -> r.passId().equals(passId));
        records.add(new PassRecord(passId, Instant.now().toString(), held.count(HeldChanges.Op.ADD),
                held.count(HeldChanges.Op.REPLACE), held.count(HeldChanges.Op.DELETE)));
        long expired = expire(records);
        store.delete(state.publishMarkerKey());
        state.deleteAll(state.stagingRoot());
        return expired;
    }

    /**
     * Keeps the newest {@code keepPasses} records whole and one older record's manifest (the state they undo
     * back to); deletes the rest. Returns how many kept previous versions were deleted.
     */
    private long expire(List<PassRecord> records) throws IOException {
        long expired = 0;
        List<PassRecord> kept = new ArrayList<>();
        int n = records.size();
        for (int i = 0; i < n; i++) {
            PassRecord r = records.get(i);
            int age = n - 1 - i; // 0 = the pass just published
            if (keepPasses == 0 || age > keepPasses) {
                expired += state.deleteAll(history.previousPrefix(r.passId()));
                state.deleteAll(state.passRecordPrefix(r.passId()));
            } else {
                if (age == keepPasses) {
                    expired += state.deleteAll(history.previousPrefix(r.passId()));
                    store.delete(history.changesKey(r.passId()));
                }
                kept.add(r);
            }
        }
        history.save(kept);
        return expired;
    }
}
