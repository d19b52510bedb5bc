package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The changes a pass holds back until the soft-failure gate has judged them: objects staged for a key
 * (new or replacing the published one) and keys to delete. Thread-safe; one entry per key, the last wins.
 */
public final class HeldChanges {
    /** What publishing does at a key. */
    public enum Op {
        /** The key had no published object: publish the staged one (a rollback deletes it again). */
        ADD,
        /** The key had a published object: keep it as the previous version, publish the staged one. */
        REPLACE,
        /** Pruned: keep the published object as the previous version, delete the key. */
        DELETE;

        static Op of(String s) {
            return valueOf(s);
        }
    }

    /** One held change: the key, what to do, and the site path it came from (for warm-up). */
    public static final class Change {
        private final String key;
        private final Op op;
        private final String path;

        public Change(String key, Op op, String path) {
            this.key = key;
            this.op = op;
            this.path = path;
        }

        public String key() {
            return key;
        }

        public Op op() {
            return op;
        }

        public String path() {
            return path;
        }
    }

    private final ConcurrentHashMap<String, Change> byKey = new ConcurrentHashMap<>();

    public void add(Change c) {
        // A key first added and then written again in the same pass is still an addition.
        byKey.merge(c.key(), c, (old, now) -> old.op() == Op.ADD && now.op() == Op.REPLACE
                ? new Change(now.key(), Op.ADD, now.path()) : now);
    }

    /** The change held for {@code key}, or null when the pass holds none. */
    public Op opFor(String key) {
        Change c = byKey.get(key);
        return c == null ? null : c.op();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public int size() {
        return byKey.size();
    }

    /** The changes, sorted by key so publishing and reports are deterministic. */
    public List<Change> list() {
        List<Change> out = new ArrayList<>(byKey.values());
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return Collections.unmodifiableList(out);
    }

    public long count(Op op) {
        long n = 0;
        for (Map.Entry<String, Change> e : byKey.entrySet()) {
            if (e.getValue().op() == op) {
                n++;
            }
        }
        return n;
    }

    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        for (Change c : list()) {
            JsonArray row = new JsonArray();
            row.add(c.key());
            row.add(c.op().name());
            row.add(c.path());
            a.add(row);
        }
        return a;
    }

    public static HeldChanges fromJson(JsonArray a) {
        HeldChanges h = new HeldChanges();
        h.restore(a);
        return h;
    }

    /** Adds the changes a checkpoint (or a pass record) saved with {@link #toJson}. */
    public void restore(JsonArray a) {
        if (a != null) {
            for (JsonElement e : a) {
                JsonArray row = e.getAsJsonArray();
                add(new Change(row.get(0).getAsString(), Op.of(row.get(1).getAsString()),
                        row.size() > 2 ? row.get(2).getAsString() : row.get(0).getAsString()));
            }
        }
    }
}
