package dev.secondaryorigin.state;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.store.ObjectStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The recorded passes of a task, oldest first, in one small index object. A record's folder
 * ({@link StateRepository#passRecordPrefix}) holds the pass's manifest, its list of changes and, under
 * {@code previous/}, the objects it replaced or deleted, with their headers.
 */
public final class PassHistory {
    private final StateRepository state;

    public PassHistory(StateRepository state) {
        this.state = state;
    }

    public String indexKey() {
        return state.passesRoot() + "index.json";
    }

    public String manifestKey(String passId) {
        return state.passRecordPrefix(passId) + "manifest.jsonl.gz";
    }

    public String changesKey(String passId) {
        return state.passRecordPrefix(passId) + "changes.json.gz";
    }

    /** Where the object that pass {@code passId} replaced or deleted at {@code key} is kept. */
    public String previousKey(String passId, String key) {
        return previousPrefix(passId) + key;
    }

    public String previousPrefix(String passId) {
        return state.passRecordPrefix(passId) + "previous/";
    }

    public List<PassRecord> load() throws IOException {
        Optional<byte[]> b = state.store().getBytes(indexKey());
        List<PassRecord> out = new ArrayList<>();
        if (!b.isPresent()) {
            return out;
        }
        try {
            JsonObject o = JsonParser.parseString(new String(b.get(), StandardCharsets.UTF_8)).getAsJsonObject();
            for (JsonElement e : o.getAsJsonArray("passes")) {
                out.add(PassRecord.fromJson(e.getAsJsonObject()));
            }
        } catch (RuntimeException e) {
            // A damaged index loses only the rollback points; publishing and syncing go on.
            return new ArrayList<>();
        }
        return out;
    }

    public void save(List<PassRecord> records) throws IOException {
        JsonArray a = new JsonArray();
        for (PassRecord r : records) {
            a.add(r.toJson());
        }
        JsonObject o = new JsonObject();
        o.add("passes", a);
        state.writeJson(indexKey(), o);
    }

    /** The passes the backup can be put back to: every recorded pass but the newest (the current state). */
    public List<PassRecord> rollbackTargets() throws IOException {
        List<PassRecord> all = load();
        if (all.isEmpty()) {
            return all;
        }
        List<PassRecord> targets = new ArrayList<>(all.subList(0, all.size() - 1));
        Collections.reverse(targets);
        return targets;
    }

    /** The ids of {@link #rollbackTargets()}, newest first, for messages that list them. */
    public List<String> rollbackTargetIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (PassRecord r : rollbackTargets()) {
            ids.add(r.passId());
        }
        return ids;
    }

    public void saveChanges(String passId, JsonArray changes) throws IOException {
        state.store().putState(changesKey(passId), GzipJson.gzip(w -> w.write(changes.toString())), "application/gzip");
    }

    /** The changes a pass recorded, or empty when its record has none (expired or never written). */
    public Optional<JsonArray> loadChanges(String passId) throws IOException {
        Optional<byte[]> b = state.store().getBytes(changesKey(passId));
        if (!b.isPresent()) {
            return Optional.empty();
        }
        try (java.io.Reader r = GzipJson.reader(b.get())) {
            return Optional.of(JsonParser.parseReader(r).getAsJsonArray());
        }
    }

    public Manifest loadManifest(String passId) throws IOException {
        return StateRepository.readManifest(state.store(), manifestKey(passId))
                .orElseThrow(() -> new IOException("the record of pass " + passId + " has no manifest"));
    }
}
