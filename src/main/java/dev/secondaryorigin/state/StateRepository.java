package dev.secondaryorigin.state;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.store.ObjectStore;

import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a task's state lives in its store: {@code .secondary-origin/<task>/} holds the manifest, the
 * checkpoint of an unfinished pass, the lease, and the reports. Every file is written whole, with a
 * private ACL, in one PUT; the files that grow with the site (manifests, checkpoint, pending seeds) are streamed
 * to the store through a temp file, never held in memory at once.
 */
public final class StateRepository {
    private final ObjectStore store;
    private final String prefix;

    public StateRepository(ObjectStore store, String taskName) {
        this.store = store;
        this.prefix = ObjectStore.STATE_PREFIX + taskName + "/";
    }

    public ObjectStore store() {
        return store;
    }

    public String prefix() {
        return prefix;
    }

    public String manifestKey() {
        return prefix + "manifest.jsonl.gz";
    }

    public String checkpointKey() {
        return prefix + "checkpoint.json.gz";
    }

    public String leaseKey() {
        return prefix + "lease.json";
    }

    /** The origin guard's own short lease, so overlapping guard runs do not probe and count twice. */
    public String guardLeaseKey() {
        return prefix + "guard-lease.json";
    }

    /** The origin guard's counters and mode. */
    public String guardStateKey() {
        return prefix + "guard.json";
    }

    /** The manifest of a pass whose changes are held back: the published one stays at {@link #manifestKey}. */
    public String workingManifestKey() {
        return prefix + "pass-manifest.jsonl.gz";
    }

    /** Where a pass stages the objects it will publish once the gate has judged them. */
    public String stagingPrefix(String passId) {
        return stagingRoot() + passId + "/";
    }

    public String stagingRoot() {
        return prefix + "staging/";
    }

    /** One completed pass's record: its changes, its manifest, and the objects it replaced or deleted. */
    public String passRecordPrefix(String passId) {
        return passesRoot() + passId + "/";
    }

    public String passesRoot() {
        return prefix + "passes/";
    }

    /** Exists exactly while a pass publishes its held-back changes; names the pass. */
    public String publishMarkerKey() {
        return prefix + "publish.json";
    }

    /** Exists exactly while a rollback restores the backup; names the target pass. */
    public String rollbackMarkerKey() {
        return prefix + "rollback.json";
    }

    public String reportKey(String passId) {
        return prefix + "reports/" + passId + ".json";
    }

    public String lastReportKey() {
        return prefix + "last-report.json";
    }

    public String pendingSeedsKey() {
        return prefix + "pending-seeds.jsonl.gz";
    }

    public String lastCompleteKey() {
        return prefix + "last-complete.json";
    }

