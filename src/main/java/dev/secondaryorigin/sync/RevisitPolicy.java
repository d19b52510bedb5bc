package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.ResourceTypes;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.task.ResourceType;
import dev.secondaryorigin.task.TaskConfig;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Pure: when a known URL is next asked of the origin. Each check that finds a change halves the URL's revisit
 * interval, each that finds none doubles it, always between {@code --min-revisit} and {@code --max-revisit}. A
 * new URL starts at the minimum when it is a page, at the maximum when its name carries a content hash (a
 * fingerprinted asset changes its URL, not its bytes), and in between for other files.
 *
 * <p>No URL goes unchecked longer than the maximum: a URL whose maximum would run out before the next pass
 * (expected one {@code lookahead} away, the gap since the previous pass) is due now.
 *
 * <p>Jitter: each URL comes due up to a quarter of its interval early, by a share fixed by a hash of its path,
 * interval and last check. URLs first seen together (a whole site at its first pass, fingerprinted files at the
 * maximum) would otherwise stay in step and come due in one wave every maximum; with jitter a cohort's due times
 * spread evenly over the last quarter of the interval, and since each check draws a new share they drift further
 * apart pass by pass.
 * Jitter only shortens (never below the minimum), so the maximum still holds; it is deterministic, so a pass is
 * reproducible and tests can assert it.
 */
public final class RevisitPolicy {
    /** A new asset without a content hash in its name starts at this many times the minimum. */
    static final int ASSET_START_FACTOR = 4;
    /** Timer slack: a URL is due this share of its interval early (1/20: 3 minutes of an hour). */
    static final int EARLY_SHARE = 20;
    /** Jitter takes up to this share of an interval off it: a quarter, so a cohort spreads over 6 h of 24 h. */
    static final int SPREAD_SHARE = 4;
    /** Jitter's share is {@code k / 2^FRACTION_BITS} of the spread, k taken from the hash. */
    private static final int FRACTION_BITS = 16;
    /**
     * A run of at least 8 hex digits, with a letter and a digit among them, between dots, dashes or underscores
     * of a file name: {@code app.3f9a2c1b.js}, {@code main-5d41402abc4b2a76.css}, {@code chunk_0a1b2c3d4e.woff2}.
     */
    private static final Pattern FINGERPRINT = Pattern.compile(
            "[._-](?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,64}(?=[._-])", Pattern.CASE_INSENSITIVE);

    private final long minSeconds;
    private final long maxSeconds;

    public RevisitPolicy(long minSeconds, long maxSeconds) {
        if (minSeconds < 0 || maxSeconds < 0 || maxSeconds > 0 && minSeconds > maxSeconds) {
            throw new IllegalArgumentException("min " + minSeconds + " max " + maxSeconds);
        }
        this.minSeconds = Math.max(1, minSeconds);
        this.maxSeconds = maxSeconds;
    }

    public static RevisitPolicy of(TaskConfig config) {
        return new RevisitPolicy(config.minRevisitSeconds(), config.maxRevisitSeconds());
    }

    /** {@code --max-revisit 0}: every known URL is asked every pass, as before the policy. */
    public boolean everyPass() {
        return maxSeconds == 0;
    }

    /**
     * Whether a known URL is asked in the pass that started at {@code now}.
     *
     * @param lookaheadMillis how far away the next pass is expected (the gap since the previous one)
     */
    public boolean due(ManifestEntry e, long now, long lookaheadMillis) {
        if (everyPass() || e.revisitSeconds() <= 0 || !scheduled(e.status())) {
            return true;
        }
        long last = e.lastSeen();
        long intervalSeconds = Math.max(minSeconds, Math.min(e.revisitSeconds(), maxSeconds));
        long share = jitterShare(e.path(), intervalSeconds, last);
        long interval = jittered(intervalSeconds * 1000L, share);
        // The maximum's deadline takes the same share off, so the URLs it catches spread as evenly as the others
        // instead of piling up in the last pass before the maximum.
        long max = jittered(maxSeconds * 1000L, share);
        // A timer that fires a little early must not push a URL a whole pass later.
        return now >= last + interval - interval / EARLY_SHARE
                || now + Math.max(0, lookaheadMillis) >= last + max - max / EARLY_SHARE;
    }

    /** The interval less the path's share of a quarter of it, never below the minimum. */
    private long jittered(long millis, long share) {
        long spread = millis / SPREAD_SHARE;
        return Math.max(Math.min(minSeconds * 1000L, millis), millis - (spread * share >>> FRACTION_BITS));
    }

    /**
     * A share in [0, 2^16) fixed by the path, the interval and the last check: a URL draws again after each check,
     * so URLs that drew alike once (and came due in the same pass) do not stay in step. {@link String#hashCode()}
     * is specified by the language, so the share is the same in every JVM; the SplitMix64 finalizer spreads the
     * near-equal hashes of neighbouring paths ({@code /p/1}, {@code /p/2}).
     */
    static long jitterShare(String path, long intervalSeconds, long lastSeen) {
        long z = mix(lastSeen) + (((long) path.hashCode() << 32) ^ (intervalSeconds & 0xffffffffL));
        return mix(z) >>> (64 - FRACTION_BITS);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The revisit interval, in seconds, of a URL the origin was just asked about: {@code before} is what the
     * manifest held (null for a new URL), {@code after} what it holds now. 0 (due next pass) when the answer was
     * a failure worth trying again soon.
     */
    public int intervalAfter(ManifestEntry before, ManifestEntry after) {
        if (everyPass() || !scheduled(after.status())) {
            return 0;
        }
        long next;
        if (before == null) {
            next = start(after);
        } else if (changed(before, after)) {
            next = (before.revisitSeconds() > 0 ? before.revisitSeconds() : start(after)) / 2;
        } else {
            next = before.revisitSeconds() > 0 ? before.revisitSeconds() * 2L : start(after);
        }
        return (int) Math.max(minSeconds, Math.min(maxSeconds, next));
    }

    /** The interval a URL seen for the first time starts at. */
    long start(ManifestEntry e) {
        ResourceType type = ResourceTypes.classify(e.contentType(), e.path());
        if (type == ResourceType.HTML || e.redirect() != null) {
            return minSeconds;
        }
        if (fingerprinted(e.path())) {
            return maxSeconds;
        }
        return Math.min(maxSeconds, minSeconds * ASSET_START_FACTOR);
    }

    /** Whether the file name carries a content hash, so its bytes never change under this URL. */
    static boolean fingerprinted(String path) {
        int q = path.indexOf('?');
        String p = q >= 0 ? path.substring(0, q) : path;
        String name = p.substring(p.lastIndexOf('/') + 1);
        return FINGERPRINT.matcher(name).find();
    }

    /** What the origin said differs from what the manifest held: bytes, status, headers or redirect target. */
    static boolean changed(ManifestEntry before, ManifestEntry after) {
        return before.status() != after.status() || !Objects.equals(before.md5(), after.md5())
                || before.headersHash() != after.headersHash() || !Objects.equals(before.redirect(), after.redirect());
    }

    /**
     * Answers that are kept on a schedule: 200, redirects and "gone". A failure (0, 5xx, other 4xx) is asked
     * again at the next pass, as before the policy.
     */
    private static boolean scheduled(int status) {
        return status == 200 || status == 404 || status == 410 || status >= 300 && status < 400;
    }
}
