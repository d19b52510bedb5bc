package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassReport;
import dev.secondaryorigin.sync.SyncPass;
import dev.secondaryorigin.task.TaskConfig;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The revisit policy against a real nginx, with an injected clock: a pass within --min-revisit of the last one
 * asks nginx only for what is always due (the entry page, robots.txt, the sitemap), --full asks for everything,
 * a changed page is picked up once due (or at once when the sitemap's lastmod or a CDN seed says so), and URLs
 * that are not due stay in the backup: not pruned, not gone for the gate, still in the manifest.
 */
class RevisitTest {
    private static final String DOMAIN = "www.revisit.test";
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final List<String> URLS = Arrays.asList("/", "/a.html", "/b.html", "/c.html", "/img/logo.png",
            "/js/app.3f9a2c1b.js");
    private Path work;
    private Path site;
    private Path backup;
    private Nginx nginx;
    private long t0;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("revisit-test");
        site = work.resolve("site");
        backup = work.resolve("backup");
        Files.createDirectories(backup);
        SiteFiles.write(site, "index.html", "<html><head><script src=\"/js/app.3f9a2c1b.js\"></script></head><body>"
                + "<a href=\"/a.html\">a</a><a href=\"/b.html\">b</a><img src=\"/img/logo.png\"></body></html>");
        SiteFiles.write(site, "a.html", "<html><body>a, version 1 <a href=\"/c.html\">c</a></body></html>");
        SiteFiles.write(site, "b.html", "<html><body>b, version 1</body></html>");
        SiteFiles.write(site, "c.html", "<html><body>c, version 1</body></html>");
        SiteFiles.write(site, "img/logo.png", SiteFiles.randomBytes(7, 900));
        SiteFiles.write(site, "js/app.3f9a2c1b.js", "console.log('app');");
        nginx = Nginx.serveStatic(site, DOMAIN);
        // Whole seconds, a while ago: Last-Modified and the sitemap's lastmod have one-second resolution.
        t0 = System.currentTimeMillis() / 1000 * 1000 - 48 * HOUR;
        for (String u : URLS) {
            Files.setLastModifiedTime(file(u), FileTime.fromMillis(t0 - HOUR));
        }
    }

    @AfterEach
    void tearDown() {
        if (nginx != null) {
            nginx.close();
        }
        SiteFiles.deleteTree(work);
    }

    private Path file(String url) {
        return site.resolve(url.equals("/") ? "index.html" : url.substring(1));
    }

    private PassReport pass(long at, String... extra) throws IOException {
        List<String> flags = new ArrayList<>(Arrays.asList("--origin", nginx.url(), "--domain", DOMAIN, "--target",
                backup.toString(), "--concurrency", "2", "--timeout", "5", "--retries", "0"));
        flags.addAll(Arrays.asList(extra));
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (int i = 0; i < flags.size(); i++) {
            boolean flag = i + 1 >= flags.size() || flags.get(i + 1).startsWith("--");
            raw.put(flags.get(i).substring(2), Collections.singletonList(flag ? "true" : flags.get(++i)));
        }
        try (LocalStore store = new LocalStore(backup)) {
            PassReport r = new SyncPass(TaskConfig.parse(raw), store, PassListener.NONE, work.resolve("tmp"))
                    .clock(Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC)).run(Deadline.none());
            assertTrue(r.complete(), r.toJson().toString());
            return r;
        }
    }

    /** The paths nginx was asked for since {@code fromLine} of its access log. */
    private Set<String> asked(long fromLine) throws IOException {
        try (Stream<String> lines = Files.lines(nginx.accessLog())) {
            return lines.skip(fromLine).map(l -> l.replaceAll("^[^\"]*\"[A-Z]+ (\\S+) .*$", "$1"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private void change(String url, String text, long at) throws IOException {
        Files.write(file(url), text.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file(url), FileTime.fromMillis(at));
    }

    private String backedUp(String url) throws IOException {
        return new String(Files.readAllBytes(backup.resolve(url.substring(1))), StandardCharsets.UTF_8);
    }

    @Test
    void aPassWithinMinRevisitAsksOnlyWhatIsAlwaysDueAndFullAsksEverything() throws IOException {
        pass(t0);
        long lines = nginx.accessLogLines();
        PassReport second = pass(t0 + 10 * MIN);
        // The entry page (its probe and its fetch), robots.txt and the sitemap: nothing else.
        assertEquals(new TreeSet<>(Arrays.asList("/", "/robots.txt", "/sitemap.xml")), asked(lines));
        assertEquals(5, second.number("notDue"), second.toJson().toString());
        assertEquals(3, second.number("revalidated"), "/, robots.txt and sitemap.xml are known too");
        assertEquals(10 * 60, second.number("oldestCheckAgeSeconds"));
        for (String u : URLS) {
            assertTrue(Files.exists(u.equals("/") ? backup.resolve("index.html") : backup.resolve(u.substring(1))), u);
        }

        lines = nginx.accessLogLines();
        PassReport full = pass(t0 + 20 * MIN, "--full");
        assertTrue(asked(lines).containsAll(URLS), asked(lines).toString());
        assertEquals(0, full.number("notDue"));

        lines = nginx.accessLogLines();
        pass(t0 + 30 * MIN, "--max-revisit", "0");
        assertTrue(asked(lines).containsAll(URLS), "--max-revisit 0 asks every URL every pass");
    }

    @Test
    void aChangedPageIsPickedUpOnceDueAndNotDueUrlsAreNeitherPrunedNorGone() throws IOException {
        pass(t0, "--prune-after", "1");
        change("/b.html", "<html><body>b, version 2</body></html>", t0 + 20 * MIN);
        byte[] logo = SiteFiles.randomBytes(8, 900);
        Files.write(file("/img/logo.png"), logo);
        Files.setLastModifiedTime(file("/img/logo.png"), FileTime.fromMillis(t0 + 20 * MIN));

        long lines = nginx.accessLogLines();
        PassReport early = pass(t0 + 30 * MIN, "--prune-after", "1");
        assertFalse(asked(lines).contains("/b.html"));
        assertTrue(backedUp("/b.html").contains("version 1"), "not due yet: the backup keeps what it had");
        assertEquals(0, early.number("pruned"));
        assertEquals(0, early.toJson().getAsJsonObject("gate").get("gone").getAsLong());

        // Pages start at --min-revisit (1h): due at the next hourly pass. The image starts at 4h: not yet.
        lines = nginx.accessLogLines();
        PassReport due = pass(t0 + HOUR, "--prune-after", "1");
        assertTrue(asked(lines).containsAll(Arrays.asList("/a.html", "/b.html", "/c.html")), asked(lines).toString());
        assertFalse(asked(lines).contains("/img/logo.png"));
        assertFalse(asked(lines).contains("/js/app.3f9a2c1b.js"), "a fingerprinted file starts at --max-revisit");
        assertTrue(backedUp("/b.html").contains("version 2"));
        assertEquals(1, due.number("stored"));
        assertEquals(0, due.number("pruned"));
        try (LocalStore store = new LocalStore(backup)) {
            Manifest m = new StateRepository(store, DOMAIN).loadManifest();
            for (String u : URLS) {
                assertTrue(m.get(u) != null && m.get(u).stored(), u + " still in the manifest");
            }
            assertEquals(3600, m.get("/b.html").revisitSeconds(), "changed: stays at the minimum");
            assertEquals(2 * 3600, m.get("/c.html").revisitSeconds(), "unchanged: doubled");
        }

        lines = nginx.accessLogLines();
        pass(t0 + 4 * HOUR, "--prune-after", "1");
        assertTrue(asked(lines).contains("/img/logo.png"));
        assertTrue(Arrays.equals(logo, Files.readAllBytes(backup.resolve("img/logo.png"))));

        // A day on, every URL has been asked again, the fingerprinted one too: none older than --max-revisit.
        lines = nginx.accessLogLines();
        PassReport day = pass(t0 + 24 * HOUR, "--prune-after", "1");
        assertTrue(asked(lines).contains("/js/app.3f9a2c1b.js"));
        assertTrue(day.number("oldestCheckAgeSeconds") <= 24 * 3600, day.toJson().toString());
        try (LocalStore store = new LocalStore(backup)) {
            dev.secondaryorigin.app.ManifestStats stats = dev.secondaryorigin.app.ManifestStats.of(
                    new StateRepository(store, DOMAIN).loadManifest());
            assertTrue(stats.allCheckedSince().isPresent(), "allCheckedSince");
        }
    }

    @Test
    void aSitemapLastmodACdnSeedOrAnOlderManifestMakeUrlsDueNow() throws IOException {
        pass(t0);
        change("/b.html", "<html><body>b, version 2</body></html>", t0 + 5 * MIN);
        SiteFiles.write(site, "sitemap.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<url><loc>http://" + DOMAIN + "/b.html</loc><lastmod>" + Instant.ofEpochMilli(t0 + 5 * MIN)
                + "</lastmod></url><url><loc>http://" + DOMAIN + "/a.html</loc><lastmod>"
                + Instant.ofEpochMilli(t0 - 2 * HOUR) + "</lastmod></url></urlset>");
        try (LocalStore store = new LocalStore(backup)) {
            new StateRepository(store, DOMAIN).addPendingSeeds(Collections.singletonList("http://" + DOMAIN + "/c.html"),
                    100);
        }
        long lines = nginx.accessLogLines();
        pass(t0 + 10 * MIN);
        Set<String> asked = asked(lines);
        assertTrue(asked.contains("/b.html"), "lastmod after our check: " + asked);
        assertFalse(asked.contains("/a.html"), "lastmod before our check: " + asked);
        assertTrue(asked.contains("/c.html"), "a CDN seed: " + asked);
        assertFalse(asked.contains("/img/logo.png"), asked.toString());
        assertTrue(backedUp("/b.html").contains("version 2"));

        // A manifest written before the revisit policy has no intervals: everything is due.
        try (LocalStore store = new LocalStore(backup)) {
            StateRepository state = new StateRepository(store, DOMAIN);
            Manifest old = new Manifest();
            for (ManifestEntry e : state.loadManifest().entries()) {
                old.put(e.toBuilder().revisitSeconds(0).build());
            }
            state.saveManifest(old);
        }
        lines = nginx.accessLogLines();
        pass(t0 + 15 * MIN);
        assertTrue(asked(lines).containsAll(URLS), asked(lines).toString());
    }
}
