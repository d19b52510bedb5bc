package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The counters of a pass, updated by workers, carried across invocations in the checkpoint. */
public final class PassStats {
    static final int FAILURE_SAMPLES = 50;

    final AtomicLong discovered = new AtomicLong();
    final AtomicLong fetched = new AtomicLong();
    final AtomicLong notModified = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicLong redirects = new AtomicLong();
    /** Redirect sources answered by a generated page after the pass ({@link RedirectObjects}). */
    final AtomicLong redirectPages = new AtomicLong();
    /** Redirect sources answered by a copy of their (non-HTML) target after the pass. */
    final AtomicLong redirectCopies = new AtomicLong();
    /** Redirect sources whose target is on a host the task does not cover: left out. */
    final AtomicLong redirectsOffSite = new AtomicLong();
    /** Redirect pages and copies written (new or changed) by the pass. */
    final AtomicLong redirectObjectsWritten = new AtomicLong();
    final AtomicLong pruned = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Objects fetched fine that the secondary origin refused: the backup is behind the origin for these. */
    final AtomicLong storeFailed = new AtomicLong();
    final AtomicLong bytesFetched = new AtomicLong();
    final AtomicLong bytesStored = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    /** Speculative URLs (from scripts and JSON) admitted to the frontier: bounded per pass. */
    final AtomicLong speculativeQueued = new AtomicLong();
    /** Speculative URLs asked of the origin, those it had (a 200 or 304 of the expected type), and the rest. */
    final AtomicLong speculativeTried = new AtomicLong();
    final AtomicLong speculativeFound = new AtomicLong();
    final AtomicLong speculativeMissed = new AtomicLong();
    /** Known URLs asked of the origin again (the revisit schedule found them due, or --full). */
    final AtomicLong revalidated = new AtomicLong();
    /** Known URLs the revisit schedule left out of this pass: their entries carry over untouched. */
    final AtomicLong notDue = new AtomicLong();
    /** Seconds from the oldest check of a URL in the backup to the pass's start (set when the pass ends). */
    final AtomicLong oldestCheckAgeSeconds = new AtomicLong(-1);
    private final ConcurrentHashMap<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private final List<String[]> failures = new ArrayList<>();

