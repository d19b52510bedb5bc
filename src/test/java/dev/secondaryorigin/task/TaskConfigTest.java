package dev.secondaryorigin.task;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskConfigTest {
    private static Map<String, List<String>> raw(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaults() {
        TaskConfig c = TaskConfig.parse(raw("origin", "http://127.0.0.1:8080"));
        assertEquals("127.0.0.1", c.domain());
        assertEquals("127.0.0.1", c.taskName());
        assertEquals(8080, c.originPort());
        assertEquals(Collections.singletonList("/"), c.entries());
        assertEquals(EnumSet.allOf(ResourceType.class), c.resourceTypes());
        assertEquals(16, c.concurrency());
        assertEquals(1L << 30, c.maxObjectSize());
        assertEquals("backup", c.target());
        assertEquals(0, c.pruneAfter());
        assertTrue(c.useSitemaps());
    }

    @Test
    void domainAndHeadersAndSizes() {
        TaskConfig c = TaskConfig.parse(raw("origin", "https://203.0.113.10/", "domain", "WWW.Example.com",
                "header", "X-Origin-Auth: s3cret", "max-object-size", "10MiB", "resource-types", "html, CSS,image"));
        assertEquals("www.example.com", c.domain());
        assertEquals(443, c.originPort());
        assertEquals("s3cret", c.headers().get("X-Origin-Auth"));
        assertEquals(10L << 20, c.maxObjectSize());
        assertEquals(EnumSet.of(ResourceType.HTML, ResourceType.CSS, ResourceType.IMAGE), c.resourceTypes());
        assertEquals(1_000_000L, Sizes.parse("1MB"));
    }

    @Test
    void badInputNamesTheOptionAndWhatIsAccepted() {
        assertMessage("--origin is required", raw());
        assertMessage("--origin must be an http(s) URL, got \"ftp://x\"", raw("origin", "ftp://x"));
        assertMessage("--origin must be the site's root", raw("origin", "http://a.com/sub/"));
        assertMessage("--resource-types has unknown resource type \"pics\"; accepted: html, css, js, image, font, "
                + "media, document, data, other, all", raw("origin", "http://a.com", "resource-types", "pics"));
        assertMessage("--max-depth must be a whole number from 0 to 10000, got -1",
                raw("origin", "http://a.com", "max-depth", "-1"));
        assertMessage("--concurrency must be a whole number", raw("origin", "http://a.com", "concurrency", "many"));
        assertMessage("--max-object-size must be a size", raw("origin", "http://a.com", "max-object-size", "big"));
        assertMessage("--header must look like 'Name: value'", raw("origin", "http://a.com", "header", "novalue"));
        assertMessage("--header may not set Host", raw("origin", "http://a.com", "header", "Host: x"));
        assertMessage("--entry must be a path starting with '/'", raw("origin", "http://a.com", "entry", "x.html"));
        assertMessage("--domain must be a host name", raw("origin", "http://a.com", "domain", "a b"));
        assertMessage("--insecure-tls must be true or false", raw("origin", "http://a.com", "insecure-tls", "maybe"));
        assertMessage("unknown option \"bogus\"", raw("origin", "http://a.com", "bogus", "1"));
    }

    @Test
    void secretsInBadInputAreNotEchoed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TaskConfig.parse(raw("origin", "http://user:hunter2@a.com/")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void environmentNamesAndJsonNames() {
        Map<String, String> env = new HashMap<>();
        env.put("ORIGIN", "http://127.0.0.1:9");
        env.put("SECONDARY_ORIGIN", "/tmp/x");
        env.put("ENTRY", "/a,/b");
        env.put("MAX_DEPTH", "-2");
        ConfigException e = assertThrows(ConfigException.class, () -> TaskConfig.parse(TaskConfig.fromEnvironment(env)));
        assertEquals("MAX_DEPTH must be a whole number from 0 to 10000, got -2", e.messageFor(OptionNaming.ENV));
        env.remove("MAX_DEPTH");
        TaskConfig c = TaskConfig.parse(TaskConfig.fromEnvironment(env));
        assertEquals("/tmp/x", c.target());
        assertEquals(java.util.Arrays.asList("/a", "/b"), c.entries());
        assertEquals("maxObjectSize", OptionNaming.jsonName("max-object-size"));
        assertEquals(TaskOptions.find("max-object-size"), TaskOptions.find("maxObjectSize"));
    }

    private static void assertMessage(String expectedStart, Map<String, List<String>> raw) {
        ConfigException e = assertThrows(ConfigException.class, () -> TaskConfig.parse(raw));
        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }
}
