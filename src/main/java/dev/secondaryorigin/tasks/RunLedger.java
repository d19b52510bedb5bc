package dev.secondaryorigin.tasks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.state.Lease;
import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.state.LeaseInfo;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The run bookkeeping beside the registry's documents, the only coordination between dispatchers and runs:
 * <pre>
 * runs/&lt;task&gt;/claims/&lt;firing&gt;.json     a dispatcher's claim of one firing (created only if absent)
 * runs/&lt;task&gt;/claims/&lt;firing&gt;.started  the run of that firing began (created only if absent: one run per firing)
 * runs/&lt;task&gt;/lease.json                 the task is running ({@link Lease}, expires unless renewed)
 * runs/&lt;task&gt;/unfinished.json            the last pass stopped with work left (or its run died): resume it
 * history/&lt;task&gt;/&lt;firing&gt;.json          the record of one finished run
 * </pre>
 * A single listing of {@code runs/} tells a dispatcher everything but the contents of the few claims, leases and
 * markers it then reads.
 */
public final class RunLedger {
    static final String RUNS = "runs/";
    static final String HISTORY = "history/";
    /** Claims kept per task; older ones go (a firing older than the newest claim is never due again). */
    static final int CLAIMS_KEPT = 4;

    private final ObjectStore store;

    RunLedger(ObjectStore store) {
        this.store = store;
    }

    private static String runs(TaskName t) {
        return RUNS + t.value() + "/";
    }

    private static String claimKey(TaskName t, Firing f) {
        return runs(t) + "claims/" + f.id() + ".json";
    }

    private static String startedKey(TaskName t, Firing f) {
        return runs(t) + "claims/" + f.id() + ".started";
    }

    static String leaseKey(TaskName t) {
        return runs(t) + "lease.json";
    }

    private static String unfinishedKey(TaskName t) {
        return runs(t) + "unfinished.json";
    }

    private static String historyKey(TaskName t, Firing f) {
        return HISTORY + t.value() + "/" + f.id() + ".json";
    }

    // ---- the dispatcher's side ----

    /** What one listing of {@code runs/} says about a task. */
    public static final class TaskRuns {
        final TreeMap<Firing, Boolean> claims = new TreeMap<>();
        boolean leasePresent;
        boolean unfinishedPresent;

        /** The newest claimed firing, or null. */
        public Firing newestClaim() {
            return claims.isEmpty() ? null : claims.lastKey();
        }

        public boolean started(Firing f) {
            return Boolean.TRUE.equals(claims.get(f));
        }
    }

    /** One listing of {@code runs/}: per task, its claims (started or not) and whether a lease or marker exists. */
    public Map<TaskName, TaskRuns> scan() throws IOException {
        Map<TaskName, TaskRuns> out = new HashMap<>();
        store.list(RUNS, key -> {
            String rest = key.substring(RUNS.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return;
            }
            TaskName t = TaskName.orNull(rest.substring(0, slash));
            if (t == null) {
                return;
            }
            TaskRuns r = out.computeIfAbsent(t, x -> new TaskRuns());
            String file = rest.substring(slash + 1);
            if (file.equals("lease.json")) {
                r.leasePresent = true;
            } else if (file.equals("unfinished.json")) {
                r.unfinishedPresent = true;
            } else if (file.startsWith("claims/")) {
                String name = file.substring("claims/".length());
                boolean started = name.endsWith(".started");
                Firing f = Firing.parse(name.substring(0, name.lastIndexOf('.') < 0 ? name.length() : name.lastIndexOf('.')));
                if (f != null) {
                    r.claims.merge(f, started, (a, b) -> a || b);
                }
            }
        });
        return out;
    }

    /** The lease's holder when one holds it now (wall clock: leases outlive any simulated time). */
    public Optional<LeaseInfo> liveLease(TaskName t) throws IOException {
        Optional<LeaseInfo> l = Lease.read(store, leaseKey(t));
        return l.isPresent() && !l.get().expired(System.currentTimeMillis()) ? l : Optional.empty();
    }

    /** A dispatcher's claim of a firing: who, when, and whether the launch went out. */
    public static final class Claim {
        final Firing firing;
        final Instant claimedAt;
        final boolean launched;
        final String requestId;

        Claim(Firing firing, Instant claimedAt, boolean launched, String requestId) {
            this.firing = firing;
            this.claimedAt = claimedAt;
            this.launched = launched;
            this.requestId = requestId;
        }

        public Instant claimedAt() {
            return claimedAt;
        }

        public boolean launched() {
            return launched;
        }
    }

