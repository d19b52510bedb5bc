package dev.secondaryorigin.sync;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a drill asks for, and how it judges answers, from a manifest alone. */
class DrillPlanTest {
    private static ManifestEntry stored(String path, String md5, String type, int depth) {
        return ManifestEntry.builder(path).md5(md5).size(10).contentType(type).status(200).stored(true).depth(depth).build();
    }

    private static ManifestEntry redirect(String path, int status, String target) {
        return ManifestEntry.builder(path).status(status).redirect(target).depth(1).build();
    }

    private static Manifest manifest(ManifestEntry... entries) {
        Manifest m = new Manifest();
        for (ManifestEntry e : entries) {
            m.put(e);
        }
        return m;
    }

    private static Map<String, DrillProbe> byRequest(List<DrillProbe> probes) {
        Map<String, DrillProbe> m = new HashMap<>();
        for (DrillProbe p : probes) {
            assertNull(m.put(p.request(), p), "one probe per URL: " + p.request());
        }
        return m;
    }

    @Test
    void everyStoredUrlAndRedirectSourceWithTheOtherDirectoryFormsAndSomeQueryStrings() {
        Manifest m = manifest(
                stored("/", "a0", "text/html", 0),
                stored("/docs/", "a1", "text/html", 1),
                stored("/guide/index.html", "a2", "text/html", 1),
                stored("/bookindex.html", "a3", "text/html", 1),
                stored("/css/site.css", "a4", "text/css", 1),
                redirect("/old", 301, "/docs/"),
                redirect("/guide", 301, "/guide/"),
                ManifestEntry.builder("/gone.html").status(404).depth(1).build(),
                ManifestEntry.builder("/typed.mp4").status(200).md5("a5").stored(false).depth(1).build());
        Map<String, DrillProbe> p = byRequest(new DrillPlan(m).all());
        assertEquals(DrillKind.PAGES, p.get("/").kind());
        assertEquals(DrillKind.ASSETS, p.get("/css/site.css").kind());
        assertEquals(DrillKind.REDIRECTS, p.get("/old").kind());
        assertEquals(Collections.singleton("docs/index.html"), p.get("/old").targets());
        assertEquals(Collections.singleton("a1"), p.get("/old").bodies().keySet(), "the target's bytes are fine too");
        // /docs (no such entry) is asked as a directory form; /guide is already a redirect entry.
        assertEquals(DrillKind.DIRECTORIES, p.get("/docs").kind());
        assertEquals(DrillKind.REDIRECTS, p.get("/guide").kind());
        assertEquals(DrillKind.DIRECTORIES, p.get("/guide/").kind());
        assertEquals(Collections.singleton("a2"), p.get("/guide/").bodies().keySet());
        // A name that merely ends in "index.html" is no directory.
        assertFalse(p.containsKey("/book"), p.keySet().toString());
        assertFalse(p.containsKey("/gone.html") || p.containsKey("/typed.mp4"), "only what the backup holds");
        assertTrue(p.containsKey("/?" + DrillPlan.QUERY), p.keySet().toString());
        assertEquals(DrillKind.QUERY_STRINGS, p.get("/?" + DrillPlan.QUERY).kind());
    }

    @Test
    void chainsAreFollowedToTheFinalTargetAndAnyHopIsAnAcceptableDestination() {
        Manifest m = manifest(stored("/v3/", "f", "text/html", 2), redirect("/latest", 302, "/v2"),
                redirect("/v2", 301, "/v3/"), redirect("/ext", 301, "https://other.example.net/x"));
        Map<String, DrillProbe> p = byRequest(new DrillPlan(m).all());
        assertEquals(new java.util.LinkedHashSet<>(Arrays.asList("v2", "v3/index.html")), p.get("/latest").targets());
        assertEquals(Collections.singleton("f"), p.get("/latest").bodies().keySet());
        assertEquals(Collections.singleton("https://other.example.net/x"), p.get("/ext").targets());
    }

    @Test
    void aSampleKeepsEveryKindAndTopUrlsKeepTheirQueryStrings() {
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(stored("/p" + i + ".html", "h" + i, "text/html", 1));
            entries.add(stored("/i" + i + ".png", "i" + i, "image/png", 2));
        }
        entries.add(redirect("/r", 301, "/p1.html"));
        DrillPlan plan = new DrillPlan(manifest(entries.toArray(new ManifestEntry[0])));
        List<DrillProbe> sample = plan.sample(20, 42);
        Map<DrillKind, Integer> kinds = new HashMap<>();
        for (DrillProbe x : sample) {
            kinds.merge(x.kind(), 1, Integer::sum);
        }
        assertEquals(10, kinds.get(DrillKind.PAGES));
        assertEquals(10, kinds.get(DrillKind.ASSETS));
        assertEquals(1, kinds.get(DrillKind.REDIRECTS), "the rare kind is still drilled");
        assertEquals(sample.size(), plan.sample(20, 42).size());

