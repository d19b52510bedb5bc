package dev.secondaryorigin.it;

import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.OssStore;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.RequestLog;
import dev.secondaryorigin.testing.oss.StoredObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated site on a real nginx mirrored into an OSS bucket (the emulator, through the real SDK) by the CLI:
 * every object byte-identical with the headers nginx sent and the validators as {@code x-oss-meta-*}; a 100 MiB
 * file through multipart upload; an unchanged second pass that writes nothing but state; a pass after changing
 * three files that uploads exactly those three.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OssMirrorTest {
    static final String BUCKET = "mirror-backup";
    static final String HUGE = "files/huge.bin";
    static final long HUGE_SIZE = 100L << 20;
    static final List<String> UNLINKED = Arrays.asList("orphan.html", "img/unused.png");

    static Path work;
    static Path site;
    static Nginx nginx;
    static OssBackup oss;
    static EmulatedBucket bucket;
    /** What nginx answered for each key (HEAD), captured once: the headers the backup must reproduce. */
    static final Map<String, HttpHeaders> originHeaders = new HashMap<>();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("oss-mirror");
        site = work.resolve("site");
        NginxMirrorTest.generate(site);
        writeHuge(site.resolve(HUGE));
        Path index = site.resolve("index.html");
        String home = new String(Files.readAllBytes(index), StandardCharsets.UTF_8);
        Files.write(index, home.replace("</body>", "<a href=\"/" + HUGE + "\">huge</a></body>")
                .getBytes(StandardCharsets.UTF_8));
        // Headers beyond Content-Type, so the test sees them kept: Cache-Control/Expires, Content-Language/-Disposition.
        nginx = Nginx.start("server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server { listen 127.0.0.1:%PORT%; server_name " + OssBackup.DOMAIN + " 127.0.0.1; root "
                + site.toAbsolutePath() + "; index index.html;\n"
                + "  location /css/ { expires 1h; }\n"
                + "  location /docs/ { add_header Content-Language en; "
                + "add_header Content-Disposition 'inline; filename=\"manual.pdf\"'; }\n"
                + "}\n");
        oss = OssBackup.start();
        bucket = oss.oss.createBucket(BUCKET);
    }

    @AfterAll
    static void tearDown() {
        if (nginx != null) {
            nginx.close();
        }
        if (oss != null) {
            oss.close();
        }
        SiteFiles.deleteTree(work);
    }

    /** 100 MiB of pseudo-random bytes, a different MiB each time, so misordered or repeated parts show. */
    static void writeHuge(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (int i = 0; i < HUGE_SIZE / chunk.length; i++) {
                new Random(1000 + i).nextBytes(chunk);
                out.write(chunk);
            }
        }
    }

    static List<String> expectedKeys() throws IOException {
        List<String> expected = new ArrayList<>(SiteFiles.list(site, false));
        expected.removeAll(UNLINKED);
        return expected;
    }

    static Set<String> bucketSiteKeys() {
        Set<String> keys = new TreeSet<>();
        for (String k : bucket.keys()) {
            if (!k.startsWith(OssBackup.STATE)) {
                keys.add(k);
            }
        }
        return keys;
    }

    static String md5Hex(Path p) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), d)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : d.digest()) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    static HttpHeaders originHead(String key) throws IOException {
        HttpHeaders h = originHeaders.get(key);
        if (h == null) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nginx.port() + OssBackup.urlPath(key)))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(200, r.statusCode(), key);
                h = r.headers();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            originHeaders.put(key, h);
        }
        return h;
    }

    /** Asserts the bucket holds exactly the site's linked files, each byte-identical to the file on disk. */
    static void assertBucketMirrorsSite() throws IOException {
        List<String> expected = expectedKeys();
        assertEquals(new TreeSet<>(expected), bucketSiteKeys(), "keys in the bucket");
        for (String key : expected) {
            StoredObject o = bucket.object(key).orElseThrow();
            Path file = site.resolve(key);
            if (Files.size(file) > (16 << 20)) {
                assertEquals(Files.size(file), o.size(), key);
                assertEquals(md5Hex(file), OssBackup.md5Hex(o.bytes()), key + " bytes");
            } else {
                assertArrayEquals(Files.readAllBytes(file), o.bytes(), key + " bytes");
            }
        }
    }

    @Test
    @Order(1)
    void firstPassStoresEveryObjectByteIdenticalWithTheOriginsHeadersAndValidators() throws IOException {
        OssBackup.CliRun r = oss.sync(nginx.url(), BUCKET, work);
        assertEquals(0, r.code, r.toString());
        assertTrue(r.report.get("complete").getAsBoolean(), r.toString());
        List<String> expected = expectedKeys();
        assertEquals(expected.size(), r.num("stored"), r.toString());
        assertEquals(0, r.failed(), r.toString());
        assertBucketMirrorsSite();

        try (OssStore store = oss.store(BUCKET)) {
            for (String key : expected) {
                HttpHeaders origin = originHead(key);
                StoredObject o = bucket.object(key).orElseThrow();
                assertEquals(origin.firstValue("Content-Type").orElseThrow(), o.headers().get("Content-Type"), key);
                assertEquals("default", o.acl(), key + ": site objects inherit the bucket's ACL");
                Map<String, String> meta = o.userMeta();
                assertEquals(origin.firstValue("ETag").orElseThrow(), meta.get(ObjectMeta.ORIGIN_ETAG), key);
                assertEquals(origin.firstValue("Last-Modified").orElseThrow(), meta.get(ObjectMeta.ORIGIN_LAST_MODIFIED), key);
                assertEquals(md5Hex(site.resolve(key)), meta.get(ObjectMeta.MD5), key);
                // Read back through the store: the source URL is spelt for the wire, and must decode to the page.
                ObjectMeta m = store.head(key).orElseThrow();
                String source = m.userMeta().get(ObjectMeta.SOURCE_URL);
                assertNotNull(source, key);
                String decoded = URLDecoder.decode(source, StandardCharsets.UTF_8);
                String page = key.endsWith("index.html") ? key.substring(0, key.length() - "index.html".length()) : key;
                assertTrue(decoded.equals("http://" + OssBackup.DOMAIN + "/" + key)
                        || decoded.equals("http://" + OssBackup.DOMAIN + "/" + page), key + ": " + source);
                assertEquals(Files.size(site.resolve(key)), m.size(), key);
            }
        }
        StoredObject css = bucket.object("css/main.css").orElseThrow();
        assertEquals("max-age=3600", css.headers().get("Cache-Control"), css.headers().toString());
        // nginx computes Expires per response, so only its presence and form can be compared.
        assertTrue(css.headers().getOrDefault("Expires", "").endsWith(" GMT"), css.headers().toString());
        StoredObject pdf = bucket.object("docs/manual.pdf").orElseThrow();
        assertEquals("en", pdf.headers().get("Content-Language"), pdf.headers().toString());
        assertEquals("inline; filename=\"manual.pdf\"", pdf.headers().get("Content-Disposition"));
        assertEquals("application/pdf", pdf.headers().get("Content-Type"));

        for (String k : bucket.keys()) {
            if (k.startsWith(OssBackup.STATE)) {
                assertEquals("private", bucket.object(k).orElseThrow().acl(), k);
            }
        }
        assertTrue(bucket.keys().contains(".secondary-origin/" + OssBackup.DOMAIN + "/manifest.jsonl.gz"), bucket.keys().toString());
    }

    @Test
    @Order(2)
    void theHundredMebibyteFileWentUpInPartsAndMatches() throws IOException {
        StoredObject o = bucket.object(HUGE).orElseThrow();
        assertTrue(o.multipart(), "stored by multipart upload");
        assertEquals(HUGE_SIZE, o.size());
        List<RequestLog.Entry> log = oss.oss.requests().entries();
        long initiated = log.stream().filter(e -> e.method().equals("POST") && e.key().equals(HUGE)
                && e.query().contains("uploads") && e.status() == 200).count();
        long parts = log.stream().filter(e -> e.method().equals("PUT") && e.key().equals(HUGE)
                && e.query().contains("partNumber") && e.status() == 200).count();
        long completed = log.stream().filter(e -> e.method().equals("POST") && e.key().equals(HUGE)
                && e.query().contains("uploadId") && e.status() == 200).count();
        long simple = log.stream().filter(e -> e.method().equals("PUT") && e.key().equals(HUGE)
                && e.query().isEmpty()).count();
        assertEquals(1, initiated);
        assertEquals((HUGE_SIZE + OssStore.DEFAULT_PART_SIZE - 1) / OssStore.DEFAULT_PART_SIZE, parts);
        assertEquals(1, completed);
        assertEquals(0, simple, "no single PUT of the whole object");
        assertEquals(0, bucket.uploadsInProgress(), "no upload left open");
        assertFalse(bucket.object("files/big.bin").orElseThrow().multipart(), "3 MiB stays a single PUT");
        assertEquals(md5Hex(site.resolve(HUGE)), o.userMeta().get(ObjectMeta.MD5));
    }

    @Test
    @Order(3)
    void unchangedSecondPassWritesNothingButState() throws IOException {
        oss.oss.requests().clear();
        OssBackup.CliRun r = oss.sync(nginx.url(), BUCKET, work);
        assertEquals(0, r.code, r.toString());
        assertEquals(0, r.num("stored"), r.toString());
        assertEquals(0, r.num("fetched"), r.toString());
        assertEquals(new TreeSet<String>(), oss.siteWrites(e -> true), "object writes outside .secondary-origin/");
        assertEquals(0, oss.oss.requests().count(e -> e.method().equals("DELETE") && !e.key().startsWith(OssBackup.STATE)));
        assertTrue(oss.oss.requests().count(e -> e.method().equals("PUT") && e.key().endsWith("manifest.jsonl.gz")) >= 1,
                "the manifest is still saved");
        assertBucketMirrorsSite();
    }

    @Test
    @Order(4)
    void afterChangingThreeFilesOnlyThoseThreeAreUploaded() throws IOException {
        List<String> changed = Arrays.asList("s3/p7.html", "css/theme.css", "img/i1-2.png");
        for (String c : changed) {
            SiteFiles.change(site.resolve(c), "/* changed */");
        }
        oss.oss.requests().clear();
        OssBackup.CliRun r = oss.sync(nginx.url(), BUCKET, work);
        assertEquals(0, r.code, r.toString());
        assertEquals(3, r.num("stored"), r.toString());
        assertEquals(new TreeSet<>(changed), oss.siteWrites(e -> true), "objects written");
        assertBucketMirrorsSite();
        for (String c : changed) {
            assertEquals(md5Hex(site.resolve(c)), bucket.object(c).orElseThrow().userMeta().get(ObjectMeta.MD5), c);
        }
    }
}
