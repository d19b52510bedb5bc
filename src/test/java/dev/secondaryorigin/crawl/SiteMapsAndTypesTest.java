package dev.secondaryorigin.crawl;

import dev.secondaryorigin.task.ResourceType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteMapsAndTypesTest {
    @Test
    void robotsSitemapLines() {
        byte[] robots = "User-agent: *\nDisallow: /tmp/\nSitemap: http://www.example.com/sm-index.xml\nSitemap: /rel.xml\n"
                .getBytes(StandardCharsets.UTF_8);
        List<String> sm = SiteMaps.sitemapsInRobots(robots, "http://www.example.com/robots.txt");
        assertTrue(sm.contains("http://www.example.com/sm-index.xml"), sm.toString());
    }

    @Test
    void sitemapIndexAndGzipSitemap() throws Exception {
        String index = "<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + "<sitemap><loc>http://www.example.com/sitemap-a.xml.gz</loc></sitemap></sitemapindex>";
        assertEquals(Arrays.asList("http://www.example.com/sitemap-a.xml.gz"), SiteMaps.urlsInSitemap(
                index.getBytes(StandardCharsets.UTF_8), "application/xml", "http://www.example.com/sitemap.xml"));
        String urlset = "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + "<url><loc>http://www.example.com/a.html</loc></url><url><loc>http://www.example.com/b/</loc></url></urlset>";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(urlset.getBytes(StandardCharsets.UTF_8));
        }
        List<String> urls = SiteMaps.urlsInSitemap(gz.toByteArray(), "application/gzip",
                "http://www.example.com/sitemap-a.xml.gz");
        assertEquals(Arrays.asList("http://www.example.com/a.html", "http://www.example.com/b/"), urls);
        assertTrue(SiteMaps.urlsInSitemap("<html>not a sitemap".getBytes(StandardCharsets.UTF_8), "text/html",
                "http://www.example.com/sitemap.xml").isEmpty());
    }

    @Test
    void resourceTypeByContentTypeFirstThenExtension() {
        assertEquals(ResourceType.HTML, ResourceTypes.classify("text/html; charset=utf-8", "/x.png"));
        assertEquals(ResourceType.IMAGE, ResourceTypes.classify(null, "/x.png"));
        assertEquals(ResourceType.IMAGE, ResourceTypes.classify("application/octet-stream", "/x.PNG"));
        assertEquals(ResourceType.CSS, ResourceTypes.classify("text/css", "/style"));
        assertEquals(ResourceType.JS, ResourceTypes.classify("application/javascript", "/a"));
        assertEquals(ResourceType.JS, ResourceTypes.classify("text/javascript", "/a"));
        assertEquals(ResourceType.FONT, ResourceTypes.classify("font/woff2", "/f"));
        assertEquals(ResourceType.FONT, ResourceTypes.classify(null, "/f.woff2"));
        assertEquals(ResourceType.MEDIA, ResourceTypes.classify("video/mp4", "/v"));
        assertEquals(ResourceType.DOCUMENT, ResourceTypes.classify("application/pdf", "/d"));
        assertEquals(ResourceType.DATA, ResourceTypes.classify("application/json", "/d"));
        assertEquals(ResourceType.DATA, ResourceTypes.classify(null, "/feed.xml"));
        assertEquals(ResourceType.OTHER, ResourceTypes.classify("application/zip", "/a.zip"));
        assertEquals(ResourceType.HTML, ResourceTypes.classify(null, "/dir/"));
        assertEquals(ResourceType.HTML, ResourceTypes.classify(null, "/page"));
    }
}