        List<DrillProbe> top = plan.urls(Arrays.asList("http://www.example.com/p3.html?from=mail",
                "https://www.example.com/nowhere.js", "http://www.example.com/r", "/p3.html?from=mail"));
        assertEquals(3, top.size());
        assertEquals("/p3.html?from=mail", top.get(0).request());
        assertEquals(DrillKind.QUERY_STRINGS, top.get(0).kind());
        assertFalse(top.get(1).known());
        assertEquals(DrillKind.REDIRECTS, top.get(2).kind());
    }

    @Test
    void anOssTargetIsDrilledAtTheBucketsOwnDomainOverTheTasksEndpoint() throws Exception {
        try (dev.secondaryorigin.store.OssStore pub = new dev.secondaryorigin.store.OssStore(
                dev.secondaryorigin.store.OssTarget.parse("my-backup.oss-cn-hangzhou.aliyuncs.com", null, null),
                CloudCredentials.of("ak", "secret"), 32L << 20);
             dev.secondaryorigin.store.OssStore internal = new dev.secondaryorigin.store.OssStore(
                dev.secondaryorigin.store.OssTarget.parse("oss://my-backup/site", "oss-cn-hangzhou-internal.aliyuncs.com",
                        "cn-hangzhou"), CloudCredentials.of("ak", "secret"), 32L << 20);
             dev.secondaryorigin.store.OssStore gateway = new dev.secondaryorigin.store.OssStore(
                dev.secondaryorigin.store.OssTarget.parse("my-backup.oss-cn-hangzhou.aliyuncs.com", "http://127.0.0.1:9000",
                        null), CloudCredentials.of("ak", "secret"), 32L << 20)) {
            assertEquals("https://my-backup.oss-cn-hangzhou.aliyuncs.com/", Drill.defaultVia(pub).base());
            assertNull(Drill.defaultVia(pub).host());
            assertEquals("https://my-backup.oss-cn-hangzhou-internal.aliyuncs.com/site/", Drill.defaultVia(internal).base());
            assertEquals("http://127.0.0.1:9000/", Drill.defaultVia(gateway).base());
            assertEquals("my-backup.oss-cn-hangzhou.aliyuncs.com", Drill.defaultVia(gateway).host());
        }
    }

    private static DrillAnswer answer(int status, String location, String type, String md5, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new DrillAnswer(status, location, type, md5, b.length, b);
    }

    @Test
    void theJudgeAcceptsWhatSendsTheVisitorOnAndRefusesTheRest() {
        DrillProbe obj = DrillProbe.object("/a.css", DrillKind.ASSETS, "/a.css", 1, Collections.singletonMap("m", "text/css"));
        String url = "http://127.0.0.1:9/a.css";
        assertTrue(DrillJudge.judge(obj, url, answer(200, null, "text/css", "M", "")).ready());
        assertEquals(DrillMiss.WRONG_TYPE, DrillJudge.judge(obj, url, answer(200, null, "text/plain", "m", "")).miss());
        assertEquals(DrillMiss.WRONG_BYTES, DrillJudge.judge(obj, url, answer(200, null, "text/css", "x", "")).miss());
        assertEquals(DrillMiss.NOT_FOUND, DrillJudge.judge(obj, url, answer(404, null, "application/xml", "x", "")).miss());
        DrillOutcome denied = DrillJudge.judge(obj, url, answer(403, null, "application/xml", "x", ""));
        assertEquals(DrillMiss.DENIED, denied.miss());
        assertTrue(denied.problem().contains("public-read"), denied.problem());
        assertEquals(DrillMiss.SERVER_ERROR, DrillJudge.judge(obj, url, answer(503, null, null, "x", "")).miss());
        assertEquals(DrillMiss.WRONG_STATUS, DrillJudge.judge(obj, url, answer(302, "/b", null, "x", "")).miss());
        assertTrue(DrillJudge.sameType("text/html; charset=utf-8", "text/html;charset=UTF-8"));

        DrillProbe red = DrillProbe.redirect("/old", DrillKind.REDIRECTS, "/old", 1, Collections.singletonMap("t", "text/html"),
                Collections.singleton("new/index.html"));
        String base = "http://bucket.example:80/old";
        assertTrue(DrillJudge.judge(red, base, answer(301, "/new/", null, "x", "")).ready());
        assertTrue(DrillJudge.judge(red, base, answer(302, "https://www.example.com/new/index.html", null, "x", "")).ready());
        assertEquals(DrillMiss.WRONG_REDIRECT, DrillJudge.judge(red, base, answer(301, "/elsewhere/", null, "x", "")).miss());
        assertTrue(DrillJudge.judge(red, base, answer(200, null, "text/html", "t", "")).ready(), "a copy of the target");
        assertTrue(DrillJudge.judge(red, base, answer(200, null, "text/html", "p",
                "<meta http-equiv=\"Refresh\" content=\"0;url='new/'\">")).ready(), "a relative meta refresh");
        assertTrue(DrillJudge.judge(red, base, answer(200, null, "text/html", "p",
                "<link rel=\"alternate canonical\" href=\"//www.example.com/new/\">")).ready());
        assertEquals(DrillMiss.WRONG_REDIRECT, DrillJudge.judge(red, base, answer(200, null, "text/html", "p",
                "<html>error page</html>")).miss());
        assertEquals(DrillMiss.NOT_FOUND, DrillJudge.judge(red, base, answer(404, null, "text/html", "p", "")).miss());
    }
}