    /** URLs CDN log events asked the next pass to visit, oldest first. */
    public List<String> loadPendingSeeds() throws IOException {
        Optional<byte[]> b = store.getBytes(pendingSeedsKey());
        List<String> out = new ArrayList<>();
        if (!b.isPresent()) {
            return out;
        }
        try (BufferedReader r = new BufferedReader(GzipJson.reader(b.get()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.trim().isEmpty()) {
                    out.add(JsonParser.parseString(line).getAsString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // A damaged file only loses hints; the crawl and the next log event still find the URLs.
            return new ArrayList<>();
        }
        return out;
    }

    /**
     * Adds URLs to the pending seeds, skipping ones already there, keeping at most {@code max} in all.
     * Returns how many were added. The whole file is rewritten in one PUT.
     */
    public int addPendingSeeds(Collection<String> urls, int max) throws IOException {
        LinkedHashSet<String> all = new LinkedHashSet<>(loadPendingSeeds());
        int before = all.size();
        for (String u : urls) {
            if (all.size() >= max) {
                break;
            }
            all.add(u);
        }
        if (all.size() != before) {
            savePendingSeeds(all);
        }
        return all.size() - before;
    }

    /** Removes seeds a completed pass has visited; seeds added meanwhile stay. */
    public void removePendingSeeds(Collection<String> consumed) throws IOException {
        LinkedHashSet<String> all = new LinkedHashSet<>(loadPendingSeeds());
        if (all.removeAll(new HashSet<>(consumed))) {
            if (all.isEmpty()) {
                store.delete(pendingSeedsKey());
            } else {
                savePendingSeeds(all);
            }
        }
    }

    private void savePendingSeeds(Collection<String> urls) throws IOException {
        store.putState(pendingSeedsKey(), GzipJson.gzip(w -> {
            for (String u : urls) {
                w.write(new JsonPrimitive(u).toString());
                w.write('\n');
            }
        }), "application/gzip");
    }

    /** Records the report of a pass that completed, for the guard's backup-age check. */
    public void saveLastComplete(JsonObject report) throws IOException {
        store.putState(lastCompleteKey(), report.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** When the last complete pass finished, or empty when none has. */
    public Optional<Instant> lastCompletePass() throws IOException {
        Optional<JsonObject> r = readJson(lastCompleteKey());
        if (!r.isPresent() || !r.get().has("finishedAt")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(r.get().get("finishedAt").getAsString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public Manifest loadManifest() throws IOException {
        return readManifest(store, manifestKey()).orElseGet(Manifest::new);
    }

    /** The manifest at {@code key}, read as it streams from the store (never its whole file in memory). */
    static Optional<Manifest> readManifest(ObjectStore store, String key) throws IOException {
        Optional<InputStream> in = store.get(key);
        if (!in.isPresent()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(Manifest.read(s));
        }
    }

    public void saveManifest(Manifest m) throws IOException {
        store.putState(manifestKey(), m::writeGzip, "application/gzip");
    }

    /**
     * The published manifest. One that cannot be read is set aside (kept as {@code <key>.unreadable-<time>} for
     * inspection) and an empty manifest returned, with what happened added to {@code problems}: a damaged
     * state file never leaves a task that can no longer run.
     */
    public Manifest loadManifestOrSetAside(List<String> problems) throws IOException {
        int before = problems.size();
        Optional<Manifest> m = readOrSetAside(manifestKey(), Manifest::read, problems, "the manifest",
                "is rebuilt by this pass");
        if (problems.size() > before) {
            JsonObject marker = new JsonObject();
            marker.addProperty("at", Instant.now().toString());
            writeJson(recoveringKey(), marker);
        }
        return m.orElseGet(Manifest::new);
    }

    /** The checkpoint of an unfinished pass; one that cannot be read is set aside like the manifest. */
    public Optional<Checkpoint> loadCheckpointOrSetAside(List<String> problems) throws IOException {
        // A checkpoint keeps its (compressed) bytes to stream its lists from when they are iterated.
        return readOrSetAside(checkpointKey(), in -> Checkpoint.fromBytes(in.readAllBytes()), problems, "the checkpoint",
                "a new pass started");
    }

    /** The working manifest of a resumed pass, or empty (and set aside) when it cannot be read. */
    public Optional<Manifest> loadWorkingManifestOrSetAside(List<String> problems) throws IOException {
        return readOrSetAside(workingManifestKey(), Manifest::read, problems, "the unfinished pass's manifest",
                "the pass goes on from the published one");
    }

    /** Parses one state file as it streams in; see {@link #readOrSetAside}. */
    private interface StateParser<T> {
        T parse(InputStream in) throws IOException;
    }

    /**
     * The state file at {@code key}, or empty when there is none -- or when it cannot be read: then it is set aside
     * and what happened is added to {@code problems}.
     */
    private <T> Optional<T> readOrSetAside(String key, StateParser<T> parser, List<String> problems, String what,
                                           String then) throws IOException {
        Optional<InputStream> in = store.get(key);
        if (!in.isPresent()) {
            return Optional.empty();
        }
        try (StoreStream s = new StoreStream(in.get())) {
            return Optional.of(parser.parse(s));
        } catch (StoreStream.Failure e) {
            throw e.storeFailure(); // the store failed, not the file: a good file is never set aside for that
        } catch (IOException | RuntimeException e) {
            problems.add(what + " could not be read (" + e.getMessage() + "); it was set aside as " + setAside(key)
                    + " and " + then);
            return Optional.empty();
        }
    }

    /**
     * Exists from the moment the manifest was set aside until a pass publishes a new one: until then the target
     * may hold a backup the (empty) manifest does not describe, and passes must treat it as such.
     */
    public String recoveringKey() {
        return prefix + "recovering.json";
    }

    public boolean recovering() throws IOException {
        return store.head(recoveringKey()).isPresent();
    }

    private String setAside(String key) throws IOException {
        String aside = key + ".unreadable-" + Instant.now().toString().replaceAll("[:.]", "");
        store.copy(key, aside);
        store.delete(key);
        return aside;
    }

    /** The manifest of an unfinished pass that holds its changes back (empty when there is none). */
    public Optional<Manifest> loadWorkingManifest() throws IOException {
        return readManifest(store, workingManifestKey());
    }

    public void saveWorkingManifest(Manifest m) throws IOException {
        store.putState(workingManifestKey(), m::writeGzip, "application/gzip");
    }

    /** Deletes every object under {@code keyPrefix}; returns how many. */
    public long deleteAll(String keyPrefix) throws IOException {
        return store.deletePrefix(keyPrefix);
    }

    public Optional<JsonObject> readJsonObject(String key) throws IOException {
        return readJson(key);
    }

    public void writeJson(String key, JsonObject o) throws IOException {
        store.putState(key, o.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Optional<Checkpoint> loadCheckpoint() throws IOException {
        Optional<byte[]> b = store.getBytes(checkpointKey());
        if (!b.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Checkpoint.fromBytes(b.get()));
        } catch (IOException | RuntimeException e) {
            // A damaged checkpoint only costs the resume: the pass starts over from the manifest.
            return Optional.empty();
        }
    }

    public void saveCheckpoint(Checkpoint c) throws IOException {
        store.putState(checkpointKey(), c::writeGzip, "application/gzip");
    }

    public void deleteCheckpoint() throws IOException {
        store.delete(checkpointKey());
    }

    public void saveReport(String passId, JsonObject report) throws IOException {
        byte[] b = report.toString().getBytes(StandardCharsets.UTF_8);
        store.putState(reportKey(passId), b, "application/json");
        store.putState(lastReportKey(), b, "application/json");
    }

    public Optional<JsonObject> lastReport() throws IOException {
        return readJson(lastReportKey());
    }

    /** One report by pass id; ids are checked so a caller cannot reach outside the reports folder. */
    public Optional<JsonObject> report(String passId) throws IOException {
        if (!passId.matches("[A-Za-z0-9._-]{1,80}") || passId.contains("..")) {
            return Optional.empty();
        }
        return readJson(reportKey(passId));
    }

    public Optional<LeaseInfo> lease() throws IOException {
        return Lease.read(store, leaseKey());
    }

    private Optional<JsonObject> readJson(String key) throws IOException {
        Optional<byte[]> b = store.getBytes(key);
        if (!b.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonParser.parseString(new String(b.get(), StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The names of the tasks that keep state in a store. */
    public static java.util.SortedSet<String> tasks(ObjectStore store) throws IOException {
        java.util.SortedSet<String> tasks = new java.util.TreeSet<>();
        store.list(ObjectStore.STATE_PREFIX, key -> {
            String rest = key.substring(ObjectStore.STATE_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && !rest.startsWith(".")) {
                tasks.add(rest.substring(0, slash));
            }
        });
        return tasks;
    }
}
