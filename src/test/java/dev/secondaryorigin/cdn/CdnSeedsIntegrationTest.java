package dev.secondaryorigin.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.PassReport;
import dev.secondaryorigin.sync.StoredPaths;
import dev.secondaryorigin.sync.SyncPass;
import dev.secondaryorigin.task.TaskConfig;
import dev.secondaryorigin.testing.CdnLogServer;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.OssEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Top URLs and offline access logs from the CDN seed a pass, against a real nginx origin, the OSS emulator
 * and the OpenAPI emulator: pages nobody links to end up in the backup; URLs of other hosts and metadata
 * addresses never reach the origin or the bucket; malformed log lines are counted.
 */
class CdnSeedsIntegrationTest {
    static final String DOMAIN = "www.example.com";

    @TempDir
    Path dir;
    private Nginx nginx;
    private CdnTestbed bed;
    private OssEmulator oss;
    private EmulatedBucket bucket;
    private CdnLogServer logServer;
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path site = dir.resolve("site");
        SiteFiles.write(site, "index.html", "<html><body><a href=\"/a.html\">a</a></body></html>");
        SiteFiles.write(site, "a.html", "<html><body>linked page</body></html>");
        SiteFiles.write(site, "hidden-top.html", "<html><body>only the CDN knows me (top)</body></html>");
        SiteFiles.write(site, "hidden-top2.html", "<html><body>top without scheme</body></html>");
        SiteFiles.write(site, "hidden-log.html", "<html><body>only the CDN knows me (log)</body></html>");
        SiteFiles.write(site, "img/unlinked.png", SiteFiles.randomBytes(7, 3000));
        nginx = Nginx.serveStatic(site, DOMAIN);
        bed = CdnTestbed.start();
        bed.cdn.addDomain(DOMAIN, "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\"}]");
        oss = OssEmulator.builder().credentials(CdnTestbed.KEY_ID, CdnTestbed.SECRET).start();
        bucket = oss.createBucket("my-backup");

