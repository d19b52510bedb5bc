package dev.secondaryorigin.state;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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

    /** Streams the pass's changes into its record, row by row. */
    public void saveChanges(String passId, ChangeRows.Source changes) throws IOException {
        state.store().putState(changesKey(passId), GzipJson.gzip(w -> {
            JsonWriter j = new JsonWriter(w);
            ChangeRows.write(j, changes);
            j.flush();
        }), "application/gzip");
    }

    /**
     * Hands the changes a pass recorded to {@code sink} as they stream from the store; false when its record has
     * none (expired or never written).
     */
    public boolean readChanges(String passId, ChangeRows.Sink sink) throws IOException {
        Optional<InputStream> in = state.store().get(changesKey(passId));
        if (!in.isPresent()) {
            return false;
        }
        try (InputStream s = in.get(); Reader r = GzipJson.reader(s)) {
            ChangeRows.read(new JsonReader(r), sink);
            return true;
        }
    }

    public Manifest loadManifest(String passId) throws IOException {
        return StateRepository.readManifest(state.store(), manifestKey(passId))
                .orElseThrow(() -> new IOException("the record of pass " + passId + " has no manifest"));
    }
}
