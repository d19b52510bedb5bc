package dev.secondaryorigin.it;

import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.StoredObject;
import dev.secondaryorigin.testing.origin.ScenarioSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soft-failure gate with an OSS bucket (the emulator, through the real SDK) as the secondary origin: after a
 * good pass, a maintenance page, empty bodies or an SPA fallback for every URL is refused (exit 6) with every
 * site object's bytes, headers and {@code x-oss-meta-*} as they were, not one write outside
 * {@code .secondary-origin/} and no new key; a redesign of 30 % or of every file is stored in full.
 */
class OssSoftFailureGateTest {
    static final String TASK = "t1";
    static OssBackup oss;

    @TempDir
    Path work;

    ScenarioSite site;
    Nginx nginx;
    EmulatedBucket bucket;

    @BeforeAll
    static void startOss() throws IOException {
        oss = OssBackup.start();
    }

    @AfterAll
    static void stopOss() {
        if (oss != null) {
            oss.close();
        }
    }

    @BeforeEach
    void start(TestInfo info) throws IOException {
        site = new ScenarioSite(work.resolve("site"));
        String name = "gate-" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        bucket = oss.oss.createBucket(name.substring(0, Math.min(name.length(), 63)));
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void aMaintenancePageForEveryUrlIsRefused() throws IOException {
        goodPass();
        Map<String, String> before = snapshot();
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));
        assertRefused(before);
    }

    @Test
    void emptyBodiesForEveryUrlAreRefused() throws IOException {
        goodPass();
        Map<String, String> before = snapshot();
        nginx.reload(site.emptyBodiesOrigin(work.resolve("empty")));
        assertRefused(before);
    }

    @Test
    void anSpaFallbackAnsweringTheHomePageForEveryPathIsRefused() throws IOException {
        goodPass();
        Map<String, String> before = snapshot();
        nginx.reload(site.spaFallbackOrigin());
        assertRefused(before);
    }

    @Test
    void aRedesignChangingThirtyPercentOfTheFilesIsStored() throws IOException {
        goodPass();
        List<String> changed = site.pick(0.3);
        site.change(changed);
        site.write();
        OssBackup.CliRun r = sync();
        SoftFailureGateTest.assertCompleted(r);
        assertBucketMirrorsSite();
    }

    @Test
    void aRedesignChangingEveryFileIsStored() throws IOException {
        goodPass();
        site.changeWhere(k -> true);
        site.write();
        OssBackup.CliRun r = sync();
        SoftFailureGateTest.assertCompleted(r);
        assertBucketMirrorsSite();
    }

    // ------------------------------------------------------------------ helpers

    private OssBackup.CliRun sync(String... extra) throws IOException {
        List<String> more = new ArrayList<>(Arrays.asList("--task-name", TASK));
        more.addAll(Arrays.asList(extra));
        return oss.sync(nginx.url(), bucket.name(), work, more.toArray(new String[0]));
    }

    private void goodPass() throws IOException {
        site.write();
        nginx = Nginx.start(site.healthyOrigin());
        OssBackup.CliRun r = sync();
        assertEquals(0, r.code, "the good pass: " + r);
        assertBucketMirrorsSite();
    }

    private Set<String> siteKeys() {
        Set<String> keys = new TreeSet<>();
        for (String k : bucket.keys()) {
            if (!k.startsWith(OssBackup.STATE)) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** Each site object as MD5 of its bytes, its kept headers and its user metadata. */
    private Map<String, String> snapshot() {
        Map<String, String> m = new TreeMap<>();
        for (String k : siteKeys()) {
            StoredObject o = bucket.object(k).orElseThrow();
            m.put(k, OssBackup.md5Hex(o.bytes()) + " " + o.size() + " headers " + new TreeMap<>(o.headers())
                    + " meta " + new TreeMap<>(o.userMeta()));
        }
        return m;
    }

    private void assertBucketMirrorsSite() {
        Map<String, byte[]> expected = site.contents();
        Set<String> keys = siteKeys();
        assertEquals(expected.keySet(), keys, "keys in the bucket");
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (!Arrays.equals(e.getValue(), bucket.object(e.getKey()).orElseThrow().bytes())) {
                differing.add(e.getKey());
            }
        }
        assertTrue(differing.isEmpty(), "objects whose bytes differ from the origin's: "
                + SoftFailureGateTest.brief(differing));
        assertEquals("public, max-age=600", bucket.object("css/site.css").orElseThrow().headers().get("Cache-Control"));
    }

    /** Runs the pass that must be refused, then checks the bucket, the requests it got, and the report. */
    private void assertRefused(Map<String, String> before) throws IOException {
        oss.oss.requests().clear();
        OssBackup.CliRun r = sync();
        Map<String, String> after = snapshot();
        Set<String> changed = new TreeSet<>();
        for (String k : before.keySet()) {
            if (!before.get(k).equals(after.get(k))) {
                changed.add(k);
            }
        }
        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        String outcome = "(exit " + r.code + ", result " + (r.report == null ? null : r.report.get("result")) + ")";
        assertTrue(changed.isEmpty() && added.isEmpty(), "the refused pass " + outcome + " changed "
                + SoftFailureGateTest.brief(changed) + " and added " + SoftFailureGateTest.brief(added));
        Set<String> writes = oss.siteWrites(e -> e.bucket().equals(bucket.name()));
        assertEquals(Collections.emptySet(), writes, "writes outside " + OssBackup.STATE + " " + outcome);
        assertEquals(0, oss.oss.requests().count(e -> e.bucket().equals(bucket.name()) && e.method().equals("DELETE")
                && !e.key().startsWith(OssBackup.STATE)), "deletes outside " + OssBackup.STATE);
        SoftFailureGateTest.assertRefusedReport(r);
    }
}
