package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
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
        assertFalse(policy.due(e, t0 + 3 * HOUR_MS, HOUR_MS));
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
        // Passes every 5 hours: the one at 20h is the last before 24h runs out.
        assertFalse(policy.due(e, t0 + 15 * HOUR_MS, 5 * HOUR_MS));
        assertTrue(policy.due(e, t0 + 20 * HOUR_MS, 5 * HOUR_MS));
        // A stored interval beyond a lowered maximum counts as the maximum.
        ManifestEntry longer = page("/a.html", "m1", (int) (100 * H), t0);
        assertTrue(policy.due(longer, t0 + 24 * HOUR_MS, 0));
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
