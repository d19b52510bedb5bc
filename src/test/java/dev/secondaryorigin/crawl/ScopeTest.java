package dev.secondaryorigin.crawl;

import dev.secondaryorigin.task.TaskConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeTest {
    static TaskConfig config(String... kv) {
        Map<String, List<String>> raw = new HashMap<>();
        raw.put("origin", Collections.singletonList("http://127.0.0.1:8080/"));
        for (int i = 0; i < kv.length; i += 2) {
            raw.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return TaskConfig.parse(raw);
    }

    @Test
    void followsTheDomainOnDefaultPortsAndTheOriginAddress() throws Exception {
        Scope s = new Scope(config("domain", "www.example.com", "extra-host", "example.com"));
        assertEquals("/a", s.pathOf("http://www.example.com/a"));
        assertEquals("/a", s.pathOf("https://WWW.Example.com./a?x=1#frag"));
        assertEquals("/b", s.pathOf("http://example.com/b"));
        assertEquals("/c", s.pathOf("http://127.0.0.1:8080/c"));
    }

    @Test
    void refusesOtherHostsPortsAndMetadataAddresses() {
        Scope s = new Scope(config("domain", "www.example.com"));
        for (String u : Arrays.asList("http://evil.com/", "http://127.0.0.1:9999/x", "http://169.254.169.254/latest/",
                "http://100.100.100.200/latest/meta-data/", "http://www.example.com:8443/", "http://user@www.example.com/",
                "http://www.example.com.evil.com/")) {
            RefusedUrlException e = assertThrows(RefusedUrlException.class, () -> s.pathOf(u), u);
            assertEquals("off-site", e.reason(), u);
        }
        assertEquals("not-http", assertThrows(RefusedUrlException.class, () -> s.pathOf("ftp://www.example.com/")).reason());
    }

    @Test
    void boundsInfiniteUrlSpaces() {
        Scope s = new Scope(config());
        assertEquals("url-loop", assertThrows(RefusedUrlException.class,
                () -> s.pathOf("http://127.0.0.1:8080/a/b/a/b/a/b/a/b/")).reason());
        StringBuilder deep = new StringBuilder("http://127.0.0.1:8080");
        for (int i = 0; i < 70; i++) {
            deep.append("/d").append(i);
        }
        assertEquals("path-too-deep", assertThrows(RefusedUrlException.class, () -> s.pathOf(deep.toString())).reason());
    }

    @Test
    void globsExcludeAndInclude() throws Exception {
        Scope s = new Scope(config("exclude", "/private/**", "exclude", "/*.tmp", "include", "/docs/**"));
        assertEquals("excluded", assertThrows(RefusedUrlException.class,
                () -> s.pathOf("http://127.0.0.1:8080/private/a/b.html")).reason());
        assertEquals("excluded", assertThrows(RefusedUrlException.class,
                () -> s.pathOf("http://127.0.0.1:8080/x.tmp")).reason());
        assertEquals("/sub/x.tmp", s.pathOf("http://127.0.0.1:8080/sub/x.tmp"));
        assertTrue(s.included("/docs/a/b.html"));
        assertFalse(s.included("/blog/a.html"));
        assertTrue(new PathGlob("/文档/*.html").matches("/文档/说明.html"));
    }
}
