package dev.secondaryorigin.cdn;

import com.aliyuncs.cdn.model.v20180510.ModifyCdnDomainRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The layer-7 origin guard. The CDN fails over to a secondary origin only when layer-4 probes fail; an
 * origin that accepts connections but answers 502 or a maintenance page keeps being used. Each run probes
 * the primary origin once; after {@code failures} failed probes in a row it swaps the priorities so the
 * bucket is primary ({@code ModifyCdnDomain}), and after {@code successes} healthy probes in a row it
 * restores the origins as they were. It never promotes a backup whose last complete pass is older than the
 * allowed age, or a bucket that is not an origin of the domain. Counters and every switch are kept in the
 * task state ({@code guard.json}); a switch is computed from the domain's current origins, so a run that
 * overlaps another (or a switch made by hand) never switches twice.
 */
public final class OriginGuard {
    static final int MAX_SWITCHES_KEPT = 50;

    /** A look at the primary origin: null when healthy, else what was wrong. */
    public interface Probe {
        String check();
    }

    /** What the guard needs to know about the task. */
    public static final class Settings {
        final String domain;
        final OssOriginEndpoint bucket;
        final int failures;
        final int successes;
        final Duration maxBackupAge;

        public Settings(String domain, OssOriginEndpoint bucket, int failures, int successes, Duration maxBackupAge) {
            this.domain = domain;
            this.bucket = bucket;
            this.failures = failures;
            this.successes = successes;
            this.maxBackupAge = maxBackupAge;
        }
    }

    private final CdnApi api;
    private final ObjectStore store;
    private final String stateKey;
    private final Supplier<Instant> clock;

    /** {@code stateKey}: where the guard keeps its state, e.g. {@code .secondary-origin/<task>/guard.json}. */
    public OriginGuard(CdnApi api, ObjectStore store, String stateKey, Supplier<Instant> clock) {
        this.api = api;
        this.store = store;
        this.stateKey = stateKey;
        this.clock = clock;
    }

    /**
     * One guard run: probe, count, switch if a threshold is reached. {@code lastCompletePass}: when the
     * last complete sync pass finished (empty: never). Returns the guard's state and what it did.
     */
    public JsonObject run(Settings s, Probe probe, Optional<Instant> lastCompletePass, Consumer<String> log)
            throws IOException {
        Instant now = clock.get();
        JsonObject st = load();
        String problem = probe.check();
        boolean healthy = problem == null;
        inc(st, "probes");
        if (healthy) {
            st.addProperty("consecutiveFailures", 0);
            inc(st, "consecutiveSuccesses");
        } else {
            inc(st, "failedProbes");
            st.addProperty("consecutiveSuccesses", 0);
            inc(st, "consecutiveFailures");
        }
        JsonObject last = new JsonObject();
        last.addProperty("at", now.toString());
        last.addProperty("healthy", healthy);
        if (!healthy) {
            last.addProperty("problem", problem);
        }
        st.add("lastProbe", last);
        String action = "none";
        boolean failedOver = "failed-over".equals(st.get("mode").getAsString());
        if (!failedOver && !healthy && st.get("consecutiveFailures").getAsInt() >= s.failures) {
            action = promote(s, st, problem, lastCompletePass, now, log);
        } else if (failedOver && healthy && st.get("consecutiveSuccesses").getAsInt() >= s.successes) {
            action = restore(s, st, now, log);
        }
        st.addProperty("updatedAt", now.toString());
        store.putState(stateKey, st.toString().getBytes(StandardCharsets.UTF_8), "application/json");
        JsonObject out = st.deepCopy();
        out.remove("savedSources");
        out.addProperty("action", action);
        return out;
    }

