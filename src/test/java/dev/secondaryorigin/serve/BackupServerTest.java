package dev.secondaryorigin.serve;

import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.Payload;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BackupServerTest {
    Path dir;
    BackupServer server;
    LocalStore store;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("serve");
        store = new LocalStore(dir);
        store.put("index.html", Payload.ofBytes("<h1>home</h1>".getBytes(StandardCharsets.UTF_8)),
                ObjectMeta.builder().contentType("text/html; charset=utf-8").cacheControl("max-age=60").build());
        store.put("docs/index.html", Payload.ofBytes("docs".getBytes(StandardCharsets.UTF_8)),
                ObjectMeta.builder().contentType("text/html").build());
        store.put("a/data.bin", Payload.ofBytes("0123456789".getBytes(StandardCharsets.UTF_8)),
                ObjectMeta.builder().contentType("application/x-thing").contentDisposition("attachment").build());
        store.putState(".secondary-origin/t/manifest.jsonl.gz", new byte[]{1, 2, 3}, "application/gzip");
        server = new BackupServer(store, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        SiteFiles.deleteTree(dir);
    }

    private HttpURLConnection get(String path, String... headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + path).openConnection();
        c.setInstanceFollowRedirects(false);
        for (int i = 0; i < headers.length; i += 2) {
            c.setRequestProperty(headers[i], headers[i + 1]);
        }
        return c;
    }

    private static byte[] body(HttpURLConnection c) throws IOException {
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return in == null ? new byte[0] : in.readAllBytes();
        }
    }

    @Test
    void servesStoredBytesWithStoredHeadersAndIndexDocuments() throws IOException {
        HttpURLConnection c = get("/");
        assertEquals(200, c.getResponseCode());
        assertEquals("text/html; charset=utf-8", c.getContentType());
        assertEquals("max-age=60", c.getHeaderField("Cache-Control"));
        assertArrayEquals("<h1>home</h1>".getBytes(StandardCharsets.UTF_8), body(c));
        assertEquals("docs", new String(body(get("/docs/")), StandardCharsets.UTF_8));
        HttpURLConnection redirect = get("/docs");
        assertEquals(301, redirect.getResponseCode());
        assertEquals("/docs/", redirect.getHeaderField("Location"));
        HttpURLConnection bin = get("/a/data.bin");
        assertEquals("attachment", bin.getHeaderField("Content-Disposition"));
        assertEquals(404, get("/missing.html").getResponseCode());
    }

    @Test
    void servesTheHeadersAnotherWriterJustStored() throws IOException {
        assertEquals("application/x-thing", get("/a/data.bin").getContentType());
        new LocalStore(dir).put("a/data.bin", Payload.ofBytes("new".getBytes(StandardCharsets.UTF_8)),
                ObjectMeta.builder().contentType("text/plain").cacheControl("no-cache").build());
        HttpURLConnection c = get("/a/data.bin");
        assertEquals("text/plain", c.getContentType());
        assertEquals("no-cache", c.getHeaderField("Cache-Control"));
        assertEquals("new", new String(body(c), StandardCharsets.UTF_8));
    }

    @Test
    void servesTheHeadersOfABackupWrittenWithSidecarFiles() throws IOException {
        // The layout of versions before the metadata logs: a JSON sidecar per object under .secondary-origin/.meta/.
        Path old = Files.createTempDirectory("serve-sidecars");
        try {
            Files.write(old.resolve("page.html"), "<p>old</p>".getBytes(StandardCharsets.UTF_8));
            Path sidecar = old.resolve(".secondary-origin/.meta/page.html.json");
            Files.createDirectories(sidecar.getParent());
            Files.write(sidecar, ("{\"Content-Type\":\"text/html; charset=gbk\",\"Cache-Control\":\"max-age=7\","
                    + "\"size\":10,\"meta\":{}}").getBytes(StandardCharsets.UTF_8));
            server.close();
            server = new BackupServer(new LocalStore(old), "127.0.0.1", 0);
            server.start();
            HttpURLConnection c = get("/page.html");
            assertEquals("text/html; charset=gbk", c.getContentType());
            assertEquals("max-age=7", c.getHeaderField("Cache-Control"));
            assertEquals("<p>old</p>", new String(body(c), StandardCharsets.UTF_8));
        } finally {
            SiteFiles.deleteTree(old);
        }
    }

    @Test
    void neverServesState() throws IOException {
        assertEquals(403, get("/.secondary-origin/t/manifest.jsonl.gz").getResponseCode());
        assertEquals(403, get("/.secondary-origin/.meta/index.html.json").getResponseCode());
        assertEquals(403, get("/.secondary-origin/.dirmeta/~meta.jsonl").getResponseCode());
        assertEquals(403, get("/%2Esecondary-origin/t/manifest.jsonl.gz").getResponseCode());
        int traversal = get("/a/..%2F..%2F..%2Fetc%2Fpasswd").getResponseCode();
        assertEquals(400, traversal);
    }

    @Test
    void conditionalGetAndRanges() throws IOException {
        HttpURLConnection first = get("/a/data.bin");
        assertEquals(200, first.getResponseCode());
        String etag = first.getHeaderField("ETag");
        String lm = first.getHeaderField("Last-Modified");
        assertEquals(304, get("/a/data.bin", "If-None-Match", etag).getResponseCode());
        assertEquals(304, get("/a/data.bin", "If-Modified-Since", lm).getResponseCode());
        assertEquals(200, get("/a/data.bin", "If-None-Match", "\"other\"").getResponseCode());
        HttpURLConnection range = get("/a/data.bin", "Range", "bytes=2-5");
        assertEquals(206, range.getResponseCode());
        assertEquals("bytes 2-5/10", range.getHeaderField("Content-Range"));
        assertEquals("2345", new String(body(range), StandardCharsets.UTF_8));
        HttpURLConnection suffix = get("/a/data.bin", "Range", "bytes=-3");
        assertEquals("789", new String(body(suffix), StandardCharsets.UTF_8));
        assertEquals(416, get("/a/data.bin", "Range", "bytes=20-").getResponseCode());
    }
}
