package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.testing.CdnLogServer;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SharedReference;
import dev.secondaryorigin.testing.SiteFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CDN event flow end to end: a LogFileCreated event → the function reads the new log → its 200 URLs
 * become pending seeds in the task state → the next pass stores those pages, which nothing links to.
 */
class CdnEventFlowTest {
    @TempDir
    Path dir;
    private Nginx nginx;
    private CdnLogServer logs;
    private Path backup;
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path site = dir.resolve("site");
        SiteFiles.write(site, "index.html", "<html><body><a href=\"/a.html\">a</a></body></html>");
        SiteFiles.write(site, "a.html", "<html><body>a</body></html>");
        SiteFiles.write(site, "campaign/landing.html", "<html><body>unlinked landing page</body></html>");
        SiteFiles.write(site, "downloads/report.pdf", SiteFiles.randomBytes(3, 5000));
        nginx = Nginx.serveStatic(site, "www.example.com");
        logs = new CdnLogServer();
        logs.put("/www.example.com/2024_06_09/www.example.com_2024_06_09_0800_0900.gz", String.join("\n",
                CdnLogServer.line("GET", "http://www.example.com/campaign/landing.html", 200),
                CdnLogServer.line("GET", "http://www.example.com/downloads/report.pdf?utm=x", 200),
                CdnLogServer.line("GET", "http://www.example.com/missing.html", 404),
                CdnLogServer.line("GET", "http://169.254.169.254/latest/meta-data/", 200),
                "garbage") + "\n");
        backup = dir.resolve("backup");
    }

    @AfterEach
    void stop() {
        nginx.close();
        logs.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ORIGIN", nginx.url());
        env.put("DOMAIN", "www.example.com");
        env.put("SECONDARY_ORIGIN", backup.toString());
        // The log host of the tests is 127.0.0.1, allowed as the (unused) CDN endpoint override's host.
        env.put("CDN_ENDPOINT", "http://127.0.0.1:1");
        return env;
    }

    private byte[] event(String domain, String fileUrl) {
        JsonObject o = JsonParser.parseString(new String(SharedReference.bytes("event-cdn-logfilecreated.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject ev = o.getAsJsonArray("events").get(0).getAsJsonObject();
        ev.getAsJsonObject("resource").addProperty("domain", domain);
        ev.getAsJsonObject("eventParameter").addProperty("domain", domain);
        ev.getAsJsonObject("eventParameter").addProperty("filePath", fileUrl);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject invoke(SyncFunction fn, byte[] event) throws Exception {
        return JsonParser.parseString(new String(fn.invoke(event, new LocalContext("req", 60_000,
                Collections.emptyMap(), logLines::add)), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void eventThenPassStoresTheLoggedUrls() throws Exception {
        SyncFunction fn = new SyncFunction(env());
        String url = "http://" + logs.hostAndPort()
                + "/www.example.com/2024_06_09/www.example.com_2024_06_09_0800_0900.gz"
                + "?OSSAccessKeyId=xxxx&Expires=1718000000&Signature=c2VjcmV0";
        JsonObject r = invoke(fn, event("www.example.com", url));

        assertEquals("seeds-queued", r.get("result").getAsString(), r.toString());
        assertEquals(2, r.get("queued").getAsInt(), r.toString());
        assertEquals(1, r.getAsJsonObject("sources").get("malformedLines").getAsInt());
        assertEquals(1, r.getAsJsonObject("sources").get("refusedUrls").getAsInt());
        assertFalse(r.toString().contains("Signature="), "the signed URL is not echoed");
        assertFalse(String.join("\n", logLines).contains("Signature="), "nor logged");
        StateRepository state = new StateRepository(new LocalStore(backup), "www.example.com");
        assertEquals(Arrays.asList("http://www.example.com/campaign/landing.html",
                "http://www.example.com/downloads/report.pdf?utm=x"), state.loadPendingSeeds());

        // The same event again (FC retries deliveries) queues nothing new.
        JsonObject again = invoke(fn, event("www.example.com", url));
        assertEquals(0, again.get("queued").getAsInt(), again.toString());

        JsonObject sync = invoke(fn, "{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(sync.get("ok").getAsBoolean(), sync.toString());
        assertTrue(sync.getAsJsonObject("report").get("complete").getAsBoolean(), sync.toString());
        assertTrue(Files.exists(backup.resolve("campaign/landing.html")));
        assertTrue(Files.exists(backup.resolve("downloads/report.pdf")));
        assertTrue(Files.exists(backup.resolve("a.html")));
        assertEquals(new ArrayList<String>(), state.loadPendingSeeds(), "consumed by the complete pass");
        assertFalse(Files.exists(backup.resolve(".secondary-origin/www.example.com/pending-seeds.jsonl.gz")));
        assertFalse(Files.readAllLines(nginx.accessLog()).stream().anyMatch(l -> l.contains("meta-data")));
    }

    @Test
    void eventForAnotherDomainOrHostQueuesNothing() throws Exception {
        SyncFunction fn = new SyncFunction(env());
        JsonObject other = invoke(fn, event("img.example.com", "http://" + logs.hostAndPort() + "/x.gz"));
        assertEquals("ignored", other.get("result").getAsString(), other.toString());

        JsonObject foreign = invoke(fn, event("www.example.com", "http://logs.attacker.example/x.gz?Signature=s"));
        assertEquals("ignored", foreign.get("result").getAsString(), foreign.toString());
        assertEquals("failed", foreign.getAsJsonArray("files").get(0).getAsJsonObject().get("result").getAsString());
        assertTrue(String.join("\n", logLines).contains("not an Alibaba Cloud log host"), logLines.toString());
        assertEquals(0, logs.downloads());
        assertFalse(Files.exists(backup.resolve(".secondary-origin/www.example.com/pending-seeds.jsonl.gz")));
    }

    @Test
    void guardActionNeedsABucketTarget() throws Exception {
        JsonObject r = invoke(new SyncFunction(env()), "{\"action\":\"guard\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(r.get("ok").getAsBoolean(), r.toString());
        assertTrue(r.get("message").getAsString().contains("SECONDARY_ORIGIN"), r.toString());
        assertTrue(r.get("message").getAsString().contains("OSS bucket"), r.toString());
    }
}
