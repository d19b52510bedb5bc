package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.state.Checkpoint;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.OssStore;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.EmulatedRequest;
import dev.secondaryorigin.testing.oss.RequestLog;
import dev.secondaryorigin.testing.oss.StoredObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passes from a real nginx into the OSS emulator while OSS misbehaves: a SlowDown storm and resets mid-upload are
 * ridden out; an object whose upload keeps failing leaves the previous version and a manifest that agrees with the
 * bucket; a pass killed with SIGKILL in a separate JVM resumes from the checkpoint in the bucket once its lease
 * expires; and of two passes started together on one task exactly one runs.
 */
class OssPassFaultTest {
    static final boolean ECHO = Files.exists(Paths.get("/usr/lib/nginx/modules/ngx_http_echo_module.so"));
    static final int PAGES = 36;
    /** The per-request latency of the slow origin. */
    static final double SLOW_SECONDS = 0.3;

    static Path work;
    static Path site;
    static Nginx nginx;
    /** The same site answering every request after {@link #SLOW_SECONDS} (nginx echo_sleep). */
    static Nginx slow;
    static OssBackup oss;

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("oss-faults");
        site = work.resolve("site");
        generate(site);
        nginx = Nginx.serveStatic(site, OssBackup.DOMAIN);
        if (ECHO) {
            // echo_sleep delays the answer without holding a worker; echo_exec then serves the file as usual.
            slow = Nginx.start("server { listen 127.0.0.1:%PORT%; root " + site.toAbsolutePath() + "; index index.html;\n"
                    + "  location / { echo_sleep " + SLOW_SECONDS + "; echo_exec @static; }\n"
                    + "  location @static { }\n}\n");
        }
        oss = OssBackup.start();
    }

    @AfterAll
    static void tearDown() {
        for (Nginx n : new Nginx[]{nginx, slow}) {
            if (n != null) {
                n.close();
            }
        }
        if (oss != null) {
            oss.close();
        }
        SiteFiles.deleteTree(work);
    }

    @AfterEach
    void clearFaults() {
        oss.oss.faults().clear();
    }

    /** A home page linking {@link #PAGES} pages, each with its own image and a shared stylesheet. */
    static void generate(Path root) throws IOException {
        StringBuilder home = new StringBuilder("<html><head><link rel=stylesheet href=/site.css></head><body>");
        for (int p = 0; p < PAGES; p++) {
            home.append("<a href=\"p").append(p).append(".html\">").append(p).append("</a>\n");
            SiteFiles.write(root, "p" + p + ".html", "<html><head><link rel=stylesheet href=/site.css></head><body>"
                    + "<h1>Page " + p + "</h1><img src=\"img/" + p + ".png\"><a href=\"/\">home</a></body></html>");
            SiteFiles.write(root, "img/" + p + ".png", SiteFiles.randomBytes(p, 700 + 13 * p));
        }
        SiteFiles.write(root, "index.html", home.append("</body></html>").toString());
        SiteFiles.write(root, "site.css", "body{background:url(img/bg.png)}");
        SiteFiles.write(root, "img/bg.png", SiteFiles.randomBytes(77, 4000));
    }

    static String slowOrigin() {
        if (slow != null) {
            return slow.url();
        }
        // Without the echo module, slow the pass down on the OSS side instead: each object upload waits.
        oss.oss.faults().delayNext(-1, (long) (SLOW_SECONDS * 1000), sitePut());
        return nginx.url();
    }

    static Predicate<EmulatedRequest> sitePut() {
        return r -> r.isObjectPut() && !r.key().startsWith(OssBackup.STATE);
    }

    static List<String> siteKeys() throws IOException {
        return SiteFiles.list(site, false);
    }

    static Set<String> bucketSiteKeys(EmulatedBucket b) {
        Set<String> keys = new TreeSet<>();
        for (String k : b.keys()) {
            if (!k.startsWith(OssBackup.STATE)) {
                keys.add(k);
            }
        }
        return keys;
    }

    static void assertMirrorsSite(EmulatedBucket b) throws IOException {
        assertEquals(new TreeSet<>(siteKeys()), bucketSiteKeys(b), "keys in " + b.name());
        for (String k : siteKeys()) {
            assertArrayEquals(Files.readAllBytes(site.resolve(k)), b.object(k).orElseThrow().bytes(), k);
        }
    }

    /** Every manifest entry marked stored has its object in the bucket with the recorded MD5 and size. */
    static Manifest assertManifestAgreesWithBucket(String bucket) throws IOException {
        try (OssStore store = oss.store(bucket)) {
            Manifest m = new StateRepository(store, OssBackup.DOMAIN).loadManifest();
            for (ManifestEntry e : m.entries()) {
                if (!e.stored()) {
                    continue;
                }
                String key = UrlKeys.keyFor(e.path());
                ObjectMeta meta = store.head(key).orElseThrow(() -> new AssertionError("missing " + key));
                assertEquals(e.md5(), meta.md5(), key);
                assertEquals(e.size(), meta.size(), key);
                assertEquals(e.etag(), meta.userMeta().get(ObjectMeta.ORIGIN_ETAG), key);
            }
            return m;
        } catch (dev.secondaryorigin.crawl.RefusedUrlException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSlowDownStormAndResetsMidUploadAreRetriedAndThePassCompletes() throws IOException {
        EmulatedBucket b = oss.oss.createBucket("storm-backup");
        int firedBefore = oss.oss.faults().fired();
        oss.oss.faults().resetNext(3, sitePut()).failNext(20, 503, sitePut());
        OssBackup.CliRun r = oss.sync(nginx.url(), b.name(), work);
        assertEquals(0, r.code, r.toString());
        assertTrue(r.report.get("complete").getAsBoolean(), r.toString());
        assertEquals(0, r.failed(), r.toString());
        assertEquals(siteKeys().size(), r.num("stored"), r.toString());
        assertEquals(23, oss.oss.faults().fired() - firedBefore);
        assertEquals(20, oss.oss.requests().count(e -> e.bucket().equals(b.name()) && e.status() == 503));
        assertEquals(3, oss.oss.requests().count(e -> e.bucket().equals(b.name()) && e.status() == 0));
        assertMirrorsSite(b);
        assertManifestAgreesWithBucket(b.name());
    }

    @Test
    void anObjectThatCannotBeStoredKeepsItsPreviousVersionAndTheManifestStaysConsistent() throws IOException {
        EmulatedBucket b = oss.oss.createBucket("keep-backup");
        OssBackup.CliRun first = oss.sync(nginx.url(), b.name(), work);
        assertEquals(0, first.code, first.toString());
        assertMirrorsSite(b);

        String key = "p5.html";
        byte[] before = Files.readAllBytes(site.resolve(key));
        StoredObject old = b.object(key).orElseThrow();
        SiteFiles.change(site.resolve(key), "<!-- v2 -->");
        try {
            int firedBefore = oss.oss.faults().fired();
            // The bucket already holds the site, so the pass stages the new bytes first: fail that upload.
            oss.oss.faults().failNext(-1, 500, r -> r.isObjectPut()
                    && (r.key().equals(key) || r.key().matches("\\.secondary-origin/[^/]+/staging/[^/]+/" + key)));
            OssBackup.CliRun failing = oss.sync(nginx.url(), b.name(), work);
            // The pass visits the whole site, so it is complete, but exits 5 and reports the object it could not store.
            assertEquals(5, failing.code, failing.toString());
            assertEquals(1, failing.num("storeFailed"), failing.toString());
            assertEquals("complete", failing.report.get("result").getAsString(), failing.toString());
            assertEquals(1, failing.failed(), failing.toString());
            assertEquals(0, failing.num("stored"), failing.toString());
            String sample = failing.report.getAsJsonObject("failed").getAsJsonArray("samples").get(0).toString();
            assertTrue(sample.contains(key) && sample.contains("store"), sample);
            assertTrue(oss.oss.faults().fired() - firedBefore >= 2, "the upload was retried");
            assertArrayEquals(before, b.object(key).orElseThrow().bytes(), "the previous version is still served");
            assertEquals(old.etag(), b.object(key).orElseThrow().etag());
            Manifest m = assertManifestAgreesWithBucket(b.name());
            assertEquals(OssBackup.md5Hex(before), m.get("/" + key).md5(), "the manifest still records the old object");

            oss.oss.faults().clear();
            oss.oss.requests().clear();
            OssBackup.CliRun healed = oss.sync(nginx.url(), b.name(), work);
            assertEquals(0, healed.code, healed.toString());
            assertEquals(0, healed.failed(), healed.toString());
            assertEquals(1, healed.num("stored"), healed.toString());
            assertEquals(Collections.singleton(key), oss.siteWrites(e -> e.bucket().equals(b.name())));
            assertMirrorsSite(b);
            Manifest healedManifest = assertManifestAgreesWithBucket(b.name());
            assertEquals(OssBackup.md5Hex(Files.readAllBytes(site.resolve(key))), healedManifest.get("/" + key).md5());
        } finally {
            Files.write(site.resolve(key), before);
        }
    }

    @Test
    void aPublishCutShortByOssIsFinishedByTheNextRunAndNoKeyIsEverHalfWay() throws IOException {
        EmulatedBucket b = oss.oss.createBucket("publish-backup");
        assertEquals(0, oss.sync(nginx.url(), b.name(), work).code);
        List<String> keys = new ArrayList<>();
        Map<String, byte[]> before = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String key = "p" + i + ".html";
            keys.add(key);
            before.put(key, Files.readAllBytes(site.resolve(key)));
        }
        try {
            for (String key : keys) {
                SiteFiles.change(site.resolve(key), "<!-- v2 -->");
            }
            // Copies into place of half the changed pages fail for good: the publish stops part-way.
            oss.oss.faults().failNext(-1, 500, r -> r.isCopy() && keys.subList(5, 10).contains(r.key()));
            OssBackup.CliRun cut = oss.sync(nginx.url(), b.name(), work);
            assertEquals(1, cut.code, cut.toString());
            assertTrue(cut.err.contains("the next run finishes it"), cut.err);
            assertTrue(b.object(".secondary-origin/www.example.com/publish.json").isPresent(), "the journal stays");
            for (String key : keys) {
                byte[] now = b.object(key).orElseThrow().bytes();
                boolean old = Arrays.equals(before.get(key), now);
                boolean fresh = Arrays.equals(Files.readAllBytes(site.resolve(key)), now);
                assertTrue(old || fresh, key + " holds its old or its new object, nothing else");
                assertTrue(keys.indexOf(key) < 5 ? fresh : old, key);
            }

            oss.oss.faults().clear();
            OssBackup.CliRun finished = oss.sync(nginx.url(), b.name(), work);
            assertEquals(0, finished.code, finished.toString());
            assertTrue(finished.report.get("message").getAsString().contains("finished publishing"), finished.toString());
            assertFalse(b.object(".secondary-origin/www.example.com/publish.json").isPresent());
            assertMirrorsSite(b);
            assertManifestAgreesWithBucket(b.name());
            OssBackup.CliRun next = oss.sync(nginx.url(), b.name(), work);
            assertEquals(0, next.code, next.toString());
            assertEquals(0, next.num("stored"), "the published manifest describes the bucket: " + next);
        } finally {
            oss.oss.faults().clear();
            for (String key : keys) {
                Files.write(site.resolve(key), before.get(key));
            }
        }
    }

    @Test
    void aPassKilledMidwayResumesFromTheCheckpointInTheBucket() throws Exception {
        EmulatedBucket b = oss.oss.createBucket("crash-backup");
        String origin = slowOrigin();
        Path log = work.resolve("child.log");
        List<String> cmd = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(oss.syncArgs(origin, b.name(), work.resolve("child.json"),
                "--checkpoint-seconds", "1", "--lease-seconds", "10", "--concurrency", "2"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(OssBackup.env());
        Process child = pb.start();
        String checkpointKey = ".secondary-origin/" + OssBackup.DOMAIN + "/checkpoint.json.gz";
        try {
            long until = System.currentTimeMillis() + 30_000;
            // Wait for a checkpoint that records real progress: a kill right after an early checkpoint
            // would leave almost everything to redo, and the resumed run could not be told from a restart.
            while (!(b.object(checkpointKey).isPresent()
                    && Checkpoint.fromBytes(b.object(checkpointKey).get().bytes()).done().size() >= 8)) {
                assertTrue(child.isAlive(), () -> "the pass ended before it could be killed: " + read(log));
                assertTrue(System.currentTimeMillis() < until, () -> "no checkpoint in the bucket: " + read(log));
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint, no lease release
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertNotEquals(0, child.exitValue());
        oss.oss.faults().clear();
        int storedBeforeKill = bucketSiteKeys(b).size();
        assertTrue(storedBeforeKill < siteKeys().size(), "killed mid-pass: " + storedBeforeKill);

        Checkpoint cp;
        try (OssStore store = oss.store(b.name())) {
            cp = new StateRepository(store, OssBackup.DOMAIN).loadCheckpoint().orElseThrow();
        }
        assertFalse(cp.done().isEmpty(), "the checkpoint records finished URLs");
        Set<String> doneKeys = new HashSet<>();
        for (String p : cp.done()) {
            try {
                doneKeys.add(UrlKeys.keyFor(p));
            } catch (dev.secondaryorigin.crawl.RefusedUrlException e) {
                throw new AssertionError(e);
            }
        }

        // The dead pass's lease still stands until it expires, and names the dead process.
        OssBackup.CliRun blocked = oss.sync(nginx.url(), b.name(), work);
        assertEquals(4, blocked.code, blocked.toString());
        JsonObject holder = blocked.report.getAsJsonObject("leaseHolder");
        assertTrue(holder.get("where").getAsString().endsWith("pid " + child.pid()), holder.toString());
        long expires = holder.get("expiresAtMillis").getAsLong();
        Thread.sleep(Math.max(0, expires - System.currentTimeMillis() + 100));

        oss.oss.requests().clear();
        long originRequestsBefore = slow != null ? slow.accessLogLines() : nginx.accessLogLines();
        OssBackup.CliRun resumed = oss.sync(origin, b.name(), work,
                "--concurrency", "16");
        oss.oss.faults().clear();
        assertEquals(0, resumed.code, resumed.toString());
        assertTrue(resumed.report.get("resumed").getAsBoolean(), resumed.toString());
        assertEquals(2, resumed.num("invocations"), resumed.toString());
        assertEquals(cp.passId(), resumed.report.get("passId").getAsString(), "the same pass, continued");
        assertEquals(0, resumed.failed(), resumed.toString());
        assertMirrorsSite(b);
        assertManifestAgreesWithBucket(b.name());
        assertFalse(b.object(checkpointKey).isPresent(), "a finished pass removes its checkpoint");
        Set<String> rewritten = oss.siteWrites(e -> e.bucket().equals(b.name()));
        rewritten.retainAll(doneKeys);
        assertEquals(Collections.emptySet(), rewritten, "URLs the checkpoint marked done are not stored again");
        long originRequests = (slow != null ? slow.accessLogLines() : nginx.accessLogLines()) - originRequestsBefore;
        assertTrue(originRequests < siteKeys().size(), "the resumed run did not start over: " + originRequests
                + " origin requests for " + siteKeys().size() + " files");
    }

    @Test
    void ofTwoConcurrentPassesOnOneTaskExactlyOneRunsAndTheOtherNamesTheHolder() throws Exception {
        EmulatedBucket b = oss.oss.createBucket("twin-backup");
        String origin = slowOrigin();
        String leaseKey = ".secondary-origin/" + OssBackup.DOMAIN + "/lease.json";
        CountDownLatch go = new CountDownLatch(1);
        int[] codes = new int[2];
        Path[] reports = {work.resolve("twin-a.json"), work.resolve("twin-b.json")};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    codes[n] = Main.execute(OssBackup.env(), oss.syncArgs(origin, b.name(), reports[n],
                            "--concurrency", "16").toArray(new String[0]));
                } catch (InterruptedException e) {
                    codes[n] = -1;
                }
            }, "pass-" + i);
            t.start();
            threads.add(t);
        }
        go.countDown();
        AtomicReference<String> lease = new AtomicReference<>();
        long until = System.currentTimeMillis() + 30_000;
        while (threads.stream().anyMatch(Thread::isAlive) && System.currentTimeMillis() < until) {
            Optional<StoredObject> o = b.object(leaseKey);
            if (o.isPresent() && lease.get() == null) {
                lease.set(new String(o.get().bytes(), StandardCharsets.UTF_8));
            }
            Thread.sleep(5);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        oss.oss.faults().clear();
        int[] sorted = codes.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[]{0, 4}, sorted, "exit codes");
        int loser = codes[0] == 4 ? 0 : 1;
        JsonObject lost = OssBackup.readReport(reports[loser]);
        JsonObject won = OssBackup.readReport(reports[1 - loser]);
        assertEquals("lease-held", lost.get("result").getAsString(), lost.toString());
        assertEquals("complete", won.get("result").getAsString(), won.toString());
        assertNotNull(lease.get(), "the winner's lease was seen in the bucket");
        String holder = JsonParser.parseString(lease.get()).getAsJsonObject().get("holder").getAsString();
        assertEquals(holder, lost.getAsJsonObject("leaseHolder").get("holder").getAsString());
        assertTrue(lost.get("message").getAsString().contains(holder), lost.toString());
        assertFalse(lost.has("stored"), "the loser did no work: " + lost);
        assertMirrorsSite(b);
        // One pass did all the writing: every object went up exactly once.
        Map<String, Integer> puts = new HashMap<>();
        for (RequestLog.Entry e : oss.oss.requests().entries()) {
            if (e.bucket().equals(b.name()) && e.method().equals("PUT") && e.status() == 200
                    && !e.key().startsWith(OssBackup.STATE)) {
                puts.merge(e.key(), 1, Integer::sum);
            }
        }
        for (String k : siteKeys()) {
            assertEquals(Integer.valueOf(1), puts.get(k), k);
        }
        assertFalse(b.object(leaseKey).isPresent(), "the winner released its lease");
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
