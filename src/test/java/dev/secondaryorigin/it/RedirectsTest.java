package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import dev.secondaryorigin.serve.BackupServer;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.origin.BackupTree;
import dev.secondaryorigin.testing.origin.RedirectSite;
import dev.secondaryorigin.testing.origin.ScenarioSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirects survive failover, into a local directory served by {@code serve} the way OSS website hosting serves a
 * bucket: against a real nginx whose redirects have every shape ({@link RedirectSite}), each redirect source answers
 * with a page that sends the visitor on (HTML target) or with the target's bytes (an image); loops, too-long chains
 * and other hosts are left out and counted; {@code /docs} → {@code /docs/} and {@code /index.html} → {@code /} are
 * not duplicated. Unchanged redirects are not rewritten; redirect objects follow their targets and the origin;
 * the soft-failure gate refuses a maintenance by redirect; a rollback restores redirect pages; verify checks them.
 */
class RedirectsTest {
    static final String TASK = "t1";
    static final int PAGES = 17;
    static final int COPIES = 2;

    Path work;
    Path backup;
    RedirectSite site;
    Nginx nginx;
    BackupServer serve;

    @BeforeEach
    void start() throws IOException {
        work = Files.createTempDirectory("redirects");
        backup = work.resolve("backup");
        site = new RedirectSite(work.resolve("site")).write();
        nginx = Nginx.start(site.origin());
    }

