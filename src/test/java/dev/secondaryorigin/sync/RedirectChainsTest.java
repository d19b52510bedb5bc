package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.Scope;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.task.TaskConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redirect chains resolved through the manifest, the redirect page's bytes, and the manifest fields that mark them. */
class RedirectChainsTest {
    final Manifest m = new Manifest();
    final RedirectChains chains = new RedirectChains(m, new Scope(config()));

    static TaskConfig config() {
        Map<String, List<String>> raw = new HashMap<>();
        raw.put("origin", Collections.singletonList("http://127.0.0.1:8080/"));
        raw.put("domain", Collections.singletonList("www.example.com"));
        raw.put("extra-host", Collections.singletonList("example.com"));
        return TaskConfig.parse(raw);
    }

    private void redirect(String from, int status, String to) {
        m.put(ManifestEntry.builder(from).status(status).redirect(to).build());
    }

    private void page(String path, boolean stored, int status) {
        m.put(ManifestEntry.builder(path).status(status).stored(stored).contentType("text/html").md5("ab").build());
    }

    private RedirectChains.Resolution resolve(String path) {
        return chains.resolve(m.get(path));
    }

    @Test
    void aChainEndsAtItsFinalStoredTarget() {
        redirect("/a", 301, "/b");
        redirect("/b", 302, "/c");
        redirect("/c", 308, "/d/");
        page("/d/", true, 200);
        RedirectChains.Resolution r = resolve("/a");
        assertEquals(RedirectChains.End.TARGET, r.end);
        assertEquals("/d/", r.target);
        assertEquals("/b", r.firstHop);
    }

    @Test
    void loopsAndLongChainsAreRefused() {
        redirect("/x", 301, "/y");
        redirect("/y", 301, "/x");
        assertEquals(RedirectChains.End.LOOP, resolve("/x").end);
        redirect("/self", 301, "/self");
        assertEquals(RedirectChains.End.LOOP, resolve("/self").end);
        for (int i = 0; i < 11; i++) {
            redirect("/l" + i, 301, "/l" + (i + 1));
        }
        page("/l11", true, 200);
        assertEquals(RedirectChains.End.TOO_LONG, resolve("/l0").end, "11 hops");
        assertEquals(RedirectChains.End.TARGET, resolve("/l1").end, "10 hops");
    }

    @Test
    void otherHostsAreOffSiteUnlessTheTaskCoversThem() {
        redirect("/away", 301, "https://elsewhere.example.net/x");
        assertEquals(RedirectChains.End.OFF_SITE, resolve("/away").end);
        redirect("/alias", 301, "https://example.com/t");
        page("/t", true, 200);
        assertEquals(RedirectChains.End.TARGET, resolve("/alias").end);
    }

    @Test
    void goneAndUnstoredTargetsAreTold() {
        redirect("/g", 301, "/gone");
        page("/gone", true, 404);
        assertEquals(RedirectChains.End.GONE, resolve("/g").end);
        redirect("/n", 301, "/never");
        assertEquals(RedirectChains.End.NOT_STORED, resolve("/n").end);
        redirect("/u", 301, "/unstored");
        page("/unstored", false, 200);
        assertEquals(RedirectChains.End.NOT_STORED, resolve("/u").end);
    }

    @Test
    void theRedirectPageIsDeterministicAndEscaped() {
        byte[] a = RedirectPage.render("/new/a&b.html");
        assertArrayEquals(a, RedirectPage.render("/new/a&b.html"));
        String s = new String(a, StandardCharsets.UTF_8);
        assertTrue(s.contains("<link rel=\"canonical\" href=\"/new/a&amp;b.html\">"), s);
        assertTrue(s.contains("content=\"0; url=/new/a&amp;b.html\""), s);
        assertTrue(s.contains("location.replace(\"/new/a&b.html\" + location.hash)"), s);
        assertFalse(Arrays.equals(a, RedirectPage.render("/new/other.html")));
    }

    @Test
    void theManifestKeepsRedirectObjectsAndReadsOldManifests() throws IOException {
        Manifest in = new Manifest();
        in.put(ManifestEntry.builder("/old").status(301).redirect("/new").stored(true).md5("ab")
                .redirectObject(ManifestEntry.REDIRECT_PAGE, "/final").build());
        Manifest out = Manifest.fromBytes(in.toBytes());
        assertEquals(ManifestEntry.REDIRECT_PAGE, out.get("/old").redirectObject());
        assertEquals("/final", out.get("/old").redirectFinal());
        // Once the URL stops redirecting, its entry holds no redirect object.
        ManifestEntry served = out.get("/old").toBuilder().status(200).redirect(null).build();
        assertNull(served.redirectObject());
        assertNull(served.redirectFinal());
        // A manifest written before redirect objects existed.
        Manifest old = Manifest.fromBytes(gzip("{\"p\":\"/old\",\"t\":1,\"st\":301,\"d\":0,\"r\":\"/new\"}\n"));
        assertEquals("/new", old.get("/old").redirect());
        assertEquals(301, old.get("/old").status());
        assertNull(old.get("/old").redirectObject());
    }

    private static byte[] gzip(String s) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(b)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }
}
