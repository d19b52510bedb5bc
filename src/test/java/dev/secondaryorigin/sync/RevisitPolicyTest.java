package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevisitPolicyTest {
    private static final long H = 3600;
    private static final long HOUR_MS = H * 1000;
    private final RevisitPolicy policy = new RevisitPolicy(H, 24 * H);

    private static ManifestEntry page(String path, String md5, int revisit, long lastSeen) {
        return ManifestEntry.builder(path).contentType("text/html").md5(md5).status(200).stored(true)
                .lastSeen(lastSeen).revisitSeconds(revisit).build();
    }

    @Test
    void aNewPageStartsAtTheMinimumAFingerprintedAssetAtTheMaximumOtherFilesBetween() {
        assertEquals(H, policy.intervalAfter(null, page("/news/", "a", 0, 0)));
        ManifestEntry bundle = ManifestEntry.builder("/static/app.3f9a2c1b.js").contentType("application/javascript")
                .md5("a").status(200).build();
        assertEquals(24 * H, policy.intervalAfter(null, bundle));
        ManifestEntry logo = ManifestEntry.builder("/img/logo.png").contentType("image/png").md5("a").status(200).build();
        assertEquals(4 * H, policy.intervalAfter(null, logo));
    }

    @Test
    void unchangedDoublesUpToTheMaximumChangedHalvesDownToTheMinimum() {
        ManifestEntry before = page("/a.html", "m1", (int) (2 * H), 0);
        assertEquals(4 * H, policy.intervalAfter(before, page("/a.html", "m1", (int) (2 * H), HOUR_MS)));
        assertEquals(H, policy.intervalAfter(before, page("/a.html", "m2", (int) (2 * H), HOUR_MS)));
        ManifestEntry slow = page("/a.html", "m1", (int) (20 * H), 0);
        assertEquals(24 * H, policy.intervalAfter(slow, slow));
        ManifestEntry fast = page("/a.html", "m1", (int) H, 0);
        assertEquals(H, policy.intervalAfter(fast, page("/a.html", "m9", (int) H, 0)));
    }

    @Test
    void aNewStatusOrRedirectTargetIsAChangeAFailureIsDueAgainNextPass() {
        ManifestEntry before = page("/a.html", "m1", (int) (8 * H), 0);
        ManifestEntry gone = before.toBuilder().status(404).build();
        assertEquals(4 * H, policy.intervalAfter(before, gone));
        ManifestEntry moved = before.toBuilder().status(301).redirect("/b.html").build();
        assertEquals(4 * H, policy.intervalAfter(before, moved));
        assertEquals(0, policy.intervalAfter(before, before.toBuilder().status(503).build()));
        assertEquals(0, policy.intervalAfter(before, before.toBuilder().status(0).build()));
    }

    @Test
    void dueOnceTheIntervalHasPassedAndAlwaysWithoutASchedule() {
        long t0 = 1_000_000_000_000L;
        ManifestEntry e = page("/a.html", "m1", (int) (4 * H), t0);
        // Jitter brings a 4h interval forward by up to an hour (and timer slack by 5 %): never before 2.85h.
        assertFalse(policy.due(e, t0 + 2 * HOUR_MS + 50 * 60_000, HOUR_MS));
        assertTrue(policy.due(e, t0 + 4 * HOUR_MS, HOUR_MS));
        // A timer that fires a minute early still finds it due.
        assertTrue(policy.due(e, t0 + 4 * HOUR_MS - 60_000, HOUR_MS));
        assertTrue(policy.due(page("/old.html", "m1", 0, t0), t0 + 1, HOUR_MS), "no interval: an older manifest");
        assertTrue(policy.due(e.toBuilder().status(500).build(), t0 + 1, HOUR_MS), "a failure is asked again");
    }

    @Test
    void aUrlIsDueWhenItsMaximumWouldRunOutBeforeTheNextPass() {
        long t0 = 1_000_000_000_000L;
        ManifestEntry e = page("/a.html", "m1", (int) (24 * H), t0);
        // Passes every 5 hours: the one at 20h is the last before 24h runs out (jitter may make it due at 15h).
        assertFalse(policy.due(e, t0 + 10 * HOUR_MS, 5 * HOUR_MS));
        assertTrue(policy.due(e, t0 + 20 * HOUR_MS, 5 * HOUR_MS));
        // A stored interval beyond a lowered maximum counts as the maximum.
        ManifestEntry longer = page("/a.html", "m1", (int) (100 * H), t0);
        assertTrue(policy.due(longer, t0 + 24 * HOUR_MS, 0));
    }

    @Test
    void aCohortFirstSeenTogetherComesDueSpreadAndNeverLaterThanTheMaximum() {
        long t0 = 1_000_000_000_000L;
        int n = 10_000;
        long[] last = new long[n];
        List<ManifestEntry> cohort = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Fingerprinted files start at the maximum: without jitter all of them come due in the same pass.
            cohort.add(ManifestEntry.builder(String.format("/static/chunk-%d.%08x.js", i, i * 2654435761L & 0xffffffffL))
                    .contentType("application/javascript").md5("m").status(200).revisitSeconds((int) (24 * H)).build());
            last[i] = t0;
        }
        int[] perPass = hourlyPasses(cohort, last, t0, 7 * 24);
        int busiest = 0;
        int passesWithChecks = 0;
        for (int count : perPass) {
            busiest = Math.max(busiest, count);
            passesWithChecks += count > 0 ? 1 : 0;
        }
        // Spread over a quarter of 24h, about a sixth of the cohort per hourly pass at first, less as it drifts apart.
        assertTrue(busiest <= n / 4, "busiest pass " + busiest + " of " + n + ": " + Arrays.toString(perPass));
        assertTrue(passesWithChecks > 7 * 12, "checks in " + passesWithChecks + " of 168 passes");
        int lastDayBusiest = 0;
        for (int h = 6 * 24; h < 7 * 24; h++) {
            lastDayBusiest = Math.max(lastDayBusiest, perPass[h]);
        }
        // Each check draws a new share, so the waves flatten: a week on, no pass holds an eighth of the cohort.
        assertTrue(lastDayBusiest <= n / 8, "busiest pass on the seventh day " + lastDayBusiest);
        int firstWave = 0;
        for (int h = 0; h < 24; h++) {
            firstWave += perPass[h];
        }
        assertEquals(n, firstWave, "every URL checked within the first 24 hours");
        assertTrue(Arrays.equals(perPass, hourlyPasses(cohort, fill(t0, n), t0, 7 * 24)), "deterministic");
        assertEquals(RevisitPolicy.jitterShare("/static/a.js", 86400, t0), RevisitPolicy.jitterShare("/static/a.js", 86400, t0));
    }

    /**
     * Hourly passes from {@code t0} on, over {@code hours}, each checking the due URLs of an unchanging cohort: how
     * many each pass checked; fails if a URL is left unchecked longer than the maximum.
     */
    private int[] hourlyPasses(List<ManifestEntry> cohort, long[] last, long t0, int hours) {
        int[] perPass = new int[hours];
        for (int h = 1; h <= hours; h++) {
            long now = t0 + h * HOUR_MS;
            for (int i = 0; i < cohort.size(); i++) {
                ManifestEntry e = cohort.get(i);
                if (policy.due(e.toBuilder().lastSeen(last[i]).build(), now, HOUR_MS)) {
                    last[i] = now;
                    perPass[h - 1]++;
                }
                assertTrue(now + HOUR_MS - last[i] <= 24 * HOUR_MS, e.path() + " would be older than --max-revisit");
            }
        }
        return perPass;
    }

    private static long[] fill(long value, int n) {
        long[] a = new long[n];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void jitterBringsAUrlForwardByAtMostAQuarterOfItsIntervalAndNeverBelowTheMinimum() {
        long t0 = 1_000_000_000_000L;
        long earliest = Long.MAX_VALUE;
        long latest = 0;
        int[] quarters = new int[4];
        for (int i = 0; i < 2_000; i++) {
            ManifestEntry e = page("/p/" + i + ".html", "m", (int) (8 * H), t0);
            long at = firstDueMinute(e, t0);
            earliest = Math.min(earliest, at);
            latest = Math.max(latest, at);
            // Where in the window [0.75, 1] of the 8h interval (less 5 % timer slack) it fell.
            quarters[(int) Math.min(3, (at - 342) * 4 / (456 - 342 + 1))]++;
            assertTrue(policy.due(e, t0 + at * 60_000, 0) && !policy.due(e, t0 + (at - 1) * 60_000, 0),
                    "the same answer every call");
            ManifestEntry fast = page("/p/" + i + ".html", "m", (int) H, t0);
            assertEquals(57, firstDueMinute(fast, t0), "at the minimum: no jitter below it, 5 % timer slack only");
        }
        assertTrue(earliest >= 8 * 60 * 3 / 4 * 95 / 100 && latest <= 8 * 60 * 95 / 100, earliest + ".." + latest);
        for (int q : quarters) {
            assertTrue(q > 2_000 / 4 * 8 / 10 && q < 2_000 / 4 * 12 / 10, "evenly spread: " + Arrays.toString(quarters));
        }
    }

    /** The first minute after {@code t0} at which the URL is due, with no pass expected after it. */
    private long firstDueMinute(ManifestEntry e, long t0) {
        for (long m = 0; m < 48 * 60; m++) {
            if (policy.due(e, t0 + m * 60_000, 0)) {
                return m;
            }
        }
        throw new AssertionError(e.path() + " never due");
    }

    @Test
    void maxRevisitZeroAsksEveryUrlEveryPass() {
        RevisitPolicy off = new RevisitPolicy(H, 0);
        assertTrue(off.everyPass());
        assertTrue(off.due(page("/a.html", "m1", (int) (24 * H), 0), 1, 0));
        assertEquals(0, off.intervalAfter(null, page("/a.html", "m1", 0, 0)));
    }

    @Test
    void fingerprintsAreHexRunsWithLettersAndDigitsInTheFileName() {
        assertTrue(RevisitPolicy.fingerprinted("/static/app.3f9a2c1b.js"));
        assertTrue(RevisitPolicy.fingerprinted("/css/main-5d41402abc4b2a76.css?v=1"));
        assertTrue(RevisitPolicy.fingerprinted("/f/chunk_0a1b2c3d4e.woff2"));
        assertFalse(RevisitPolicy.fingerprinted("/img/logo.png"));
        assertFalse(RevisitPolicy.fingerprinted("/reports/report-20240101.pdf"), "a date is not a hash");
        assertFalse(RevisitPolicy.fingerprinted("/js/deadbeef.js"), "no delimiter before it: a word, not a hash");
        assertFalse(RevisitPolicy.fingerprinted("/3f9a2c1bdd/app.js"), "only the file name counts");
    }

    @Test
    void theIntervalSurvivesTheManifestAndAnOlderManifestReadsAsDueNow() throws IOException {
        Manifest m = new Manifest();
        m.put(page("/a.html", "m1", 7200, 5000));
        ManifestEntry back = Manifest.fromBytes(m.toBytes()).get("/a.html");
        assertEquals(7200, back.revisitSeconds());
        assertEquals(5000, back.lastSeen());

        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStreamWriter w = new OutputStreamWriter(new GZIPOutputStream(gz), StandardCharsets.UTF_8)) {
            w.write("{\"p\":\"/old.html\",\"m\":\"m1\",\"ct\":\"text/html\",\"t\":5000,\"st\":200,\"d\":1,\"k\":1}\n");
        }
        ManifestEntry old = Manifest.fromBytes(gz.toByteArray()).get("/old.html");
        assertEquals(0, old.revisitSeconds());
        assertTrue(policy.due(old, 5001, 0));
    }
}