    /** Claims a firing; false when another dispatch claimed it first. */
    public boolean claim(TaskName t, Firing f, Instant now, String by) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("task", t.value());
        o.addProperty("firing", f.id());
        o.addProperty("state", "claimed");
        o.addProperty("claimedAt", now.toString());
        o.addProperty("by", by);
        return store.putIfAbsent(claimKey(t, f), Payload.ofBytes(bytes(o)), meta());
    }

    /** Records that the claim's invocation went out (after which a repeated dispatch leaves it alone). */
    public void launched(TaskName t, Firing f, Instant claimedAt, Instant now, String requestId) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("task", t.value());
        o.addProperty("firing", f.id());
        o.addProperty("state", "launched");
        o.addProperty("claimedAt", claimedAt.toString());
        o.addProperty("launchedAt", now.toString());
        if (requestId != null) {
            o.addProperty("requestId", requestId);
        }
        store.put(claimKey(t, f), Payload.ofBytes(bytes(o)), meta());
    }

    public Optional<Claim> readClaim(TaskName t, Firing f) throws IOException {
        Optional<JsonObject> o = readJson(claimKey(t, f));
        if (!o.isPresent()) {
            return Optional.empty();
        }
        try {
            JsonObject j = o.get();
            return Optional.of(new Claim(f, Instant.parse(j.get("claimedAt").getAsString()),
                    "launched".equals(j.get("state").getAsString()),
                    j.has("requestId") ? j.get("requestId").getAsString() : null));
        } catch (RuntimeException e) {
            // A damaged claim reads as an old, unlaunched one: the firing is launched again, and the run's own
            // started marker keeps that from running it twice.
            return Optional.of(new Claim(f, Instant.EPOCH, false, null));
        }
    }

    /** Deletes all but the newest {@value #CLAIMS_KEPT} claims of a task. */
    public void pruneClaims(TaskName t, TaskRuns runs) throws IOException {
        List<Firing> all = new ArrayList<>(runs.claims.keySet());
        for (int i = 0; i + CLAIMS_KEPT < all.size(); i++) {
            store.delete(startedKey(t, all.get(i)));
            store.delete(claimKey(t, all.get(i)));
        }
    }

    // ---- the run's side ----

    /** Marks a firing's run as begun; false when it already began (a redelivered or repeated invocation). */
    public boolean start(TaskName t, Firing f, Instant now) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("startedAt", now.toString());
        return store.putIfAbsent(startedKey(t, f), Payload.ofBytes(bytes(o)), meta());
    }

    /** True when a claim newer than {@code f} exists: a late delivery of {@code f} is covered by the newer one. */
    public boolean superseded(TaskName t, Firing f) throws IOException {
        boolean[] newer = {false};
        store.list(runs(t) + "claims/", k -> {
            String name = k.substring(k.lastIndexOf('/') + 1);
            Firing other = Firing.parse(name.substring(0, name.lastIndexOf('.')));
            if (other != null && other.compareTo(f) > 0) {
                newer[0] = true;
            }
        });
        return newer[0];
    }

    public Lease acquireLease(TaskName t, String holder, String where, long ttlMillis)
            throws IOException, LeaseHeldException {
        return Lease.acquire(store, leaseKey(t), holder, where, ttlMillis);
    }

    public void markUnfinished(TaskName t, Firing f, Instant since, String why) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("since", since.toString());
        o.addProperty("firing", f.id());
        o.addProperty("why", why);
        store.put(unfinishedKey(t), Payload.ofBytes(bytes(o)), meta());
    }

    /** When the task's unfinished pass was first left unfinished, or empty when it is not. */
    public Optional<Instant> unfinishedSince(TaskName t) throws IOException {
        Optional<JsonObject> o = readJson(unfinishedKey(t));
        if (!o.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(o.get().get("since").getAsString()));
        } catch (RuntimeException e) {
            return Optional.of(Instant.EPOCH);
        }
    }

    public void clearUnfinished(TaskName t) throws IOException {
        store.delete(unfinishedKey(t));
    }

    public void record(RunRecord r) throws IOException {
        store.put(historyKey(r.task(), r.firing()), Payload.ofBytes(bytes(r.toJson())), meta());
    }

    /** The task's runs, newest first, at most {@code max}; unreadable records are skipped. */
    public List<RunRecord> history(TaskName t, int max) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(HISTORY + t.value() + "/", keys::add);
        keys.sort(Collections.reverseOrder((a, b) -> {
            Firing fa = Firing.parse(a.substring(a.lastIndexOf('/') + 1).replace(".json", ""));
            Firing fb = Firing.parse(b.substring(b.lastIndexOf('/') + 1).replace(".json", ""));
            return fa == null || fb == null ? a.compareTo(b) : fa.compareTo(fb);
        }));
        List<RunRecord> out = new ArrayList<>();
        for (String k : keys) {
            if (out.size() >= max) {
                break;
            }
            Optional<JsonObject> o = readJson(k);
            if (o.isPresent()) {
                try {
                    out.add(RunRecord.fromJson(o.get()));
                } catch (RuntimeException e) {
                    // A damaged record costs only its line in the history.
                }
            }
        }
        return out;
    }

    /** Forgets a deleted task's claims, lease and marker; its history stays until purged. */
    void forget(TaskName t) throws IOException {
        store.deletePrefix(runs(t));
    }

    void purgeHistory(TaskName t) throws IOException {
        store.deletePrefix(HISTORY + t.value() + "/");
    }

    private Optional<JsonObject> readJson(String key) throws IOException {
        Optional<byte[]> b = store.getBytes(key);
        if (!b.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonParser.parseString(new String(b.get(), StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (RuntimeException e) {
            return Optional.of(new JsonObject());
        }
    }

    private static byte[] bytes(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectMeta meta() {
        return ObjectMeta.builder().contentType("application/json").privateAcl(true).build();
    }
}
