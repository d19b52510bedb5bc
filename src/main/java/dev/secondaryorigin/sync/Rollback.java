package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.secondaryorigin.compact.PackedTable;
import dev.secondaryorigin.state.Lease;
import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.PassHistory;
import dev.secondaryorigin.state.PassRecord;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts the backup back exactly as it was after an earlier pass: every key a later pass added is deleted,
 * every key a later pass replaced or deleted gets the object (bytes and headers) it had then, and that
 * pass's manifest becomes the published one. Journaled like publishing: a marker names the target, so a
 * rollback cut short is finished by the next rollback or sync run.
 */
public final class Rollback {
    private final StateRepository state;
    private final PassHistory history;
    private final ObjectStore store;
    private static final byte[] NOTHING = new byte[0];

    /** Thrown when the pass asked for cannot be rolled back to; names the ones that can. */
    public static final class UnknownPassException extends IllegalArgumentException {
        private final List<String> valid;

        UnknownPassException(String passId, List<String> valid) {
            super("cannot roll back to pass \"" + passId + "\": " + (valid.isEmpty()
                    ? "no earlier pass is recorded (a pass is recorded when it publishes; --keep-passes 0 keeps none)"
                    : "it is not one of the recorded passes; roll back to one of: " + String.join(", ", valid)));
            this.valid = valid;
        }

        public List<String> valid() {
            return valid;
        }
    }

    /** What a rollback did. */
    public static final class Outcome {
        private final String toPass;
        private final List<String> undone;
        private final long restored;
        private final long deleted;

        Outcome(String toPass, List<String> undone, long restored, long deleted) {
            this.toPass = toPass;
            this.undone = undone;
            this.restored = restored;
            this.deleted = deleted;
        }

        public String toPass() {
            return toPass;
        }

        public List<String> undone() {
            return undone;
        }

        public long restored() {
            return restored;
        }

        public long deleted() {
            return deleted;
        }

        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("result", "rolled-back");
            o.addProperty("toPass", toPass);
            JsonArray u = new JsonArray();
            undone.forEach(u::add);
            o.add("undonePasses", u);
            o.addProperty("restored", restored);
            o.addProperty("deleted", deleted);
            return o;
        }
    }

    public Rollback(StateRepository state) {
        this.state = state;
        this.history = new PassHistory(state);
        this.store = state.store();
    }

    /** Rolls back under the task's lease, as a sync pass holds it; records the rollback in the history. */
    public Outcome run(String toPass, long leaseMillis) throws IOException, LeaseHeldException {
        Lease lease = Lease.acquire(store, state.leaseKey(), "rollback-" + UUID.randomUUID().toString().substring(0, 8),
                "rollback", leaseMillis);
        try {
            // Expires nothing: the next sync expires with the task's own --keep-passes.
            new Publisher(state, Integer.MAX_VALUE, 8).finishInterrupted(Deadline.none());
            Outcome o = to(toPass);
            JsonObject report = o.toJson();
            report.addProperty("passId", "rollback-" + Instant.now().toString().replaceAll("[:.]", "").replace("T", "-"));
            report.addProperty("finishedAt", Instant.now().toString());
            report.addProperty("complete", true);
            state.saveReport(report.get("passId").getAsString(), report);
            return o;
        } finally {
            try {
                lease.release();
            } catch (IOException e) {
                // The lease expires by itself.
            }
        }
    }

    /** Finishes a rollback an earlier run began; empty when none is pending. The caller holds the lease. */
    public Optional<Outcome> finishInterrupted() throws IOException {
        Optional<JsonObject> marker = state.readJsonObject(state.rollbackMarkerKey());
        if (!marker.isPresent() || !marker.get().has("toPass")) {
            return Optional.empty();
        }
        return Optional.of(to(marker.get().get("toPass").getAsString()));
    }

    /** The rollback itself; the caller holds the lease. */
    Outcome to(String toPass) throws IOException {
        List<PassRecord> records = history.load();
        int at = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).passId().equals(toPass)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new UnknownPassException(toPass, history.rollbackTargetIds());
        }
        Manifest target = history.loadManifest(toPass);
        JsonObject marker = new JsonObject();
        marker.addProperty("toPass", toPass);
        state.writeJson(state.rollbackMarkerKey(), marker);
        // An unfinished pass was working from the state being undone: abandon it.
        store.delete(state.checkpointKey());
        store.delete(state.workingManifestKey());
        state.deleteAll(state.stagingRoot());

        // Packed: the keys of every pass undone, a million or more after large passes.
        PackedTable handled = new PackedTable();
        List<String> undone = new ArrayList<>();
        long restored = 0;
        long deleted = 0;
        // Oldest pass after the target first: the first pass that touched a key kept the object the target had.
        for (PassRecord r : records.subList(at + 1, records.size())) {
            undone.add(r.passId());
            HeldChanges changes = new HeldChanges();
            if (!history.readChanges(r.passId(), changes::addRow)) {
                throw new IOException("the record of pass " + r.passId() + " has no list of changes; cannot undo it");
            }
            for (HeldChanges.Change c : changes.list()) {
                String key = c.key();
                if (!handled.putIfAbsent(key.getBytes(StandardCharsets.UTF_8), NOTHING)) {
                    continue;
                }
                if (c.op() == HeldChanges.Op.ADD) {
                    store.delete(key);
                    deleted++;
                } else if (store.copy(history.previousKey(r.passId(), key), key)) {
                    restored++;
                } else {
                    throw new IOException("the previous version of " + key + " kept by pass " + r.passId()
                            + " is missing; cannot restore it");
                }
            }
        }
        store.copy(history.manifestKey(toPass), state.manifestKey());
        history.save(new ArrayList<>(records.subList(0, at + 1)));
        for (PassRecord r : records.subList(at + 1, records.size())) {
            state.deleteAll(state.passRecordPrefix(r.passId()));
        }
        store.delete(state.rollbackMarkerKey());
        return new Outcome(toPass, undone, restored, deleted);
    }
}
