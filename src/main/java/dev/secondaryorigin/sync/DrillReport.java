package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill found: per kind, how many URLs were tried and answered as the origin did (the readiness
 * figure), and the misses, worst first. JSON only in {@link #toJson()}.
 */
public final class DrillReport {
    /** Misses kept in the report; the counts cover all of them. */
    public static final int MAX_MISSES = 200;

    /** Worst first: what a visitor gets (nothing, an error, wrong content), then pages before assets, shallow first. */
    static final Comparator<DrillOutcome> WORST_FIRST = Comparator
            .comparing((DrillOutcome o) -> o.miss())
            .thenComparing(o -> o.probe().kind())
            .thenComparingInt(o -> o.probe().depth())
            .thenComparing(o -> o.probe().request());

    private final String via;
    private final String selection;
    private final int planned;
    private final Map<DrillKind, int[]> counts;
    private final List<DrillOutcome> misses;
    private final Map<DrillMiss, Integer> missCounts;
    private final long durationMs;

    DrillReport(String via, String selection, int planned, List<DrillOutcome> outcomes, long durationMs) {
        this.via = via;
        this.selection = selection;
        this.planned = planned;
        this.durationMs = durationMs;
        this.counts = new EnumMap<>(DrillKind.class);
        this.missCounts = new EnumMap<>(DrillMiss.class);
        List<DrillOutcome> missed = new ArrayList<>();
        for (DrillOutcome o : outcomes) {
            int[] c = counts.computeIfAbsent(o.probe().kind(), k -> new int[2]);
            c[0]++;
            if (o.ready()) {
                c[1]++;
            } else {
                missed.add(o);
                missCounts.merge(o.miss(), 1, Integer::sum);
            }
        }
        missed.sort(WORST_FIRST);
        this.misses = Collections.unmodifiableList(missed);
    }

    public String via() {
        return via;
    }

    public int tried() {
        int n = 0;
        for (int[] c : counts.values()) {
            n += c[0];
        }
        return n;
    }

    public int ready() {
        int n = 0;
        for (int[] c : counts.values()) {
            n += c[1];
        }
        return n;
    }

    /** URLs planned but not tried because the time ran out. */
    public int notTried() {
        return planned - tried();
    }

    public boolean complete() {
        return notTried() == 0;
    }

    /** The kinds that had URLs, in the order of {@link DrillKind}. */
    public List<DrillKind> kinds() {
        return new ArrayList<>(counts.keySet());
    }

    public int tried(DrillKind k) {
        int[] c = counts.get(k);
        return c == null ? 0 : c[0];
    }

    public int ready(DrillKind k) {
        int[] c = counts.get(k);
        return c == null ? 0 : c[1];
    }

    /** Share of the kind's tried URLs that answered as the origin did, rounded down to 0.1 (100 only when all did). */
    public double readiness(DrillKind k) {
        return percent(ready(k), tried(k));
    }

    public double readiness() {
        return percent(ready(), tried());
    }

    /** The kinds whose readiness is below {@code minPercent}. */
    public List<DrillKind> below(double minPercent) {
        List<DrillKind> out = new ArrayList<>();
        for (DrillKind k : counts.keySet()) {
            if (readiness(k) < minPercent) {
                out.add(k);
            }
        }
        return out;
    }

    /** Every miss, worst first. */
    public List<DrillOutcome> misses() {
        return misses;
    }

    public long durationMs() {
        return durationMs;
    }

    static double percent(int ok, int of) {
        return of == 0 ? 0 : Math.floor(1000.0 * ok / of) / 10;
    }

    public JsonObject toJson() {
        JsonObject r = new JsonObject();
        r.addProperty("via", via);
        r.addProperty("selection", selection);
        r.addProperty("complete", complete());
        r.addProperty("tried", tried());
        r.addProperty("ready", ready());
        r.addProperty("notTried", notTried());
        r.addProperty("readinessPercent", readiness());
        JsonObject kinds = new JsonObject();
        for (DrillKind k : counts.keySet()) {
            JsonObject o = new JsonObject();
            o.addProperty("tried", tried(k));
            o.addProperty("ready", ready(k));
            o.addProperty("readinessPercent", readiness(k));
            kinds.add(k.id(), o);
        }
        r.add("kinds", kinds);
        JsonObject why = new JsonObject();
        for (Map.Entry<DrillMiss, Integer> e : missCounts.entrySet()) {
            why.addProperty(e.getKey().id(), e.getValue());
        }
        r.add("missReasons", why);
        JsonArray list = new JsonArray();
        for (DrillOutcome o : misses.subList(0, Math.min(MAX_MISSES, misses.size()))) {
            JsonObject m = new JsonObject();
            m.addProperty("url", o.probe().request());
            m.addProperty("kind", o.probe().kind().id());
            m.addProperty("status", o.status());
            m.addProperty("miss", o.miss().id());
            m.addProperty("problem", o.problem());
            list.add(m);
        }
        r.add("misses", list);
        r.addProperty("durationMs", durationMs);
        return r;
    }
}
