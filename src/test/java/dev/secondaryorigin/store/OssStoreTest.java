package dev.secondaryorigin.store;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import dev.secondaryorigin.testing.oss.EmulatedRequest;
import dev.secondaryorigin.testing.oss.RawHttp;
import dev.secondaryorigin.testing.oss.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