    @AfterEach
    void stop() {
        if (serve != null) {
            serve.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        SiteFiles.deleteTree(work);
    }

    @Test
    void everyRedirectSourceAnswersThroughServeAndTheRestIsCounted() throws IOException {
        OssBackup.CliRun r = sync();

        SoftFailureGateTest.assertCompleted(r);
        assertEquals(PAGES, r.num("redirectPages"), r.toString());
        assertEquals(COPIES, r.num("redirectCopies"), r.toString());
        assertEquals(1, r.num("redirectsOffSite"), r.toString());
        assertEquals(PAGES + COPIES, r.num("redirectObjectsWritten"), r.toString());
        JsonObject reasons = r.report.getAsJsonObject("skipped").getAsJsonObject("reasons");
        assertEquals(2, reasons.get("redirect-loop").getAsLong(), reasons.toString());
        assertEquals(1, reasons.get("redirect-chain-too-long").getAsLong(), reasons.toString());
        assertEquals(1, reasons.get("redirect-directory").getAsLong(), reasons.toString());
        assertEquals(1, reasons.get("redirect-key-has-object").getAsLong(), reasons.toString());

        startServe();
        assertPage("/old.html", "/new/page.html");
        assertPage("/latest", "/v3/");
        assertPage("/chain-1", "/new/page.html");
        assertPage("/chain-2", "/new/page.html");
        assertPage("/chain-3", "/new/page.html");
        assertPage("/long-1", "/new/page.html");
        assertPage("/alias", "/new/alias-target.html");
        assertPage("/to-removed", "/removed.html");
        assertCopy("/logo-old.png", site.bytes("img/logo.png"));
        assertCopy("/logo-older.png", site.bytes("img/logo.png"));
        for (String missing : new String[]{"/long-0", "/loop-a", "/loop-b", "/away"}) {
            assertEquals(404, served(missing).statusCode(), missing + " is left out");
        }
        // What the hosting already does is not duplicated, and a real object is never overwritten.
        HttpResponse<byte[]> docs = served("/docs");
        assertEquals(301, docs.statusCode());
        assertEquals("/docs/", docs.headers().firstValue("Location").orElse(null));
        assertNull(BackupTree.of(backup).get("docs"), "no object at docs");
        assertArrayEquals(site.bytes("index.html"), served("/index.html").body(), "the home page stays at index.html");
        assertArrayEquals(site.bytes("index.html"), served("/").body());

        Manifest m = manifest();
        assertEquals(ManifestEntry.REDIRECT_PAGE, m.get("/chain-1").redirectObject());
        assertEquals("/new/page.html", m.get("/chain-1").redirectFinal());
        assertEquals("/chain-2", m.get("/chain-1").redirect());
        assertEquals(ManifestEntry.REDIRECT_COPY, m.get("/logo-older.png").redirectObject());
        assertEquals("/img/logo.png", m.get("/logo-older.png").redirectFinal());
        assertNull(m.get("/").redirectObject());

        assertVerifies();
    }

    @Test
    void unchangedRedirectsAreNotRewrittenAndRedirectObjectsFollowTheOrigin() throws IOException {
        SoftFailureGateTest.assertCompleted(sync());
        BackupTree afterFirst = BackupTree.of(backup);

        OssBackup.CliRun again = sync();
        SoftFailureGateTest.assertCompleted(again);
        assertEquals(0, again.num("redirectObjectsWritten"), again.toString());
        assertEquals(0, again.num("held"), again.toString());
        assertEquals(PAGES, again.num("redirectPages"), again.toString());
        assertTrue(BackupTree.differences(afterFirst, BackupTree.of(backup)).isEmpty(), "nothing rewritten");

        site.version2();
        nginx.reload(site.origin());
        OssBackup.CliRun v2 = sync("--prune-after", "1");

        SoftFailureGateTest.assertCompleted(v2);
        startServe();
        HttpResponse<byte[]> old = served("/old.html");
        assertArrayEquals(site.bytes("old.html"), old.body(), "the origin stopped redirecting: its page replaces ours");
        assertPage("/latest", "/v4/");
        assertCopy("/logo-old.png", site.bytes("img/logo.png"));
        assertCopy("/logo-older.png", site.bytes("img/logo.png"));
        assertEquals(404, served("/removed.html").statusCode());
        assertEquals(404, served("/to-removed").statusCode(), "pruned with its target");
        Manifest m = manifest();
        assertNull(m.get("/old.html").redirectObject());
        assertNull(m.get("/old.html").redirect());
        assertNull(m.get("/to-removed").redirectObject());
        assertFalse(m.get("/to-removed").stored());
        assertVerifies();
    }

    @Test
    void aTargetThatIsGoneKeepsItsRedirectPageWithoutPruning() throws IOException {
        SoftFailureGateTest.assertCompleted(sync());
        site.version2();
        nginx.reload(site.origin());

        OssBackup.CliRun r = sync();

        SoftFailureGateTest.assertCompleted(r);
        startServe();
        assertPage("/to-removed", "/removed.html");
        assertEquals(200, served("/removed.html").statusCode(), "kept, as any object the origin stops serving");
        assertVerifies();
    }

    @Test
    void aRollbackRestoresRedirectPages() throws IOException {
        OssBackup.CliRun first = sync();
        SoftFailureGateTest.assertCompleted(first);
        BackupTree afterFirst = BackupTree.of(backup);
        site.version2();
        nginx.reload(site.origin());
        SoftFailureGateTest.assertCompleted(sync("--prune-after", "1"));
        assertFalse(BackupTree.differences(afterFirst, BackupTree.of(backup)).isEmpty());

        OssBackup.CliRun r = OssBackup.CliRun.run(Collections.emptyMap(), new String[]{"rollback", "--target",
                backup.toString(), "--task-name", TASK, "--to-pass", first.report.get("passId").getAsString()}, null);

        assertEquals(0, r.code, r.toString());
        Set<String> diff = BackupTree.differences(afterFirst, BackupTree.of(backup));
        assertTrue(diff.isEmpty(), "differs from the backup after the first pass in " + SoftFailureGateTest.brief(diff));
        startServe();
        assertPage("/old.html", "/new/page.html");
        assertPage("/latest", "/v3/");
        assertPage("/to-removed", "/removed.html");
    }

    @Test
    void aMaintenanceByRedirectIsRefusedAndTheBackupIsUntouched() throws IOException {
        SoftFailureGateTest.assertCompleted(sync());
        BackupTree before = BackupTree.of(backup);
        nginx.reload(RedirectSite.redirectEverythingOrigin(work.resolve("maintenance")));

        OssBackup.CliRun r = sync();

        SoftFailureGateTest.assertRefusedReport(r);
        Set<String> changed = BackupTree.differences(before, BackupTree.of(backup));
        assertTrue(changed.isEmpty(), "the refused pass changed " + SoftFailureGateTest.brief(changed));
    }

    @Test
    void retiringPagesBehindOneRedirectIsPublished() throws IOException {
        SoftFailureGateTest.assertCompleted(sync());
        site.retire(12);
        nginx.reload(site.origin());

        OssBackup.CliRun r = sync();

        SoftFailureGateTest.assertCompleted(r);
        assertEquals(12, r.report.getAsJsonObject("gate").getAsJsonObject("redirectedTo").get("/").getAsLong(),
                r.toString());
        startServe();
        for (int i = 0; i < 12; i++) {
            assertPage("/articles/a-" + i + ".html", "/");
        }
        assertArrayEquals(site.bytes("articles/a-12.html"), served("/articles/a-12.html").body());
        assertVerifies();
    }

    @Test
    void aMaintenancePageForEveryUrlIsRefusedAndTheRedirectPagesAreUntouched() throws IOException {
        SoftFailureGateTest.assertCompleted(sync());
        BackupTree before = BackupTree.of(backup);
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));

