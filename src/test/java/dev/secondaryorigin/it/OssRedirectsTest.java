package dev.secondaryorigin.it;

import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.StoredObject;
import dev.secondaryorigin.testing.origin.RedirectSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirects survive failover with an OSS bucket (the emulator, through the real SDK, public-read with the website
 * rules {@code prepare-bucket} sets) as the secondary origin: after a pass, each redirect source answers an anonymous
 * GET (as a CDN's back-to-origin request) with its redirect page or its target's bytes; a changed image target is
 * copied from where the pass staged it; the gate refuses a maintenance by redirect without one write outside the
 * state prefix; and a rollback puts the redirect pages back.
 */
class OssRedirectsTest {
    static final String TASK = "t1";

    Path work;
    OssBackup oss;
    RedirectSite site;
    Nginx nginx;
    EmulatedBucket bucket;

    @BeforeEach
    void start(TestInfo info) throws IOException {
        work = Files.createTempDirectory("oss-redirects");
        site = new RedirectSite(work.resolve("site")).write();
        nginx = Nginx.start(site.origin());
        oss = OssBackup.start();
        String name = "redir-" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        bucket = oss.oss.createBucket(name.substring(0, Math.min(name.length(), 63))).publicRead(true);
        OssBackup.CliRun prepare = OssBackup.CliRun.run(OssBackup.env(), new String[]{"prepare-bucket",
                "--target", oss.target(bucket.name()), "--oss-endpoint", oss.oss.endpoint()}, null);
        assertEquals(0, prepare.code, prepare.toString());
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (oss != null) {
            oss.close();
        }
        SiteFiles.deleteTree(work);
    }

    @Test
    void redirectSourcesAnswerFromTheBucketAndFollowTheirTargets() throws IOException {
        OssBackup.CliRun first = sync();
        SoftFailureGateTest.assertCompleted(first);
        assertEquals(RedirectsTest.PAGES, first.num("redirectPages"), first.toString());
        assertEquals(RedirectsTest.COPIES, first.num("redirectCopies"), first.toString());
        assertEquals(1, first.num("redirectsOffSite"), first.toString());

        RedirectsTest.assertRedirectPage(read("old.html"), "/old.html", "/new/page.html");
        RedirectsTest.assertRedirectPage(read("latest"), "/latest", "/v3/");
        RedirectsTest.assertRedirectPage(read("chain-1"), "/chain-1", "/new/page.html");
        RedirectsTest.assertRedirectPage(read("alias"), "/alias", "/new/alias-target.html");
        assertCopy("logo-old.png", site.bytes("img/logo.png"));
        assertCopy("logo-older.png", site.bytes("img/logo.png"));
        for (String missing : new String[]{"long-0", "loop-a", "away", "docs"}) {
            assertFalse(bucket.object(missing).isPresent(), missing + " is left out");
        }
        HttpResponse<byte[]> docs = read("docs");
        assertEquals(302, docs.statusCode(), "the website rules answer /docs");
        assertTrue(docs.headers().firstValue("Location").orElse("").endsWith("/docs/"), docs.headers().toString());
        assertArrayEquals(site.bytes("index.html"), read("index.html").body(), "the home page stays at index.html");

        // A pass that stages: the changed logo is copied from where the pass staged it, the rest follows the origin.
        site.version2();
        nginx.reload(site.origin());
        oss.oss.requests().clear();
        OssBackup.CliRun second = sync("--prune-after", "1");

        SoftFailureGateTest.assertCompleted(second);
        assertTrue(second.report.get("staged").getAsBoolean(), second.toString());
        assertCopy("logo-old.png", site.bytes("img/logo.png"));
        assertCopy("logo-older.png", site.bytes("img/logo.png"));
        assertTrue(oss.oss.requests().count(e -> e.method().equals("PUT") && e.copySource() != null
                && java.net.URLDecoder.decode(e.copySource(), java.nio.charset.StandardCharsets.UTF_8)
                        .matches("/" + bucket.name() + "/\\.secondary-origin/" + TASK + "/staging/[^/]+/img/logo\\.png")
                && e.key().contains("logo-old")) == 2, "server-side copies from the staged logo: "
                + oss.oss.requests().entries());
        assertArrayEquals(site.bytes("old.html"), read("old.html").body());
        RedirectsTest.assertRedirectPage(read("latest"), "/latest", "/v4/");
        assertFalse(bucket.object("to-removed").isPresent(), "pruned with its target");
        assertVerifies();
    }

    @Test
    void aMaintenanceByRedirectIsRefusedAndARollbackRestoresRedirectPages() throws IOException {
        OssBackup.CliRun first = sync();
        SoftFailureGateTest.assertCompleted(first);
        Map<String, String> afterFirst = snapshot();
        site.version2();
        nginx.reload(site.origin());
        SoftFailureGateTest.assertCompleted(sync("--prune-after", "1"));
        Map<String, String> afterSecond = snapshot();
        assertFalse(afterFirst.equals(afterSecond));

        nginx.reload(RedirectSite.redirectEverythingOrigin(work.resolve("maintenance")));
        oss.oss.requests().clear();
        OssBackup.CliRun refused = sync();
        SoftFailureGateTest.assertRefusedReport(refused);
        assertEquals(afterSecond, snapshot(), "the refused pass left every object as it was");
        assertEquals(Collections.emptySet(), oss.siteWrites(e -> e.bucket().equals(bucket.name())),
                "writes outside the state prefix");

        OssBackup.CliRun r = OssBackup.CliRun.run(OssBackup.env(), new String[]{"rollback", "--target",
                oss.target(bucket.name()), "--oss-endpoint", oss.oss.endpoint(), "--task-name", TASK, "--to-pass",
                first.report.get("passId").getAsString()}, null);

        assertEquals(0, r.code, r.toString());
        Map<String, String> now = snapshot();
        Set<String> differing = new TreeSet<>();
        for (String k : new TreeSet<>(afterFirst.keySet())) {
            if (!afterFirst.get(k).equals(now.get(k))) {
                differing.add(k);
            }
        }
        assertTrue(differing.isEmpty() && afterFirst.keySet().equals(now.keySet()),
                "objects differing from the first pass: " + differing + "; keys " + now.keySet());
        RedirectsTest.assertRedirectPage(read("old.html"), "/old.html", "/new/page.html");
        RedirectsTest.assertRedirectPage(read("to-removed"), "/to-removed", "/removed.html");
    }

    // ------------------------------------------------------------------ helpers

    private OssBackup.CliRun sync(String... extra) throws IOException {
        String[] more = new String[extra.length + 4];
        more[0] = "--task-name";
        more[1] = TASK;
        more[2] = "--extra-host";
        more[3] = RedirectSite.ALIAS_HOST;
        System.arraycopy(extra, 0, more, 4, extra.length);
        return oss.sync(nginx.url(), bucket.name(), work, more);
    }

    /** An anonymous GET of {@code key}, as a CDN's back-to-origin request, with the website rules. */
    private HttpResponse<byte[]> read(String key) {
        return OssBackup.get("http://127.0.0.1:" + oss.oss.port() + "/" + bucket.name() + OssBackup.urlPath(key));
    }

    private void assertCopy(String key, byte[] bytes) {
        HttpResponse<byte[]> r = read(key);
        assertEquals(200, r.statusCode(), key);
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(null), key);
        assertArrayEquals(bytes, r.body(), key);
    }

    /** Each site object as MD5 of its bytes and its headers. */
    private Map<String, String> snapshot() {
        Map<String, String> m = new TreeMap<>();
        for (String k : bucket.keys()) {
            if (!k.startsWith(OssBackup.STATE)) {
                StoredObject o = bucket.object(k).orElseThrow();
                m.put(k, OssBackup.md5Hex(o.bytes()) + " " + new TreeMap<>(o.headers()));
            }
        }
        return m;
    }

    private void assertVerifies() throws IOException {
        OssBackup.CliRun v = OssBackup.CliRun.run(OssBackup.env(), new String[]{"verify", "--target",
                oss.target(bucket.name()), "--oss-endpoint", oss.oss.endpoint(), "--task-name", TASK,
                "--via", "http://127.0.0.1:" + oss.oss.port() + "/" + bucket.name() + "/"}, null);
        assertEquals(0, v.code, v.toString());
    }
}
