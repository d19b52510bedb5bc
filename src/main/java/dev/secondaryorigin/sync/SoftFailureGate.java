package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.crawl.ResourceTypes;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.task.ResourceType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Notices an origin that answers, but answers garbage: a maintenance or login page for every URL, empty
 * bodies, the home page for every path, 404 for everything. It watches how the pass's answers differ from
 * what the backup holds and judges the pass before its changes are published.
 *
 * <p>Signals, each needing at least {@code minObjects} objects and {@code share} of the relevant ones:
 * changed objects whose previously distinct bodies converge on one body; non-HTML objects (images, CSS,
 * scripts, fonts) that now answer HTML; objects that became empty or shrank below a tenth; stored objects
 * that now answer 404/410. Real change does not trip them: a redesign gives distinct bodies of the same
 * types, a single object may change type, and pages that were already identical (tag pages) are not a
 * convergence. Memory is bounded: the converging bodies are found with a Misra-Gries summary.
 */
public final class SoftFailureGate {
    /** Candidates kept by the heavy-hitter summary; a body taking a share above 1/(K+1) is never missed. */
    static final int CANDIDATES = 32;
    /** Distinct previous bodies remembered per candidate: enough to tell "many" from "few". */
    static final int OLD_BODIES_CAP = 256;

    private final int minObjects;
    private final double share;

    private long checked;
    private long changed;
    private long added;
    private long nonHtmlChanged;
    private long becameHtml;
    private long emptied;
    private long shrunk;
    private long gone;
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private String entryProblem;

    /** One body many changed objects may be converging on. */
    private static final class Candidate {
        long count;
        String contentType;
        long size;
        final Set<String> oldBodies = new LinkedHashSet<>();
    }

    public SoftFailureGate(int minObjects, double share) {
        this.minObjects = Math.max(1, minObjects);
        this.share = share;
    }

    /** A stored object the origin answered again with the same body. */
    public synchronized void unchanged() {
        checked++;
    }

    /** A stored object whose body changed. */
    public synchronized void changed(ManifestEntry old, String path, String md5, long size, String contentType) {
        checked++;
        changed++;
        ResourceType before = ResourceTypes.classify(old.contentType(), path);
        ResourceType now = ResourceTypes.classify(contentType, path);
        if (before != ResourceType.HTML) {
            nonHtmlChanged++;
            if (now == ResourceType.HTML) {
                becameHtml++;
            }
        }
        if (old.size() > 0 && size == 0) {
            emptied++;
        } else if (old.size() >= 1024 && size * 10 < old.size()) {
            shrunk++;
        }
        count(md5, old.md5(), size, contentType);
    }

    public synchronized long changedCount() {
        return changed;
    }

    /** A key the backup did not have. */
    public synchronized void added() {
        added++;
    }

    /** A stored object the origin now says is gone (404/410). */
    public synchronized void gone() {
        checked++;
        gone++;
    }

    /** The entry page fails a check of its own (e.g. it lacks the --guard-body text). */
    public synchronized void entryProblem(String problem) {
        entryProblem = problem;
    }

    private void count(String md5, String oldMd5, long size, String contentType) {
        Candidate c = candidates.get(md5);
        if (c == null && candidates.size() >= CANDIDATES) {
            // Misra-Gries: no free slot, so every candidate loses one and the empty ones make room.
            for (Iterator<Candidate> it = candidates.values().iterator(); it.hasNext(); ) {
                Candidate other = it.next();
                if (--other.count <= 0) {
                    it.remove();
                }
            }
            return;
        }
        if (c == null) {
            c = new Candidate();
            c.contentType = contentType;
            c.size = size;
            candidates.put(md5, c);
        }
        c.count++;
        if (oldMd5 != null && c.oldBodies.size() < OLD_BODIES_CAP) {
            c.oldBodies.add(oldMd5);
        }
    }

    private boolean enough(long n, long of) {
        return n >= minObjects && n >= share * of;
    }

