package dev.secondaryorigin.it;

import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failover end to end: a real nginx as a CDN-like edge in front of a real nginx primary origin, with the bucket
 * (the OSS emulator, public-read, website index rules set by the CLI's {@code prepare-bucket}) as the backup origin. The site
 * is synced into the bucket, the primary is stopped, and every page and asset is requested through the edge.
 */
class OssFailoverTest {
    static final String BUCKET = "failover-backup";

    Path work;
    Path site;
    Nginx primary;
    Nginx edge;
    OssBackup oss;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("oss-failover");
        site = work.resolve("site");
        NginxMirrorTest.generate(site);
        primary = Nginx.serveStatic(site, OssBackup.DOMAIN);
        oss = OssBackup.start();
    }

    @AfterEach
    void tearDown() {
        for (Nginx n : new Nginx[]{edge, primary}) {
            if (n != null) {
                n.close();
            }
        }
        if (oss != null) {
            oss.close();
        }
        SiteFiles.deleteTree(work);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The edge. A CDN sends each origin its own Host: the domain to the primary, the bucket's endpoint to an OSS
     * origin. nginx sets one Host per location, so the upstream's backup server is a second listener of the edge
     * itself that rewrites Host to {@code bucket.oss-region.aliyuncs.com} and forwards to the bucket: the upstream
     * keeps the CDN's shape ({@code server primary; server backup backup;} with {@code proxy_next_upstream}) and the
     * bucket sees exactly what a CDN's back-to-origin request for an OSS origin looks like (anonymous GET,
     * virtual-host-style Host). {@code X-Edge-Upstream} tells the test which origin answered.
     */
    private Nginx startEdge(int backupPort) throws IOException {
        String bucketHost = oss.target(BUCKET);
        return Nginx.start("upstream origin_pool {\n"
                + "  server 127.0.0.1:" + primary.port() + " max_fails=1 fail_timeout=60s;\n"
                + "  server 127.0.0.1:" + backupPort + " backup;\n"
                + "}\n"
                + "server {\n"
                + "  listen 127.0.0.1:%PORT% default_server;\n"
                + "  location / {\n"
                + "    proxy_pass http://origin_pool;\n"
                + "    proxy_set_header Host " + OssBackup.DOMAIN + ";\n"
                + "    proxy_next_upstream error timeout http_502 http_503 http_504;\n"
                + "    proxy_connect_timeout 2s;\n"
                + "    add_header X-Edge-Upstream $upstream_addr always;\n"
                + "  }\n"
                + "}\n"
                + "server {\n"
                + "  listen 127.0.0.1:" + backupPort + ";\n"
                + "  location / {\n"
                + "    proxy_pass http://127.0.0.1:" + oss.oss.port() + ";\n"
                + "    proxy_set_header Host " + bucketHost + ";\n"
                + "  }\n"
                + "}\n");
    }

    private String edgeUrl(String path) {
        return "http://127.0.0.1:" + edge.port() + path;
    }

    @Test
    void withThePrimaryDownTheEdgeServesTheWholeSiteFromTheBucketByteIdentically() throws Exception {
        EmulatedBucket bucket = oss.oss.createBucket(BUCKET).publicRead(true);
        // The bucket made servable the way a user does it: index.html with sub-directory support.
        OssBackup.CliRun prepare = OssBackup.CliRun.run(OssBackup.env(), new String[]{"prepare-bucket",
                "--target", oss.target(BUCKET), "--oss-endpoint", oss.oss.endpoint()}, null);
        assertEquals(0, prepare.code, prepare.toString());
        assertTrue(prepare.out.contains("changed: static website: index document index.html"), prepare.toString());
        assertEquals("index.html", bucket.website().orElseThrow().indexDocument());
        assertTrue(bucket.website().orElseThrow().supportSubDir());
        OssBackup.CliRun sync = oss.sync(primary.url(), BUCKET, work);
        assertEquals(0, sync.code, sync.toString());

        List<String> keys = new ArrayList<>(SiteFiles.list(site, false));
        keys.removeAll(NginxMirrorTest.UNLINKED);
        Map<String, String> contentTypes = new HashMap<>();
        for (String k : keys) {
            HttpResponse<byte[]> r = OssBackup.get(primary.url() + OssBackup.urlPath(k).substring(1));
            assertEquals(200, r.statusCode(), k);
            contentTypes.put(k, r.headers().firstValue("Content-Type").orElseThrow());
        }

        int backupPort = freePort();
        edge = startEdge(backupPort);
        HttpResponse<byte[]> before = OssBackup.get(edgeUrl("/"));
        assertEquals(200, before.statusCode());
        assertEquals("127.0.0.1:" + primary.port(), before.headers().firstValue("X-Edge-Upstream").orElse(""),
                "the primary answers while it is up");

        primary.stop();
        oss.oss.requests().clear();
        for (String k : keys) {
            HttpResponse<byte[]> r = OssBackup.get(edgeUrl(OssBackup.urlPath(k)));
            assertEquals(200, r.statusCode(), k + " " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            assertArrayEquals(Files.readAllBytes(site.resolve(k)), r.body(), k);
            assertEquals(contentTypes.get(k), r.headers().firstValue("Content-Type").orElse(null), k);
            assertTrue(r.headers().firstValue("X-Edge-Upstream").orElse("").endsWith(":" + backupPort),
                    k + " came from " + r.headers().firstValue("X-Edge-Upstream"));
        }
        // Directory URLs go through the bucket's index rules, as the CDN requests them.
        assertIndex("/", "index.html", contentTypes);
        for (int s = 0; s < 8; s++) {
            assertIndex("/s" + s + "/", "s" + s + "/index.html", contentTypes);
        }
        HttpResponse<byte[]> noSlash = OssBackup.get(edgeUrl("/s2"));
        assertEquals(302, noSlash.statusCode(), "sub-directory redirect");
        assertTrue(noSlash.headers().firstValue("Location").orElse("").endsWith("/s2/"), noSlash.headers().toString());

        // The sync's own state is never served, nor is the bucket listed.
        for (String p : new String[]{"/.secondary-origin/" + OssBackup.DOMAIN + "/manifest.jsonl.gz", "/?list-type=2"}) {
            HttpResponse<byte[]> r = OssBackup.get(edgeUrl(p));
            assertEquals(403, r.statusCode(), p);
            assertFalse(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("\u001f\u008b"), p);
        }
        assertTrue(bucket.object(".secondary-origin/" + OssBackup.DOMAIN + "/manifest.jsonl.gz").isPresent());
        long anonymous = oss.oss.requests().count(e -> e.anonymous() && e.bucket().equals(BUCKET) && e.status() == 200);
        assertTrue(anonymous >= keys.size(), "the bucket answered the edge's anonymous reads: " + anonymous);
    }

    private void assertIndex(String path, String key, Map<String, String> contentTypes) throws IOException {
        HttpResponse<byte[]> r = OssBackup.get(edgeUrl(path));
        assertEquals(200, r.statusCode(), path);
        assertArrayEquals(Files.readAllBytes(site.resolve(key)), r.body(), path);
        assertEquals(contentTypes.get(key), r.headers().firstValue("Content-Type").orElse(null), path);
    }
}
