package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: hostile sitemaps and robots.txt. No XML entity is ever resolved (no file read, no request to
 * another host), none is expanded, a gzip bomb is not inflated past the limit, and nothing throws.
 */
class HostileSitemapTest {
    private static final Duration QUICK = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private EntityTrap trap;

    @BeforeEach
    void openTrap() throws IOException {
        trap = new EntityTrap();
    }

    @AfterEach
    void closeTrap() throws Exception {
        trap.close();
    }

    @Test
    void sitemapEntitiesAreRefusedNeverFetched() throws Exception {
        Path secret = tmp.resolve("secret.txt");
        String marker = "SECRET-" + Long.toHexString(new Random().nextLong());
        Files.write(secret, marker.getBytes(StandardCharsets.UTF_8));
        String urlset = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<url><loc>http://www.example.com/&file;</loc></url><url><loc>http://www.example.com/&net;</loc></url>"
                + "<url><loc>http://www.example.com/&lol10;</loc></url><url><loc>http://www.example.com/ok.html</loc></url>"
                + "</urlset>";
        List<String> docs = Arrays.asList(
                HostileDocumentTest.laughs("urlset").replace("]>", "<!ENTITY file SYSTEM \"" + secret.toUri()
                        + "\">\n<!ENTITY net SYSTEM \"" + trap.url("/entity") + "\">\n]>") + urlset,
                "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY % p SYSTEM \"" + trap.url("/p.dtd") + "\"> %p;]>"
                        + urlset.replace("&file;", "a").replace("&net;", "b").replace("&lol10;", "c"),
                "<?xml version=\"1.0\"?><!DOCTYPE urlset SYSTEM \"" + trap.url("/external.dtd") + "\">"
                        + urlset.replace("&file;", "a").replace("&net;", "b").replace("&lol10;", "c"));
        for (String doc : docs) {
            for (byte[] body : Arrays.asList(doc.getBytes(StandardCharsets.UTF_8), gzip(doc.getBytes(StandardCharsets.UTF_8)))) {
                List<String> urls = assertTimeoutPreemptively(QUICK, () -> SiteMaps.urlsInSitemap(body, "application/xml",
                        "http://www.example.com/sitemap.xml"));
                assertFalse(urls.toString().contains(marker), urls.toString());
                assertFalse(urls.toString().contains("lollol"), urls.toString());
                // A DOCTYPE makes the whole sitemap unreadable (it is still backed up as a file).
                assertEquals(0, urls.size(), urls.toString());
            }
        }
        assertEquals(0, trap.connections(), "an entity or DTD was fetched");
    }
    @Test
    void gzipBombSitemapIsNotInflatedPastTheLimit() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>http://www.example.com/"
                    .getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            Arrays.fill(zeros, (byte) 'a');
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        byte[] bomb = gz.toByteArray();
        assertTrue(bomb.length < 1 << 20);
        assertTrue(assertTimeoutPreemptively(QUICK, () -> SiteMaps.urlsInSitemap(bomb, "application/gzip",
                "http://www.example.com/sitemap.xml.gz")).isEmpty());
        // A gzip'd plain-text sitemap still reads.
        assertEquals(Arrays.asList("http://www.example.com/a.html"), SiteMaps.urlsInSitemap(
                gzip("http://www.example.com/a.html\n".getBytes(StandardCharsets.UTF_8)), "application/octet-stream",
                "http://www.example.com/sitemap.txt.gz"));
    }
    @Test
    void hostileRobotsTxt() {
        byte[] oneLine = ("Sitemap: http://www.example.com/" + "a".repeat(8 << 20)).getBytes(StandardCharsets.UTF_8);
        byte[] manyLines = "Disallow: /*a*a*a*a*a*$\nSitemap: /s.xml\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(QUICK, () -> {
            SiteMaps.sitemapsInRobots(oneLine, "http://www.example.com/robots.txt");
            SiteMaps.sitemapsInRobots(manyLines, "http://www.example.com/robots.txt");
        });
    }
    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(b);
        }
        return gz.toByteArray();
    }
}