    void skip(String reason) {
        skipped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    void fail(String path, String error) {
        failed.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < FAILURE_SAMPLES) {
                failures.add(new String[]{path, error});
            }
        }
    }

    /** Takes back the failures of URLs that go back to the frontier (each failed once this invocation). */
    void forgetFailures(java.util.Set<String> paths) {
        failed.addAndGet(-paths.size());
        synchronized (failures) {
            failures.removeIf(f -> paths.contains(f[0]));
        }
    }

    public long discovered() {
        return discovered.get();
    }

    public long fetched() {
        return fetched.get();
    }

    public long notModified() {
        return notModified.get();
    }

    public long stored() {
        return stored.get();
    }

    public long unchanged() {
        return unchanged.get();
    }

    public long revalidated() {
        return revalidated.get();
    }

    public long notDue() {
        return notDue.get();
    }

    public long failed() {
        return failed.get();
    }

    public long done() {
        return done.get();
    }

    public long bytesFetched() {
        return bytesFetched.get();
    }

    public long bytesStored() {
        return bytesStored.get();
    }

    public long skippedTotal() {
        long n = 0;
        for (AtomicLong a : skipped.values()) {
            n += a.get();
        }
        return n;
    }

    public Map<String, Long> skippedByReason() {
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, AtomicLong> e : skipped.entrySet()) {
            m.put(e.getKey(), e.getValue().get());
        }
        return m;
    }

    public List<String[]> failureSamples() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("discovered", discovered.get());
        o.addProperty("fetched", fetched.get());
        o.addProperty("notModified", notModified.get());
        o.addProperty("stored", stored.get());
        o.addProperty("unchanged", unchanged.get());
        o.addProperty("redirects", redirects.get());
        o.addProperty("redirectPages", redirectPages.get());
        o.addProperty("redirectCopies", redirectCopies.get());
        o.addProperty("redirectsOffSite", redirectsOffSite.get());
        o.addProperty("redirectObjectsWritten", redirectObjectsWritten.get());
        o.addProperty("pruned", pruned.get());
        o.addProperty("revalidated", revalidated.get());
        o.addProperty("notDue", notDue.get());
        if (oldestCheckAgeSeconds.get() >= 0) {
            o.addProperty("oldestCheckAgeSeconds", oldestCheckAgeSeconds.get());
        }
        JsonObject sk = new JsonObject();
        sk.addProperty("total", skippedTotal());
        JsonObject reasons = new JsonObject();
        for (Map.Entry<String, Long> e : skippedByReason().entrySet()) {
            reasons.addProperty(e.getKey(), e.getValue());
        }
        sk.add("reasons", reasons);
        o.add("skipped", sk);
        JsonObject f = new JsonObject();
        f.addProperty("total", failed.get());
        JsonArray samples = new JsonArray();
        for (String[] s : failureSamples()) {
            JsonObject one = new JsonObject();
            one.addProperty("url", s[0]);
            one.addProperty("error", s[1]);
            samples.add(one);
        }
        f.add("samples", samples);
        o.add("failed", f);
        o.addProperty("storeFailed", storeFailed.get());
        o.addProperty("bytesFetched", bytesFetched.get());
        o.addProperty("bytesStored", bytesStored.get());
        o.addProperty("requests", requests.get());
        JsonObject sp = new JsonObject();
        sp.addProperty("tried", speculativeTried.get());
        sp.addProperty("found", speculativeFound.get());
        sp.addProperty("missed", speculativeMissed.get());
        sp.addProperty("queued", speculativeQueued.get());
        o.add("speculative", sp);
        return o;
    }

    static PassStats fromJson(JsonObject o) {
        PassStats s = new PassStats();
        s.discovered.set(num(o, "discovered"));
        s.fetched.set(num(o, "fetched"));
        s.notModified.set(num(o, "notModified"));
        s.stored.set(num(o, "stored"));
        s.unchanged.set(num(o, "unchanged"));
        s.redirects.set(num(o, "redirects"));
        s.redirectPages.set(num(o, "redirectPages"));
        s.redirectCopies.set(num(o, "redirectCopies"));
        s.redirectsOffSite.set(num(o, "redirectsOffSite"));
        s.redirectObjectsWritten.set(num(o, "redirectObjectsWritten"));
        s.pruned.set(num(o, "pruned"));
        s.revalidated.set(num(o, "revalidated"));
        s.bytesFetched.set(num(o, "bytesFetched"));
        s.storeFailed.set(num(o, "storeFailed"));
        s.bytesStored.set(num(o, "bytesStored"));
        s.requests.set(num(o, "requests"));
        if (o.has("speculative") && o.get("speculative").isJsonObject()) {
            JsonObject sp = o.getAsJsonObject("speculative");
            s.speculativeTried.set(num(sp, "tried"));
            s.speculativeFound.set(num(sp, "found"));
            s.speculativeMissed.set(num(sp, "missed"));
            s.speculativeQueued.set(num(sp, "queued"));
        }
        if (o.has("skipped") && o.get("skipped").isJsonObject()
                && o.getAsJsonObject("skipped").has("reasons")) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("skipped").getAsJsonObject("reasons").entrySet()) {
                s.skipped.put(e.getKey(), new AtomicLong(e.getValue().getAsLong()));
            }
        }
        if (o.has("failed") && o.get("failed").isJsonObject()) {
            JsonObject f = o.getAsJsonObject("failed");
            s.failed.set(num(f, "total"));
            if (f.has("samples")) {
                for (JsonElement e : f.getAsJsonArray("samples")) {
                    JsonObject one = e.getAsJsonObject();
                    s.failures.add(new String[]{one.get("url").getAsString(), one.get("error").getAsString()});
                }
            }
        }
        return s;
    }

    private static long num(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonPrimitive() ? o.get(k).getAsLong() : 0;
    }
}
