package dev.secondaryorigin.store;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import dev.secondaryorigin.testing.oss.EmulatedRequest;
import dev.secondaryorigin.testing.oss.OssEmulator;
import dev.secondaryorigin.testing.oss.RawHttp;
import dev.secondaryorigin.testing.oss.RequestLog;
import dev.secondaryorigin.testing.oss.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the OSS store does: the wire format of objects, multipart, ACLs, and what the SDK sees. */
class OssStoreTest {
    @TempDir
    Path tmp;

    private OssTestbed bed;

    @BeforeEach
    void start() throws IOException {
        bed = OssTestbed.start();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void objectsCarryKeptHeadersAsHeadersAndValidatorsAsEncodedMeta() throws IOException {
        try (OssStore store = bed.store()) {
            Payload p = Payload.ofBytes(utf8("<p>中文</p>"));
            store.put("文档/index.html", p, ObjectMeta.builder()
                    .contentType("text/html; charset=utf-8")
                    .cacheControl("no-cache")
                    .userMeta(ObjectMeta.SOURCE_URL, "https://www.example.com/文档/")
                    .userMeta(ObjectMeta.ORIGIN_ETAG, "W/\"5e-1\"")
                    .build());
            StoredObject o = bed.bucket.object("文档/index.html").orElseThrow();
            assertEquals("text/html; charset=utf-8", o.headers().get("Content-Type"));
            assertEquals("no-cache", o.headers().get("Cache-Control"));
            assertEquals(p.md5Hex(), o.userMeta().get("md5"));
            assertEquals("https://www.example.com/%E6%96%87%E6%A1%A3/", o.userMeta().get("source-url"));
            assertEquals("W/\"5e-1\"", o.userMeta().get("origin-etag"));
            assertEquals(p.md5Hex().toUpperCase(), o.etag());
            assertEquals("default", o.acl());
            assertEquals("https://www.example.com/文档/",
                    store.head("文档/index.html").orElseThrow().userMeta().get(ObjectMeta.SOURCE_URL));
        }
    }

    @Test
    void stateIsWrittenPrivateAndKeyPrefixIsTransparent() throws IOException {
        try (OssStore store = bed.store("/site/www", 32L << 20, OssStore.DEFAULT_PART_SIZE, OssTestbed.FAST)) {
            store.putState(ObjectStore.STATE_PREFIX + "t/lease.json", utf8("{}"), "application/json");
            store.put("index.html", Payload.ofBytes(utf8("hi")), ObjectMeta.builder().contentType("text/html").build());
            assertEquals(List.of("site/www/.secondary-origin/t/lease.json", "site/www/index.html"), bed.bucket.keys());
            assertEquals("private", bed.bucket.object("site/www/.secondary-origin/t/lease.json").orElseThrow().acl());
            List<String> keys = new ArrayList<>();
            store.list("", keys::add);
            assertEquals(List.of("index.html"), keys);
            assertEquals("oss://my-backup/site/www/", store.describe());
        }
    }

    @Test
    void privateObjectsAreNotServedAnonymouslyEvenFromAPublicBucket() throws IOException {
        bed.bucket.publicRead(true);
        try (OssStore store = bed.store()) {
            store.putState(ObjectStore.STATE_PREFIX + "t/manifest.json", utf8("{\"secret\":1}"), "application/json");
            store.put("a.css", Payload.ofBytes(utf8("a{}")), ObjectMeta.builder().contentType("text/css").build());
        }
        int port = bed.oss.port();
        RawHttp.Response state = RawHttp.get(port, "127.0.0.1", "/my-backup/.secondary-origin/t/manifest.json");
        assertEquals(403, state.status());
        assertTrue(state.text().contains("<Code>AccessDenied</Code>"), state.text());
        RawHttp.Response css = RawHttp.get(port, "my-backup.oss-cn-hangzhou.aliyuncs.com", "/a.css");
        assertEquals(200, css.status());
        assertEquals("text/css", css.header("Content-Type"));
        assertEquals("a{}", css.text());
        bed.bucket.publicRead(false);
        assertEquals(403, RawHttp.get(port, "127.0.0.1", "/my-backup/a.css").status());
    }

    @Test
    void bigObjectsGoUpAsStreamedMultipart() throws Exception {
        long size = 40L << 20;
        Payload p = ObjectStoreContract.bigFile(tmp.resolve("big.bin"), size, 42);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (OssStore store = bed.store("", 32L << 20, 8L << 20, OssTestbed.FAST)) {
            store.put("video/big.bin", p, ObjectMeta.builder().contentType("video/mp4").build());
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            store.put("video/big2.bin", p, ObjectMeta.builder().contentType("video/mp4").build());
            long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            // Streamed from the file: the uploading thread allocates far less than the object's size.
            assertTrue(allocated < size / 4, "allocated " + allocated + " bytes to upload " + size);

            StoredObject o = bed.bucket.object("video/big.bin").orElseThrow();
            assertTrue(o.multipart());
            assertTrue(o.etag().endsWith("-5"), o.etag());
            assertEquals(size, o.size());
            assertEquals(0, bed.bucket.uploadsInProgress());
            assertEquals(10, bed.oss.requests().count(e -> e.query().contains("partNumber=")));
            ObjectMeta m = store.head("video/big.bin").orElseThrow();
            assertEquals(p.md5Hex(), m.md5());
            assertEquals("video/mp4", m.contentType());
            MessageDigest d = Md5.newDigest();
            try (InputStream in = store.get("video/big.bin").orElseThrow()) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.update(buf, 0, n);
                }
            }
            assertEquals(p.md5Hex(), Md5.hex(d.digest()));
        }
    }

    @Test
    void failedMultipartIsAbortedAndThePreviousObjectStays() throws Exception {
        Payload big = ObjectStoreContract.bigFile(tmp.resolve("big.bin"), 3L << 20, 1);
        try (OssStore store = bed.store("", 1L << 20, 1L << 20, OssTestbed.FAST)) {
            store.put("f.bin", Payload.ofBytes(utf8("old")), ObjectMeta.builder().build());
            bed.oss.faults().failNext(-1, 500, EmulatedRequest::isPartUpload);
            IOException e = assertThrows(IOException.class, () -> store.put("f.bin", big, ObjectMeta.builder().build()));
            assertTrue(e.getMessage().contains("part"), e.getMessage());
            assertEquals(0, bed.bucket.uploadsInProgress());
            bed.oss.faults().clear();
            assertArrayEquals(utf8("old"), store.getBytes("f.bin").orElseThrow());
        }
    }

    @Test
    void aStreamedStateFileIsUploadedFromATempFileAndAFailedUploadLeavesTheOldOne() throws Exception {
        byte[] state = new byte[(3 << 20) + 12345];
        new java.util.Random(3).nextBytes(state);
        String key = ObjectStore.STATE_PREFIX + "t/manifest.jsonl.gz";
        List<Path> tempsBefore = stateTemps();
        try (OssStore store = bed.store("", 1L << 20, 1L << 20, OssTestbed.FAST)) {
            // Written in pieces, as the gzip'd manifest is: the store never sees them as one array.
            store.putState(key, out -> {
                for (int off = 0; off < state.length; off += 8192) {
                    out.write(state, off, Math.min(8192, state.length - off));
                }
            }, "application/gzip");
            assertArrayEquals(state, store.getBytes(key).orElseThrow());
            StoredObject o = bed.bucket.object(key).orElseThrow();
            assertEquals("private", o.acl());
            assertEquals("application/gzip", o.headers().get("Content-Type"));
            assertTrue(bed.oss.requests().count(r -> r.method().equals("PUT") && r.query() != null
                    && r.query().contains("partNumber")) >= 4, "uploaded in parts from the file");

            bed.oss.faults().failNext(-1, 500, EmulatedRequest::isPartUpload);
            assertThrows(IOException.class, () -> store.putState(key, out -> out.write(new byte[2 << 20]),
                    "application/gzip"));
            bed.oss.faults().clear();
            assertArrayEquals(state, store.getBytes(key).orElseThrow(), "the old state file stays");
            assertEquals(0, bed.bucket.uploadsInProgress());
        }
        assertEquals(tempsBefore, stateTemps(), "every temp file deleted");
    }

    /** The temp files {@link ObjectStore#putState(String, Payload.Writer, String)} writes before an upload. */
    private static List<Path> stateTemps() throws IOException {
        Files.createDirectories(StateTempFiles.folder());
        try (java.util.stream.Stream<Path> s = Files.list(StateTempFiles.folder())) {
            return s.filter(p -> p.getFileName().toString().matches("state-.*\\.part")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aStoreOpeningRemovesTheTempFilesOfKilledSavesAndKeepsThoseOfLiveOnes() throws Exception {
        Path folder = Files.createDirectories(StateTempFiles.folder());
        Path tmpdir = Paths.get(System.getProperty("java.io.tmpdir"));
        String tag = Long.toString(System.nanoTime());
        Process killed = new ProcessBuilder("sleep", "60").start();
        Process live = new ProcessBuilder("sleep", "60").start();
        List<Path> made = new ArrayList<>();
        try {
            long killedStart = killed.toHandle().info().startInstant().orElseThrow().toEpochMilli();
            killed.destroyForcibly().waitFor();
            long liveStart = live.toHandle().info().startInstant().orElseThrow().toEpochMilli();
            long self = ProcessHandle.current().pid();
            long selfStart = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();

            Path ofKilled = part(made, folder, "state-" + killed.pid() + "-" + killedStart + "-" + tag + "1.part", 0);
            // A restarted runtime often gets its killed predecessor's pid: the start time tells them apart.
            Path ofPredecessor = part(made, folder, "state-" + self + "-" + (selfStart - 60_000) + "-" + tag + "2.part", 0);
            Path ofLive = part(made, folder, "state-" + live.pid() + "-" + liveStart + "-" + tag + "3.part", 0);
            Path ofLiveButADayOld = part(made, folder, "state-" + live.pid() + "-" + liveStart + "-" + tag + "4.part", 25);
            Path ours = StateTempFiles.create();
            made.add(ours);
            Path oldVersionsFresh = part(made, tmpdir, "state-" + tag + "5.part", 0);
            Path oldVersionsStale = part(made, tmpdir, "state-" + tag + "6.part", 2);
            Path notOurs = part(made, folder, "state-notes-" + tag + ".part", 48);

            try (OssStore store = bed.store()) {
                store.putState(ObjectStore.STATE_PREFIX + "t/checkpoint.json.gz", out -> out.write(utf8("{}")),
                        "application/gzip");
            }
            assertFalse(Files.exists(ofKilled), "the save of a killed process");
            assertFalse(Files.exists(ofPredecessor), "the save of a killed process that had this pid");
            assertFalse(Files.exists(ofLiveButADayOld), "no save lasts a day");
            assertFalse(Files.exists(oldVersionsStale), "an earlier version's leftover, an hour old");
            assertTrue(Files.exists(ofLive), "a save of another running process");
            assertTrue(Files.exists(ours), "a save of this process");
            assertTrue(Files.exists(oldVersionsFresh), "an earlier version's save, maybe still uploading");
            assertTrue(Files.exists(notOurs), "a file of another name");
        } finally {
            killed.destroyForcibly();
            live.destroyForcibly();
            for (Path p : made) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A temp file {@code hoursOld} hours old. */
    private static Path part(List<Path> made, Path dir, String name, int hoursOld) throws IOException {
        Path p = Files.write(dir.resolve(name), new byte[1024]);
        made.add(p);
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(hoursOld))));
        return p;
    }

    @Test
    void aPartThatFailsOnceIsRetried() throws Exception {
        Payload big = ObjectStoreContract.bigFile(tmp.resolve("big.bin"), 3L << 20, 2);
        try (OssStore store = bed.store("", 1L << 20, 1L << 20, OssTestbed.FAST)) {
            bed.oss.faults().resetNext(1, r -> r.isPartUpload() && "2".equals(r.query("partNumber")));
            bed.oss.faults().failNext(1, 503, EmulatedRequest::isCompleteUpload);
            store.put("f.bin", big, ObjectMeta.builder().build());
            assertEquals(2, bed.oss.faults().fired());
            assertEquals(big.md5Hex(), store.head("f.bin").orElseThrow().md5());
        }
    }

    @Test
    void putIfAbsentLetsExactlyOneOfManyWritersWin() throws Exception {
        try (OssStore store = bed.store()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> writers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    byte[] body = utf8("{\"holder\":" + i + "}");
                    writers.add(() -> store.putIfAbsent(".secondary-origin/t/lease.json", Payload.ofBytes(body),
                            ObjectMeta.builder().privateAcl(true).build()));
                }
                int winners = 0;
                for (Future<Boolean> f : pool.invokeAll(writers)) {
                    winners += f.get() ? 1 : 0;
                }
                assertEquals(1, winners);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void emulatorAnswersRangesAndConditionalGetsLikeOss() throws IOException {
        try (OssStore store = bed.store()) {
            store.put("r.txt", Payload.ofBytes(utf8("0123456789")), ObjectMeta.builder().contentType("text/plain").build());
            OSS client = store.client();
            GetObjectRequest ranged = new GetObjectRequest("my-backup", "r.txt");
            ranged.setRange(2, 5);
            try (OSSObject o = client.getObject(ranged)) {
                assertEquals("2345", new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8));
            }
            String etag = bed.bucket.object("r.txt").orElseThrow().etag();
            GetObjectRequest cond = new GetObjectRequest("my-backup", "r.txt");
            cond.setNonmatchingETagConstraints(Collections.singletonList("\"" + etag + "\""));
            OSSException e = assertThrows(OSSException.class, () -> client.getObject(cond).close());
            assertEquals("NotModified", e.getErrorCode());
        }
    }

    @Test
    void copyIsOneServerSideRequestThatNamesTheAclAndKeepsTheMetadata() throws IOException {
        try (OssStore store = bed.store("/site/www", 32L << 20, OssStore.DEFAULT_PART_SIZE, OssTestbed.FAST)) {
            Payload p = Payload.ofBytes(utf8("<p>文档</p>"));
            store.put("文档/a b.html", p, ObjectStoreContract.fullMeta());
            StoredObject source = bed.bucket.object("site/www/文档/a b.html").orElseThrow();

            String staged = ObjectStore.STATE_PREFIX + "staging/文档/a b.html";
            assertTrue(store.copy("文档/a b.html", staged));
            List<RequestLog.Entry> log = bed.oss.requests().entries();
            assertEquals(0, log.stream().filter(e -> e.method().equals("HEAD")).count(),
                    "CopyObject is tried first: no HEAD for an object far below its limit");
            List<RequestLog.Entry> copies = log.stream().filter(e -> e.copySource() != null).collect(Collectors.toList());
            assertEquals(1, copies.size(), log.toString());
            // The key prefix applies to the source too; the SDK URL-encodes the whole key, '/' included.
            assertEquals("/my-backup/site%2Fwww%2F%E6%96%87%E6%A1%A3%2Fa%20b.html", copies.get(0).copySource());
            assertEquals("site/www/" + staged, copies.get(0).key());
            assertEquals("", copies.get(0).query(), "CopyObject, not a part copy");

            StoredObject copy = bed.bucket.object("site/www/" + staged).orElseThrow();
            assertEquals("private", copy.acl());
            assertEquals(source.headers(), copy.headers());
            assertEquals(source.userMeta(), copy.userMeta());
            assertEquals(source.etag(), copy.etag());
            assertArrayEquals(source.bytes(), copy.bytes());

            assertTrue(store.copy(staged, "published.html"));
            assertEquals("default", bed.bucket.object("site/www/published.html").orElseThrow().acl(),
                    "a private source does not make a private copy");
            assertEquals(2, bed.oss.requests().successfulCopies());
            assertEquals(1, bed.oss.requests().successfulPuts(), "no byte went through the client but the first put's");
            assertEquals(0, bed.oss.requests().count(e -> e.method().equals("GET")));
        }
    }

    @Test
    void aStagedCopyIsHiddenFromAnonymousReadersAndThePublishedOneIsServed() throws IOException {
        bed.bucket.publicRead(true);
        try (OssStore store = bed.store()) {
            store.put(ObjectStore.STATE_PREFIX + "staging/a.css", Payload.ofBytes(utf8("a{}")),
                    ObjectMeta.builder().contentType("text/css").privateAcl(true).build());
            assertTrue(store.move(ObjectStore.STATE_PREFIX + "staging/a.css", "a.css"));
            assertTrue(store.copy("a.css", ObjectStore.STATE_PREFIX + "versions/1/a.css"));
        }
        int port = bed.oss.port();
        RawHttp.Response published = RawHttp.get(port, "127.0.0.1", "/my-backup/a.css");
        assertEquals(200, published.status());
        assertEquals("text/css", published.header("Content-Type"));
        assertEquals("a{}", published.text());
        assertEquals(403, RawHttp.get(port, "127.0.0.1", "/my-backup/.secondary-origin/versions/1/a.css").status());
        assertEquals(404, RawHttp.get(port, "127.0.0.1", "/my-backup/.secondary-origin/staging/a.css").status());
    }

    @Test
    void aCopyThatFailsForAPassingReasonIsRetried() throws IOException {
        try (OssStore store = bed.store()) {
            store.put("a.html", Payload.ofBytes(utf8("a")), ObjectMeta.builder().contentType("text/html").build());
            bed.oss.faults().failNext(1, 503, EmulatedRequest::isCopy);
            bed.oss.faults().resetNext(1, EmulatedRequest::isCopy);
            assertTrue(store.copy("a.html", "b.html"));
            assertEquals(2, bed.oss.faults().fired());
            assertEquals("text/html", store.head("b.html").orElseThrow().contentType());
        }
    }

    @Test
    void bigSourcesAreCopiedInPartsWithTheirMetadataAndMd5() throws Exception {
        Payload big = ObjectStoreContract.bigFile(tmp.resolve("big.bin"), (3L << 20) + 5, 4);
        try (OssStore store = bed.store("", 1L << 20, 2L << 20)) {
            store.put("video/a.mp4", big, ObjectStoreContract.fullMeta());
            // Written by another tool: no x-oss-meta-md5, only a plain ETag, which a multipart copy loses.
            try (InputStream in = big.open()) {
                store.client().putObject("my-backup", "video/plain.mp4", in);
            }
            bed.oss.requests().clear();

            assertTrue(store.copy("video/a.mp4", ObjectStore.STATE_PREFIX + "versions/1/video/a.mp4"));
            assertTrue(store.copy("video/plain.mp4", "video/plain copy.mp4"));

            StoredObject o = bed.bucket.object(".secondary-origin/versions/1/video/a.mp4").orElseThrow();
            assertTrue(o.multipart());
            assertEquals("private", o.acl());
            assertEquals(bed.bucket.object("video/a.mp4").orElseThrow().headers(), o.headers());
            assertEquals(8, bed.oss.requests().count(e -> e.copySource() != null && e.query().contains("partNumber=")
                    && e.status() == 200), "4 parts of 1 MiB each");
            assertEquals(0, bed.oss.requests().count(e -> e.copySource() != null && !e.query().contains("partNumber=")
                    && e.status() == 200), "no CopyObject succeeds at or above the limit: OSS refuses it, the client "
                    + "then reads the size and copies in parts");
            assertEquals(0, bed.bucket.uploadsInProgress());

            ObjectMeta m = store.head(ObjectStore.STATE_PREFIX + "versions/1/video/a.mp4").orElseThrow();
            assertEquals(big.md5Hex(), m.md5());
            assertEquals(big.length(), m.size());
            assertEquals(ObjectStoreContract.fullMeta().httpHeaders(), m.httpHeaders());
            assertEquals(ObjectStoreContract.fullMeta().userMeta(), m.userMeta());
            assertEquals(big.md5Hex(), store.head("video/plain copy.mp4").orElseThrow().md5());
            assertEquals("default", bed.bucket.object("video/plain copy.mp4").orElseThrow().acl());
            assertEquals(big.md5Hex(), Md5.hex(Md5.newDigest().digest(
                    store.getBytes("video/plain copy.mp4").orElseThrow())));
        }
    }

    @Test
    void aSourceReplacedDuringAPartCopyFailsTheCopyInsteadOfSplicingTwoObjects() throws Exception {
        bed.close();
        AtomicBoolean replaced = new AtomicBoolean();
        AtomicReference<OssStore> writer = new AtomicReference<>();
        bed = OssTestbed.start(OssEmulator.builder().credentials(OssTestbed.AK, OssTestbed.SECRET).onRequest(e -> {
            // Runs before part 1 is answered, so the swap lands between the parts.
            if (e.copySource() != null && e.query().contains("partNumber=1&") && replaced.compareAndSet(false, true)) {
                try {
                    writer.get().put("src.bin", Payload.ofBytes(new byte[(3 << 20)]), ObjectMeta.builder().build());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        }));
        Payload big = ObjectStoreContract.bigFile(tmp.resolve("big.bin"), 3L << 20, 5);
        try (OssStore store = bed.store("", 1L << 20, 2L << 20); OssStore other = bed.store()) {
            writer.set(other);
            store.put("src.bin", big, ObjectMeta.builder().build());
            IOException e = assertThrows(IOException.class, () -> store.copy("src.bin", "dst.bin"));
            assertTrue(replaced.get());
            assertTrue(e.getMessage().contains("PreconditionFailed"), e.getMessage());
            assertFalse(bed.bucket.object("dst.bin").isPresent());
            assertEquals(0, bed.bucket.uploadsInProgress(), "the upload was aborted");
        }
    }

    @Test
    void aCorruptedUploadIsRejectedByContentMd5() throws IOException {
        try (OssStore store = bed.store()) {
            Payload lying = Payload.ofFile(ObjectStoreContract.bigFile(tmp.resolve("x"), 1000, 3).file(), 1000,
                    "00000000000000000000000000000000");
            IOException e = assertThrows(IOException.class, () -> store.put("x.bin", lying, ObjectMeta.builder().build()));
            assertTrue(e.getMessage().contains("Content-MD5"), e.getMessage());
            assertFalse(bed.bucket.object("x.bin").isPresent());
        }
    }
}