        String log = String.join("\n", Arrays.asList(
                CdnLogServer.line("GET", "http://www.example.com/hidden-log.html", 200),
                CdnLogServer.line("GET", "http://www.example.com/img/unlinked.png?x=1", 200),
                CdnLogServer.line("GET", "http://www.example.com/gone.html", 404),
                CdnLogServer.line("GET", "http://evil.example.org/steal.html", 200),
                CdnLogServer.line("GET", "http://100.100.100.200/latest/meta-data/", 200),
                "this is not a log line",
                CdnLogServer.line("GET", "http://www.example.com/cut", 200).substring(0, 40))) + "\n";
        logServer = new CdnLogServer();
        String path = "/cdnlog/www.example.com/2024_06_09/www.example.com_2024_06_09_0100_0200.gz";
        int size = logServer.put(path, log);
        bed.cdn.log(DOMAIN, "www.example.com_2024_06_09_0100_0200.gz", logServer.hostAndPort() + path, size,
                "2024-06-09T01:00:00Z", "2024-06-09T02:00:00Z");
        bed.cdn.topUrls(DOMAIN, "http://www.example.com/hidden-top.html", "www.example.com/hidden-top2.html",
                "http://100.100.100.200/latest/meta-data/", "http://www.example.com/a.html");
    }

    @AfterEach
    void stop() {
        nginx.close();
        bed.close();
        oss.close();
        logServer.close();
    }

    private Map<String, List<String>> options(String... extra) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        raw.put("origin", Collections.singletonList(nginx.url()));
        raw.put("domain", Collections.singletonList(DOMAIN));
        raw.put("target", Collections.singletonList("my-backup.oss-" + oss.region() + ".aliyuncs.com"));
        raw.put("oss-endpoint", Collections.singletonList(oss.endpoint()));
        raw.put("cdn-endpoint", Collections.singletonList(bed.emulator.url()));
        for (int i = 0; i < extra.length; i += 2) {
            raw.put(extra[i], Collections.singletonList(extra[i + 1]));
        }
        return raw;
    }

    @Test
    void topUrlsAndLogsSeedPagesNobodyLinksTo() throws Exception {
        TaskConfig config = TaskConfig.parse(options("top-urls", "true", "cdn-logs-hours", "24", "warmup", "true"));
        TaskCdn cdn = new TaskCdn(config, bed.env());
        JsonObject sources = new JsonObject();
        List<String> seeds = cdn.seeds(sources, lines::add);

        assertEquals(2, sources.get("malformedLines").getAsInt(), sources.toString());
        assertEquals(3, sources.get("refusedUrls").getAsInt(), sources.toString());
        assertEquals(1, sources.get("logFiles").getAsInt());
        assertFalse(seeds.stream().anyMatch(u -> u.contains("evil") || u.contains("100.100.100.200")), seeds.toString());
        RecordedCallsAssert.describeLogsAsked(bed, DOMAIN);

        StoredPaths stored = new StoredPaths(null, 1000);
        PassReport report;
        try (ObjectStore store = ObjectStores.open(config, bed.env())) {
            report = new SyncPass(config, store, stored).extraSeeds(seeds).run(Deadline.none());
        }
        assertTrue(report.complete(), report.toJson().toString());
        List<String> keys = bucket.keys();
        for (String k : new String[] {"index.html", "a.html", "hidden-top.html", "hidden-top2.html",
                "hidden-log.html", "img/unlinked.png"}) {
            assertTrue(keys.contains(k), k + " missing from " + keys);
        }
        assertFalse(keys.stream().anyMatch(k -> k.contains("steal") || k.contains("meta-data")), keys.toString());
        assertFalse(Files.readAllLines(nginx.accessLog()).stream().anyMatch(l -> l.contains("steal")
                || l.contains("meta-data")), "refused URLs never reach the origin");

        JsonObject warm = cdn.warmup(stored.paths());
        assertEquals(stored.paths().size(), warm.get("pushed").getAsInt(), warm.toString());
        assertTrue(bed.cdn.pushed().contains("www.example.com/hidden-log.html"), bed.cdn.pushed().toString());
    }

    @Test
    void seedsPassTheEnginesScopeRulesToo() throws Exception {
        // Given straight to the engine (no CDN filter in between): other hosts and metadata addresses are refused.
        TaskConfig config = TaskConfig.parse(options());
        try (ObjectStore store = ObjectStores.open(config, bed.env())) {
            PassReport r = new SyncPass(config, store, null).extraSeeds(Arrays.asList(
                    "http://100.100.100.200/latest/meta-data/", "http://169.254.169.254/latest/meta-data/iam/",
                    "http://evil.example.org/x.html", "http://www.example.com/hidden-log.html",
                    "http://www.example.com:8080/x.html", "file:///etc/passwd")).run(Deadline.none());
            assertTrue(r.complete(), r.toJson().toString());
            assertTrue(bucket.keys().contains("hidden-log.html"), bucket.keys().toString());
            String json = r.toJson().toString();
            assertTrue(json.contains("off-site"), json);
        }
        assertFalse(Files.readAllLines(nginx.accessLog()).stream().anyMatch(l -> l.contains("meta-data")
                || l.contains("/x.html") || l.contains("passwd")));
    }

    @Test
    void aLogFailureCostsOnlyThatLog() throws Exception {
        bed.cdn.log(DOMAIN, "missing.gz", logServer.hostAndPort() + "/cdnlog/missing.gz",
                10, "2024-06-09T02:00:00Z", "2024-06-09T03:00:00Z");
        bed.cdn.log(DOMAIN, "elsewhere.gz", "logs.attacker.example/x.gz", 10, "2024-06-09T03:00:00Z",
                "2024-06-09T04:00:00Z");
        TaskConfig config = TaskConfig.parse(options("cdn-logs-hours", "24"));
        JsonObject sources = new JsonObject();
        List<String> seeds = new TaskCdn(config, bed.env()).seeds(sources, lines::add);
        assertEquals(3, sources.get("logFiles").getAsInt());
        assertEquals(2, sources.get("logFilesFailed").getAsInt());
        assertTrue(seeds.contains("http://www.example.com/hidden-log.html"), seeds.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("not an Alibaba Cloud log host")), lines.toString());
        assertEquals(2, logServer.downloads(), "the foreign host was never contacted");
    }

    /** Small helper so the test reads as a story. */
    static final class RecordedCallsAssert {
        static void describeLogsAsked(CdnTestbed bed, String domain) {
            assertEquals(domain, bed.emulator.calls("DescribeCdnDomainLogs").get(0).param("DomainName"));
            assertTrue(bed.emulator.calls("DescribeCdnDomainLogs").get(0).param("StartTime").endsWith("Z"));
            assertEquals(domain, bed.emulator.calls("DescribeDomainTopUrlVisit").get(0).param("DomainName"));
        }
    }
}