        OssBackup.CliRun r = sync();

        SoftFailureGateTest.assertRefusedReport(r);
        Set<String> changed = BackupTree.differences(before, BackupTree.of(backup));
        assertTrue(changed.isEmpty(), "the refused pass changed " + SoftFailureGateTest.brief(changed));
        startServe();
        assertPage("/old.html", "/new/page.html");
    }

    @Test
    void verifyNoticesARedirectPageWhoseTargetIsMissing() throws IOException {
        SoftFailureGateTest.assertCompleted(sync());
        Files.delete(backup.resolve("v3/index.html"));

        OssBackup.CliRun r = OssBackup.CliRun.run(Collections.emptyMap(), new String[]{"verify", "--target",
                backup.toString(), "--task-name", TASK}, null);

        assertEquals(1, r.code, r.toString());
        assertTrue(r.out.contains("/latest") && r.out.contains("redirect page leads to /v3/"), r.out);
    }

    // ------------------------------------------------------------------ helpers

    private OssBackup.CliRun sync(String... extra) throws IOException {
        Path report = Files.createTempFile(work, "report", ".json");
        Files.delete(report);
        List<String> a = new ArrayList<>(Arrays.asList("sync", "--origin", nginx.url(), "--domain", RedirectSite.DOMAIN,
                "--extra-host", RedirectSite.ALIAS_HOST, "--task-name", TASK, "--target", backup.toString(),
                "--report-json", report.toString(), "--quiet", "--max-revisit", "0"));
        a.addAll(Arrays.asList(extra));
        return OssBackup.CliRun.run(Collections.emptyMap(), a.toArray(new String[0]), report);
    }

    private Manifest manifest() throws IOException {
        return new StateRepository(new LocalStore(backup), TASK).loadManifest();
    }

    private void startServe() throws IOException {
        serve = new BackupServer(new LocalStore(backup), "127.0.0.1", 0);
        serve.start();
    }

    private HttpResponse<byte[]> served(String path) {
        return OssBackup.get("http://127.0.0.1:" + serve.port() + path);
    }

    private void assertPage(String path, String target) {
        assertRedirectPage(served(path), path, target);
    }

    static void assertRedirectPage(HttpResponse<byte[]> r, String path, String target) {
        assertEquals(200, r.statusCode(), path);
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null), path);
        assertEquals("max-age=60", r.headers().firstValue("Cache-Control").orElse(null), path);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        for (String s : new String[]{"<link rel=\"canonical\" href=\"" + target + "\">",
                "<meta http-equiv=\"refresh\" content=\"0; url=" + target + "\">",
                "location.replace(\"" + target + "\"", "<a href=\"" + target + "\">"}) {
            assertTrue(body.contains(s), path + " holds " + s + ": " + body);
        }
    }

    private void assertCopy(String path, byte[] bytes) {
        HttpResponse<byte[]> r = served(path);
        assertEquals(200, r.statusCode(), path);
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(null), path);
        assertArrayEquals(bytes, r.body(), path);
    }

    private void assertVerifies() throws IOException {
        OssBackup.CliRun v = OssBackup.CliRun.run(Collections.emptyMap(), new String[]{"verify", "--target",
                backup.toString(), "--task-name", TASK, "--json"}, null);
        assertEquals(0, v.code, v.toString());
        assertTrue(v.out.contains("\"redirectPages\""), v.out);
        if (serve == null) {
            startServe();
        }
        OssBackup.CliRun via = OssBackup.CliRun.run(Collections.emptyMap(), new String[]{"verify", "--target",
                backup.toString(), "--task-name", TASK, "--via", "http://127.0.0.1:" + serve.port() + "/"}, null);
        assertEquals(0, via.code, via.toString());
        assertNotNull(via.out);
    }
}
