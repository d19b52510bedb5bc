package dev.secondaryorigin.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.store.Payload;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failover drill end to end with a local target: a real nginx origin (with redirects) is mirrored, the origin is
 * stopped, and {@code drill} requests the site through an in-process {@code serve}; then the backup is damaged and
 * the drill must say exactly what a visitor would meet.
 */
class DrillTest {
    static final String DOMAIN = "www.example.com";

    Path work;
    Path site;
    Path backup;
    Nginx primary;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("drill");
        site = work.resolve("site");
        backup = work.resolve("backup");
        generate(site);
        primary = startOrigin(site);
    }

    @AfterEach
    void tearDown() {
        if (primary != null) {
            primary.close();
        }
        SiteFiles.deleteTree(work);
    }

    /** The mirror test's site, plus an entry page of directory links and one of links to redirecting URLs. */
    static void generate(Path site) throws IOException {
        NginxMirrorTest.generate(site);
        SiteFiles.write(site, "dirs.html", "<html><body><a href=\"/s3\">section 3</a><a href=\"/s4/\">section 4</a>"
                + "</body></html>");
        SiteFiles.write(site, "redirects.html", "<html><body><a href=\"/old-home\">old home</a><a href=\"/blog\">blog</a>"
                + "<a href=\"/logo.png\">logo</a><a href=\"/a1\">chain</a></body></html>");
    }

    /** nginx as the primary origin: the site, and redirects as a real site keeps old URLs alive. */
    static Nginx startOrigin(Path site) throws IOException {
        return Nginx.start("server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server { listen 127.0.0.1:%PORT%; server_name " + DOMAIN + " 127.0.0.1; root "
                + site.toAbsolutePath() + "; index index.html;\n"
                + "  location = /old-home { return 301 /; }\n"
                + "  location = /blog { return 302 /s1/p3.html; }\n"
                + "  location = /logo.png { return 301 /img/bg.png; }\n"
                + "  location = /a1 { return 301 /a2; }\n"
                + "  location = /a2 { return 308 /s2/; }\n"
                + "}\n");
    }

    private OssBackup.CliRun sync(String... entries) throws IOException {
        List<String> args = new ArrayList<>(Arrays.asList("sync", "--origin", primary.url(), "--domain", DOMAIN,
                "--target", backup.toString(), "--quiet"));
        for (String e : entries) {
            args.add("--entry");
            args.add(e);
        }
        return OssBackup.CliRun.run(Collections.emptyMap(), args.toArray(new String[0]), null);
    }

    private OssBackup.CliRun drill(String... extra) throws IOException {
        Path report = work.resolve("drill-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(Arrays.asList("drill", "--target", backup.toString(),
                "--report-json", report.toString()));
        args.addAll(Arrays.asList(extra));
        return OssBackup.CliRun.run(Collections.emptyMap(), args.toArray(new String[0]), report);
    }

    static JsonObject kind(OssBackup.CliRun r, String kind) {
        JsonObject k = r.report.getAsJsonObject("kinds").getAsJsonObject(kind);
        assertTrue(k != null, "no kind " + kind + " in " + r);
        return k;
    }

    static void assertAllReady(OssBackup.CliRun r, String... kinds) {
        assertEquals(0, r.code, r.toString());
        assertEquals(100.0, r.report.get("readinessPercent").getAsDouble(), r.toString());
        assertEquals(0, r.report.getAsJsonArray("misses").size(), r.toString());
        for (String k : kinds) {
            JsonObject o = kind(r, k);
            assertTrue(o.get("tried").getAsInt() > 0, k + " " + r);
            assertEquals(o.get("tried").getAsInt(), o.get("ready").getAsInt(), k + " " + r);
            assertEquals(100.0, o.get("readinessPercent").getAsDouble(), k);
        }
    }

    @Test
    void withTheOriginStoppedTheServedBackupIsFullyReadyThenDamageShowsAsMissesWorstFirst() throws Exception {
        OssBackup.CliRun s = sync("/", "/dirs.html");
        assertEquals(0, s.code, s.toString());
        primary.stop();

        OssBackup.CliRun r = drill();
        assertAllReady(r, "pages", "assets", "redirects", "directories", "query-strings");
        assertTrue(r.out.contains("Ready: 100.0%"), r.out);
        assertTrue(r.report.get("servedInProcess").getAsBoolean());
        assertTrue(r.report.get("via").getAsString().startsWith("http://127.0.0.1:"), r.toString());
        // /s3 was a redirect at the origin (nginx's slash redirect), answered by serve's /dir → /dir/.
        assertEquals(1, kind(r, "redirects").get("tried").getAsInt(), r.toString());
        int stored = SiteFiles.list(backup, false).size();
        assertTrue(kind(r, "pages").get("tried").getAsInt() + kind(r, "assets").get("tried").getAsInt() >= stored,
                "every stored object drilled: " + stored + " " + r);

        // Damage: one object deleted, one modified on disk, one re-stored with a wrong Content-Type.
        LocalStore store = ObjectStores.openLocal(backup.toString());
        store.delete("img/i0-0.png");
        Files.write(backup.resolve("s0/p1.html"), "<html>defaced</html>".getBytes(StandardCharsets.UTF_8));
        byte[] css = Files.readAllBytes(backup.resolve("css/theme.css"));
        store.put("css/theme.css", Payload.ofBytes(css), ObjectMeta.builder().contentType("text/plain").build());

        OssBackup.CliRun damaged = drill();
        assertEquals(1, damaged.code, damaged.toString());
        JsonArray misses = damaged.report.getAsJsonArray("misses");
        List<String> urls = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (JsonElement m : misses) {
            urls.add(m.getAsJsonObject().get("url").getAsString());
            why.add(m.getAsJsonObject().get("miss").getAsString());
        }
        assertEquals("/img/i0-0.png", urls.get(0), "a missing object is the worst miss: " + misses);
        assertEquals("not-found", why.get(0));
        assertEquals(404, misses.get(0).getAsJsonObject().get("status").getAsInt());
        assertTrue(urls.contains("/s0/p1.html") && why.get(urls.indexOf("/s0/p1.html")).equals("wrong-bytes"), misses.toString());
        assertTrue(urls.contains("/css/theme.css") && why.get(urls.indexOf("/css/theme.css")).equals("wrong-content-type"),
                misses.toString());
        assertTrue(urls.indexOf("/s0/p1.html") < urls.indexOf("/css/theme.css"), "wrong bytes before a wrong type: " + urls);
        for (String u : urls) {
            assertTrue(u.startsWith("/img/i0-0.png") || u.startsWith("/s0/p1.html") || u.startsWith("/css/theme.css"),
                    "only the damaged URLs (and their query forms) miss: " + urls);
        }
        JsonObject assets = kind(damaged, "assets");
        assertEquals(assets.get("tried").getAsInt() - 2, assets.get("ready").getAsInt(), damaged.toString());
        JsonObject pages = kind(damaged, "pages");
        assertEquals(pages.get("tried").getAsInt() - 1, pages.get("ready").getAsInt(), damaged.toString());
        assertTrue(pages.get("readinessPercent").getAsDouble() < 100 && pages.get("readinessPercent").getAsDouble() > 95);
        assertTrue(damaged.report.getAsJsonArray("belowMinReady").toString().contains("assets"), damaged.toString());
        assertTrue(damaged.out.contains("not-found") && damaged.out.contains("/img/i0-0.png"), damaged.out);
        assertTrue(damaged.out.indexOf("/img/i0-0.png") < damaged.out.indexOf("/css/theme.css"), damaged.out);

        // The same figures pass a lower bar.
        assertEquals(0, drill("--min-ready", "95").code);
        // A sample drills fewer URLs, every kind still represented.
        OssBackup.CliRun sample = drill("--sample", "30", "--seed", "7", "--json");
        assertTrue(sample.report.get("tried").getAsInt() >= 30 && sample.report.get("tried").getAsInt() < 100,
                sample.toString());
        for (String k : new String[]{"pages", "assets", "redirects"}) {
            assertTrue(kind(sample, k).get("tried").getAsInt() > 0, k);
        }
        assertEquals(sample.report.getAsJsonArray("misses").size() == 0 ? 0 : 1, sample.code, sample.toString());
        assertTrue(sample.out.trim().startsWith("{"), "--json prints the report: " + sample.out);
    }

    @Test
    void redirectSourcesAreReadyWhenTheBackupRedirectsCopiesOrSendsTheVisitorOn() throws Exception {
        OssBackup.CliRun s = sync("/", "/redirects.html");
        assertEquals(0, s.code, s.toString());
        primary.stop();
        LocalStore store = ObjectStores.openLocal(backup.toString());
        String[] sources = {"old-home", "blog", "logo.png", "a1", "a2"};
        for (String k : sources) {
            store.delete(k);
        }

        OssBackup.CliRun before = drill();
        assertEquals(1, before.code, before.toString());
        JsonObject redirects = kind(before, "redirects");
        assertEquals(sources.length, redirects.get("tried").getAsInt(), before.toString());
        assertEquals(0, redirects.get("ready").getAsInt(), before.toString());
        assertEquals(0.0, redirects.get("readinessPercent").getAsDouble());
        assertEquals(sources.length, before.report.getAsJsonObject("missReasons").get("not-found").getAsInt(),
                before.toString());
        assertEquals(100.0, kind(before, "pages").get("readinessPercent").getAsDouble(), before.toString());
        assertEquals(Collections.singletonList("redirects").toString(),
                before.report.getAsJsonArray("belowMinReady").toString().replace("\"", ""));

        // What static hosting can answer for a redirect source: a page that sends the visitor on (meta refresh,
        // canonical link, as static site generators publish aliases), or a copy of a non-HTML target.
        putPage(store, "old-home", "<meta http-equiv=\"refresh\" content=\"0; url=/\"><link rel=\"canonical\" href=\"/\">");
        putPage(store, "blog", "<link rel=\"canonical\" href=\"https://" + DOMAIN + "/s1/p3.html\">");
        store.put("logo.png", Payload.ofBytes(Files.readAllBytes(site.resolve("img/bg.png"))),
                ObjectMeta.builder().contentType("image/png").build());
        putPage(store, "a1", "<script>location.replace('/s2/')</script><meta http-equiv=refresh content='0;URL=\"/s2/\"'>");
        putPage(store, "a2", "<meta http-equiv=\"refresh\" content=\"0; url=/s5/\">");

        OssBackup.CliRun after = drill();
        assertEquals(1, after.code, after.toString());
        redirects = kind(after, "redirects");
        assertEquals(4, redirects.get("ready").getAsInt(), after.toString());
        assertEquals(80.0, redirects.get("readinessPercent").getAsDouble());
        JsonObject miss = after.report.getAsJsonArray("misses").get(0).getAsJsonObject();
        assertEquals("/a2", miss.get("url").getAsString(), after.toString());
        assertEquals("wrong-redirect", miss.get("miss").getAsString());
        assertTrue(miss.get("problem").getAsString().contains("send the visitor to [http://127.0.0.1:")
                && miss.get("problem").getAsString().endsWith("the origin sent visitors to /s2/"), miss.toString());

        putPage(store, "a2", "<meta http-equiv=\"refresh\" content=\"0; url=/s2/\">");
        assertAllReady(drill(), "pages", "assets", "redirects");
    }

    private static void putPage(LocalStore store, String key, String head) throws IOException {
        store.put(key, Payload.ofBytes(("<!doctype html><html><head>" + head + "</head><body></body></html>")
                .getBytes(StandardCharsets.UTF_8)), ObjectMeta.builder().contentType("text/html; charset=utf-8")
                .cacheControl("max-age=60").build());
    }

    @Test
    void topUrlsFromTheCdnAreDrilledAsVisitorsAskForThem() throws Exception {
        OssBackup.CliRun s = sync("/");
        assertEquals(0, s.code, s.toString());
        primary.stop();
        try (dev.secondaryorigin.cdn.CdnTestbed bed = dev.secondaryorigin.cdn.CdnTestbed.start()) {
            bed.cdn.addDomain(DOMAIN, "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\"}]");
            bed.cdn.topUrls(DOMAIN, "http://www.example.com/s1/p2.html?utm_campaign=spring",
                    "www.example.com/css/main.css", "http://www.example.com/orphan.html", "http://www.example.com/s5/");
            Path report = work.resolve("top.json");
            OssBackup.CliRun r = OssBackup.CliRun.run(bed.env(), new String[]{"drill", "--target", backup.toString(),
                    "--top-urls", "--domain", DOMAIN, "--cdn-endpoint", bed.emulator.url(), "--report-json",
                    report.toString()}, report);
            assertEquals(1, r.code, r.toString());
            assertEquals(4, r.report.get("tried").getAsInt(), r.toString());
            assertEquals(3, r.report.get("ready").getAsInt(), r.toString());
            assertEquals(1, kind(r, "query-strings").get("ready").getAsInt(), "the top URL with its query string");
            JsonObject miss = r.report.getAsJsonArray("misses").get(0).getAsJsonObject();
            assertEquals("/orphan.html", miss.get("url").getAsString(), "visitors ask for a page nobody links to");
            assertEquals("not-found", miss.get("miss").getAsString());
            assertEquals(DOMAIN, bed.emulator.calls("DescribeDomainTopUrlVisit").get(0).param("DomainName"));
        }
    }

    @Test
    void theFunctionDrillsALocalTargetOnlyThroughAGivenVia() throws Exception {
        assertEquals(0, sync("/").code);
        primary.stop();
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("ORIGIN", "http://127.0.0.1:1/");
        env.put("DOMAIN", DOMAIN);
        env.put("SECONDARY_ORIGIN", backup.toString());
        dev.secondaryorigin.fc.SyncFunction fn = new dev.secondaryorigin.fc.SyncFunction(env);
        List<String> logs = new ArrayList<>();
        JsonObject noVia = invoke(fn, "{\"action\":\"drill\"}", logs);
        assertEquals(400, noVia.get("status").getAsInt(), noVia.toString());
        assertTrue(noVia.get("message").getAsString().contains("a local target has no website endpoint"), noVia.toString());
        try (dev.secondaryorigin.serve.BackupServer serve = new dev.secondaryorigin.serve.BackupServer(
                ObjectStores.openLocal(backup.toString()), "127.0.0.1", 0)) {
            serve.start();
            JsonObject r = invoke(fn, "{\"action\":\"drill\",\"sample\":40,\"via\":\"http://127.0.0.1:" + serve.port()
                    + "/\"}", logs);
            assertEquals("ready", r.get("result").getAsString(), r + "\n" + logs);
            assertTrue(r.getAsJsonObject("drill").get("selection").getAsString().startsWith("sample of 40"), r.toString());
        }
    }

    private static JsonObject invoke(dev.secondaryorigin.fc.SyncFunction fn, String event, List<String> logs)
            throws IOException {
        return com.google.gson.JsonParser.parseString(new String(fn.invoke(event.getBytes(StandardCharsets.UTF_8),
                new dev.secondaryorigin.fc.LocalContext("drill", 300_000, new java.util.HashMap<>(), logs::add)),
                StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void badFlagsAreRefusedWithExitCode2NamingTheOption() throws Exception {
        String[][] bad = {
                {"--via", "ftp://127.0.0.1/", "--via must be an http:// or https:// URL"},
                {"--via", "127.0.0.1:8081", "--via must be an http:// or https:// URL"},
                {"--sample", "0", "--sample must be a number of URLs, 1 or more"},
                {"--min-ready", "101", "--min-ready must be a percentage from 0 to 100"},
                {"--min-ready", "lots", "--min-ready"},
                {"--concurrency", "0", "--concurrency must be from 1 to 64"},
                {"--host", "a b", "--host must be a host name"},
                {"--sample", "5", "--all", "mutually exclusive"},
        };
        Files.createDirectories(backup);
        for (String[] b : bad) {
            List<String> args = new ArrayList<>(Arrays.asList("drill", "--target", backup.toString()));
            args.addAll(Arrays.asList(b).subList(0, b.length - 1));
            OssBackup.CliRun r = OssBackup.CliRun.run(Collections.emptyMap(), args.toArray(new String[0]), null);
            assertEquals(2, r.code, Arrays.toString(b) + " " + r);
            assertTrue(r.err.contains(b[b.length - 1]), Arrays.toString(b) + " " + r.err);
            assertTrue(!r.err.contains("\tat "), "no stack trace: " + r.err);
        }
        // Nothing to drill yet: a target no pass has run against is bad input, and says so.
        OssBackup.CliRun empty = OssBackup.CliRun.run(Collections.emptyMap(), new String[]{"drill", "--target",
                backup.toString(), "--task-name", DOMAIN}, null);
        assertEquals(2, empty.code, empty.toString());
        assertTrue(empty.err.contains("holds no backup"), empty.toString());
    }
}
