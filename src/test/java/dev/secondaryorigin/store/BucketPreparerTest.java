package dev.secondaryorigin.store;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.testing.oss.RawHttp;
import dev.secondaryorigin.testing.oss.WebsiteConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** prepare-bucket's core, and the website rules a CDN's back-to-origin request then meets. */
class BucketPreparerTest {
    private static final String HOST = "my-backup.oss-cn-hangzhou.aliyuncs.com";
    private OssTestbed bed;
    private BucketPreparer preparer;

    @BeforeEach
    void start() throws IOException {
        bed = OssTestbed.start();
        preparer = new BucketPreparer(bed.target(""), CloudCredentials.of(OssTestbed.AK, OssTestbed.SECRET));
    }

    @AfterEach
    void stop() {
        preparer.close();
        bed.close();
    }

    @Test
    void dryRunReportsWithoutChanging() throws IOException {
        BucketPreparer.Report r = preparer.prepare(BucketPreparer.Settings.defaults().versioning(true), true);
        assertTrue(r.dryRun());
        assertEquals(2, r.changes().size(), r.toString());
        assertTrue(r.toString().contains("would change: static website: index document index.html"), r.toString());
        assertFalse(bed.bucket.website().isPresent());
        assertNull(bed.bucket.versioning());
    }

    @Test
    void prepareIsIdempotent() throws IOException {
        BucketPreparer.Settings want = BucketPreparer.Settings.defaults().errorDocument("404.html", 404).versioning(true);
        BucketPreparer.Report first = preparer.prepare(want, false);
        assertEquals(2, first.changes().size(), first.toString());
        WebsiteConfig w = bed.bucket.website().orElseThrow();
        assertEquals("index.html", w.indexDocument());
        assertTrue(w.supportSubDir());
        assertEquals("0", w.subDirType());
        assertEquals("404.html", w.errorDocument());
        assertEquals("Enabled", bed.bucket.versioning());

        BucketPreparer.Report second = preparer.prepare(want, false);
        assertFalse(second.changed(), second.toString());
        assertEquals(2, second.unchanged().size());

        BucketPreparer.Report third = preparer.prepare(BucketPreparer.Settings.defaults()
                .subDirMode(BucketPreparer.SubDirMode.INDEX).versioning(false), false);
        assertEquals(2, third.changes().size(), third.toString());
        assertEquals("2", bed.bucket.website().orElseThrow().subDirType());
        assertEquals("404.html", bed.bucket.website().orElseThrow().errorDocument(), "the user's error document stays");
        assertEquals("Suspended", bed.bucket.versioning());
    }

    @Test
    void aPrefixedTargetIsWarnedAbout() throws IOException {
        try (BucketPreparer p = new BucketPreparer(bed.target("/www"), CloudCredentials.of(OssTestbed.AK, OssTestbed.SECRET))) {
            BucketPreparer.Report r = p.prepare(BucketPreparer.Settings.defaults().errorDocument("404.html", 404), false);
            assertEquals(1, r.warnings().size());
            assertEquals("www/404.html", bed.bucket.website().orElseThrow().errorDocument());
        }
    }

    private void site(OssStore store) throws IOException {
        for (String k : new String[]{"index.html", "docs/index.html", "docs/page.html", "404.html", "文档/index.html"}) {
            store.put(k, Payload.ofBytes(("page " + k).getBytes(StandardCharsets.UTF_8)),
                    ObjectMeta.builder().contentType("text/html").build());
        }
        store.putState(ObjectStore.STATE_PREFIX + "t/manifest.json", "{}".getBytes(), "application/json");
    }

    @Test
    void anonymousReadsFollowTheWebsiteRules() throws IOException {
        bed.bucket.publicRead(true);
        try (OssStore store = bed.store()) {
            site(store);
        }
        preparer.prepare(BucketPreparer.Settings.defaults().errorDocument("404.html", 404), false);
        int port = bed.oss.port();

        RawHttp.Response root = RawHttp.get(port, HOST, "/");
        assertEquals(200, root.status());
        assertEquals("page index.html", root.text());
        assertEquals("text/html", root.header("Content-Type"));
        assertEquals("page docs/index.html", RawHttp.get(port, HOST, "/docs/").text());
        assertEquals("page docs/page.html", RawHttp.get(port, HOST, "/docs/page.html").text());
        assertEquals("page 文档/index.html", RawHttp.get(port, HOST, "/%E6%96%87%E6%A1%A3/").text());

        RawHttp.Response dir = RawHttp.get(port, HOST, "/docs");
        assertEquals(302, dir.status());
        assertEquals("/docs/", dir.header("Location"));

        RawHttp.Response missing = RawHttp.get(port, HOST, "/nope.html");
        assertEquals(404, missing.status());
        assertEquals("page 404.html", missing.text());

        assertEquals(403, RawHttp.get(port, HOST, "/.secondary-origin/t/manifest.json").status());
        assertEquals(200, RawHttp.get(port, "127.0.0.1:" + port, "/my-backup/docs/").status(), "path-style too");
        RawHttp.Response head = RawHttp.request("HEAD", port, HOST, "/docs/");
        assertEquals(200, head.status());
        assertEquals(String.valueOf("page docs/index.html".length()), head.header("Content-Length"));

        // Signed requests see keys, not website rules.
        try (OssStore store = bed.store()) {
            assertFalse(store.head("docs/").isPresent());
        }
    }

    @Test
    void subDirectoryIndexModeServesTheIndexForADirWithoutSlash() throws IOException {
        bed.bucket.publicRead(true);
        try (OssStore store = bed.store()) {
            site(store);
        }
        preparer.prepare(BucketPreparer.Settings.defaults().subDirMode(BucketPreparer.SubDirMode.INDEX), false);
        RawHttp.Response dir = RawHttp.get(bed.oss.port(), HOST, "/docs");
        assertEquals(200, dir.status());
        assertEquals("page docs/index.html", dir.text());
        RawHttp.Response missing = RawHttp.get(bed.oss.port(), HOST, "/nope/");
        assertEquals(404, missing.status());
        assertTrue(missing.text().contains("<Code>NoSuchKey</Code>"));
    }
}
