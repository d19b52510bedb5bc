package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import java.time.Instant;

/** Counts and sizes from a manifest, for {@code status}. */
public final class ManifestStats {
    private final long urls;
    private final long storedObjects;
    private final long storedBytes;
    private final long redirects;
    private final long redirectObjects;
    private final long failingUrls;
    private final long lastSeenMillis;
    private final long allCheckedSinceMillis;

    private ManifestStats(long urls, long storedObjects, long storedBytes, long redirects, long redirectObjects,
                          long failingUrls, long lastSeenMillis, long allCheckedSinceMillis) {
        this.urls = urls;
        this.storedObjects = storedObjects;
        this.storedBytes = storedBytes;
        this.redirects = redirects;
        this.redirectObjects = redirectObjects;
        this.failingUrls = failingUrls;
        this.lastSeenMillis = lastSeenMillis;
        this.allCheckedSinceMillis = allCheckedSinceMillis;
    }

    public static ManifestStats of(Manifest m) {
        long stored = 0, bytes = 0, failing = 0, redirects = 0, redirectObjects = 0;
        long newest = 0;
        long oldest = Long.MAX_VALUE;
        for (ManifestEntry e : m.entries()) {
            if (!e.speculativeMiss()) {
                oldest = Math.min(oldest, e.lastSeen());
            }
            if (e.stored()) {
                stored++;
                bytes += Math.max(0, e.size());
            }
            if (e.redirect() != null) {
                redirects++;
            }
            if (e.stored() && e.redirectObject() != null) {
                redirectObjects++;
            }
            if (e.status() == 0 || e.status() >= 400) {
                failing++;
            }
            newest = Math.max(newest, e.lastSeen());
        }
        return new ManifestStats(m.size(), stored, bytes, redirects, redirectObjects, failing, newest,
                oldest == Long.MAX_VALUE ? 0 : oldest);
    }

    public long urls() {
        return urls;
    }

    public long storedObjects() {
        return storedObjects;
    }

    public long storedBytes() {
        return storedBytes;
    }

    /** URLs that failed (or answered 4xx/5xx) at the last look. */
    public long failingUrls() {
        return failingUrls;
    }

    /** Every URL of the site was checked at least once since then (the revisit policy's full check), if known. */
    public java.util.Optional<Instant> allCheckedSince() {
        return allCheckedSinceMillis > 0 ? java.util.Optional.of(Instant.ofEpochMilli(allCheckedSinceMillis))
                : java.util.Optional.empty();
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("urls", urls);
        o.addProperty("storedObjects", storedObjects);
        o.addProperty("storedBytes", storedBytes);
        o.addProperty("redirects", redirects);
        o.addProperty("redirectObjects", redirectObjects);
        o.addProperty("failingUrls", failingUrls);
        if (lastSeenMillis > 0) {
            o.addProperty("lastSeen", Instant.ofEpochMilli(lastSeenMillis).toString());
        }
        allCheckedSince().ifPresent(t -> o.addProperty("allCheckedSince", t.toString()));
        return o;
    }
}
