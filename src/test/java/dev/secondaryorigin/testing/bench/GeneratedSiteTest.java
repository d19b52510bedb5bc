package dev.secondaryorigin.testing.bench;

import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedSiteTest {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    @Test
    void linksFromTheHomePageReachEveryObjectOnce() {
        GeneratedSite site = new GeneratedSite(5_000, 7, 0, 0);
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add("/");
        seen.add("/");
        Set<String> kinds = new HashSet<>();
        while (!queue.isEmpty()) {
            GeneratedSite.Resource r = site.resource(queue.poll());
            kinds.add(r.contentType);
            if (r.contentType.startsWith("text/html")) {
                Matcher m = HREF.matcher(new String(r.body, StandardCharsets.US_ASCII));
                while (m.find()) {
                    if (seen.add(m.group(1))) {
                        queue.add(m.group(1));
                    }
                }
            }
        }
        assertEquals(5_000, seen.size());
        assertEquals(4, kinds.size(), "pages, CSS, JS and PNG: " + kinds);
        assertNull(site.resource("/p/5000.html"));
        assertNull(site.resource("/p/07.html"));
        assertNull(site.resource("/x"));
    }

    @Test
    void aSeedChangesItsShareOfTheObjectsAndNothingElse() {
        GeneratedSite before = new GeneratedSite(100_000, 10, 0, 0);
        GeneratedSite after = new GeneratedSite(100_000, 10, 42, 100);
        int changed = 0;
        for (long id = 0; id < 100_000; id++) {
            String p = before.pathOf(id);
            GeneratedSite.Resource a = before.resource(p);
            GeneratedSite.Resource b = after.resource(p);
            if (after.versionOf(id) != 0) {
                changed++;
                assertNotEquals(a.etag, b.etag);
                assertNotEquals(a.lastModified, b.lastModified);
            } else {
                assertEquals(a.etag, b.etag);
                assertArrayEquals(a.body, b.body);
            }
        }
        assertTrue(changed > 800 && changed < 1200, "about 1 % changed: " + changed);
        assertArrayEquals(after.resource("/p/99.html").body, new GeneratedSite(100_000, 10, 42, 100)
                .resource("/p/99.html").body, "deterministic");
    }

    @Test
    void theServerAnswersConditionalRequestsWith304() throws Exception {
        GeneratedSite site = new GeneratedSite(1_000, 10, 0, 0);
        try (GeneratedSiteServer s = new GeneratedSiteServer(site, 0, 2)) {
            String base = "http://127.0.0.1:" + s.port();
            GeneratedSite.Resource r = site.resource("/p/5.html");
            assertEquals(200, status(base + "/p/5.html", null, null));
            assertEquals(304, status(base + "/p/5.html", "If-None-Match", r.etag));
            assertEquals(200, status(base + "/p/5.html", "If-None-Match", "\"other\""));
            assertEquals(304, status(base + "/p/5.html", "If-Modified-Since", r.lastModified));
            assertEquals(404, status(base + "/p/1000.html", null, null));
            assertEquals("{\"requests\":5,\"ok\":2,\"notModified\":2,\"notFound\":1}", s.stats());
        }
    }

    private static int status(String url, String header, String value) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        if (header != null) {
            c.setRequestProperty(header, value);
        }
        int s = c.getResponseCode();
        c.disconnect();
        return s;
    }
}