    /** The verdict on the pass so far. */
    public synchronized GateVerdict judge() {
        List<String> reasons = new ArrayList<>();
        if (entryProblem != null) {
            reasons.add(entryProblem);
        }
        Map.Entry<String, Candidate> top = null;
        for (Map.Entry<String, Candidate> e : candidates.entrySet()) {
            if (top == null || e.getValue().count > top.getValue().count) {
                top = e;
            }
        }
        if (top != null) {
            Candidate c = top.getValue();
            long distinctBefore = c.oldBodies.size();
            // Bodies that were already alike (tag pages) and stay alike are not a convergence.
            if (enough(c.count, changed) && distinctBefore >= Math.min(Math.max(2, c.count / 2), OLD_BODIES_CAP / 2)) {
                reasons.add(c.count + " of " + changed + " changed objects now have the same body (MD5 "
                        + top.getKey() + ", " + (c.contentType == null ? "no type" : c.contentType) + ", " + c.size
                        + " bytes); they had " + (distinctBefore >= OLD_BODIES_CAP ? "at least " : "")
                        + distinctBefore + " different bodies before");
            }
        }
        if (becameHtml >= Math.max(3, minObjects / 2) && becameHtml >= share * nonHtmlChanged) {
            reasons.add(becameHtml + " of " + nonHtmlChanged + " changed images, stylesheets, scripts, fonts "
                    + "or other non-HTML objects now answer HTML");
        }
        if (enough(emptied, changed)) {
            reasons.add(emptied + " of " + changed + " changed objects became empty");
        }
        if (enough(shrunk, changed)) {
            reasons.add(shrunk + " of " + changed + " changed objects shrank to less than a tenth of their size");
        }
        if (enough(gone, checked)) {
            reasons.add(gone + " of " + checked + " stored objects checked now answer 404 or 410");
        }
        return new GateVerdict(!reasons.isEmpty(), reasons, toJson());
    }

    /** The counters, for the report and the checkpoint. */
    public synchronized JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("checked", checked);
        o.addProperty("changed", changed);
        o.addProperty("added", added);
        o.addProperty("nonHtmlChanged", nonHtmlChanged);
        o.addProperty("becameHtml", becameHtml);
        o.addProperty("emptied", emptied);
        o.addProperty("shrunk", shrunk);
        o.addProperty("gone", gone);
        if (entryProblem != null) {
            o.addProperty("entryProblem", entryProblem);
        }
        JsonArray top = new JsonArray();
        for (Map.Entry<String, Candidate> e : candidates.entrySet()) {
            JsonObject c = new JsonObject();
            c.addProperty("md5", e.getKey());
            c.addProperty("count", e.getValue().count);
            c.addProperty("contentType", e.getValue().contentType);
            c.addProperty("size", e.getValue().size);
            JsonArray old = new JsonArray();
            e.getValue().oldBodies.forEach(old::add);
            c.add("oldBodies", old);
            top.add(c);
        }
        o.add("bodies", top);
        return o;
    }

    /** Restores the counters of a checkpointed pass. */
    public synchronized void restore(JsonObject o) {
        if (o == null) {
            return;
        }
        checked = num(o, "checked");
        changed = num(o, "changed");
        added = num(o, "added");
        nonHtmlChanged = num(o, "nonHtmlChanged");
        becameHtml = num(o, "becameHtml");
        emptied = num(o, "emptied");
        shrunk = num(o, "shrunk");
        gone = num(o, "gone");
        entryProblem = o.has("entryProblem") ? o.get("entryProblem").getAsString() : null;
        candidates.clear();
        if (o.has("bodies")) {
            for (JsonElement e : o.getAsJsonArray("bodies")) {
                JsonObject j = e.getAsJsonObject();
                Candidate c = new Candidate();
                c.count = num(j, "count");
                c.contentType = j.has("contentType") && !j.get("contentType").isJsonNull()
                        ? j.get("contentType").getAsString() : null;
                c.size = num(j, "size");
                for (JsonElement b : j.getAsJsonArray("oldBodies")) {
                    c.oldBodies.add(b.getAsString());
                }
                candidates.put(j.get("md5").getAsString().toLowerCase(Locale.ROOT), c);
            }
        }
    }

    private static long num(JsonObject o, String k) {
        return o.has(k) ? o.get(k).getAsLong() : 0;
    }
}