    private String promote(Settings s, JsonObject st, String problem, Optional<Instant> lastCompletePass, Instant now,
                           Consumer<String> log) {
        if (!lastCompletePass.isPresent()
                || Duration.between(lastCompletePass.get(), now).compareTo(s.maxBackupAge) > 0) {
            inc(st, "refusedPromotions");
            String why = "primary origin failing (" + problem + ") but the backup is stale: last complete pass "
                    + (lastCompletePass.isPresent() ? lastCompletePass.get().toString() : "never")
                    + ", allowed age " + s.maxBackupAge.toHours() + " h; not promoting it";
            st.addProperty("lastRefusal", why);
            log.accept(why);
            return "promotion-refused-stale-backup";
        }
        List<OriginSource> current = new OriginAttacher(api).origins(s.domain);
        OriginSource bucket = find(current, s.bucket.host());
        if (bucket == null) {
            inc(st, "refusedPromotions");
            String why = "primary origin failing (" + problem + ") but " + s.bucket.host() + " is not an origin of "
                    + s.domain + "; run attach-origin first";
            st.addProperty("lastRefusal", why);
            log.accept(why);
            return "promotion-refused-not-attached";
        }
        List<OriginSource> swapped = new ArrayList<>();
        boolean otherPrimary = false;
        for (OriginSource o : current) {
            if (o == bucket) {
                swapped.add(o.withPriority(OriginSource.PRIMARY));
            } else {
                otherPrimary |= o.primary();
                swapped.add(o.withPriority(OriginSource.SECONDARY));
            }
        }
        if (bucket.primary() && !otherPrimary) {
            st.addProperty("mode", "failed-over");
            log.accept("the bucket is already the only primary origin of " + s.domain + "; nothing to change");
            return "already-failed-over";
        }
        st.addProperty("savedSources", OriginSource.sourcesJson(current));
        modify(s.domain, swapped);
        st.addProperty("mode", "failed-over");
        recordSwitch(st, now, "to-backup", problem);
        log.accept("failed over: " + s.bucket.host() + " is now the primary origin of " + s.domain + " (" + problem + ")");
        return "failed-over";
    }

    private String restore(Settings s, JsonObject st, Instant now, Consumer<String> log) {
        List<OriginSource> current = new OriginAttacher(api).origins(s.domain);
        List<OriginSource> saved = st.has("savedSources")
                ? OriginSource.parseSources(st.get("savedSources").getAsString()) : new ArrayList<>();
        List<OriginSource> restored = new ArrayList<>();
        for (OriginSource o : current) {
            OriginSource before = find(saved, o.content());
            if (before != null) {
                restored.add(o.withPriority(before.priority()));
            } else if (o.isHost(s.bucket.host())) {
                restored.add(o.withPriority(OriginSource.SECONDARY));
            } else {
                restored.add(o.withPriority(OriginSource.PRIMARY));
            }
        }
        st.addProperty("mode", "primary");
        st.remove("savedSources");
        if (restored.equals(current)) {
            log.accept("origins of " + s.domain + " are already restored; nothing to change");
            return "already-restored";
        }
        modify(s.domain, restored);
        recordSwitch(st, now, "to-primary", "primary origin healthy for " + s.successes + " probes in a row");
        log.accept("restored the primary origin of " + s.domain);
        return "restored";
    }

    private void modify(String domain, List<OriginSource> sources) {
        ModifyCdnDomainRequest m = new ModifyCdnDomainRequest();
        m.setDomainName(domain);
        m.setSources(OriginSource.sourcesJson(sources));
        api.call(m, "ModifyCdnDomain");
    }

    private static OriginSource find(List<OriginSource> list, String host) {
        for (OriginSource o : list) {
            if (o.isHost(host)) {
                return o;
            }
        }
        return null;
    }

    private static void recordSwitch(JsonObject st, Instant now, String to, String reason) {
        JsonArray sw = st.has("switches") ? st.getAsJsonArray("switches") : new JsonArray();
        JsonObject e = new JsonObject();
        e.addProperty("at", now.toString());
        e.addProperty("to", to);
        e.addProperty("reason", reason);
        sw.add(e);
        while (sw.size() > MAX_SWITCHES_KEPT) {
            sw.remove(0);
        }
        st.add("switches", sw);
        inc(st, "switchCount");
        st.addProperty("consecutiveFailures", 0);
        st.addProperty("consecutiveSuccesses", 0);
    }

    private JsonObject load() throws IOException {
        Optional<byte[]> b = store.getBytes(stateKey);
        JsonObject st = null;
        if (b.isPresent()) {
            try {
                st = JsonParser.parseString(new String(b.get(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                st = null;
            }
        }
        if (st == null) {
            st = new JsonObject();
        }
        if (!st.has("mode")) {
            st.addProperty("mode", "primary");
        }
        for (String k : new String[] {"consecutiveFailures", "consecutiveSuccesses", "probes", "failedProbes",
                "switchCount", "refusedPromotions"}) {
            if (!st.has(k)) {
                st.addProperty(k, 0);
            }
        }
        return st;
    }

    private static void inc(JsonObject o, String k) {
        o.addProperty(k, (o.has(k) ? o.get(k).getAsLong() : 0) + 1);
    }
}
