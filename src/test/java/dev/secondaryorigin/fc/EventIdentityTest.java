package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event (timer payload, direct invoke, HTTP body) may tune a pass but never change what the task backs up,
 * from where or to where: those come only from the deployment's environment.
 */
class EventIdentityTest {
    @TempDir
    Path dir;
    private TestSite site;

    @BeforeEach
    void start() throws Exception {
        site = new TestSite(4);
    }

    @AfterEach
    void stop() {
        site.close();
    }

    private SyncFunction function() {
        Map<String, String> env = new HashMap<>();
        env.put("ORIGIN", site.url());
        env.put("DOMAIN", "www.example.com");
        env.put("SECONDARY_ORIGIN", dir.resolve("backup").toString());
        env.put("HTTP_AUTH_TYPE", "function");
        return new SyncFunction(env);
    }

    private static LocalContext context() {
        return new LocalContext("req", 900_000, Collections.emptyMap(), line -> { });
    }

    private static JsonObject json(byte[] b) {
        return JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private JsonObject invoke(String event) throws Exception {
        return json(function().invoke(event.getBytes(StandardCharsets.UTF_8), context()));
    }

    @Test
    void theMetadataAttackOfTheSweepIsA400AndFetchesNothing() throws Exception {
        JsonObject r = invoke("{\"action\":\"sync\",\"origin\":\"http://100.100.100.200/\","
                + "\"entry\":[\"/latest/meta-data/\"]}");
        assertEquals(400, r.get("status").getAsInt(), r.toString());
        String m = r.get("message").getAsString();
        assertTrue(m.contains("\"origin\" cannot be set by an event") && m.contains("ORIGIN"), m);
        assertEquals(0, site.requests.get(), "nothing was fetched");
        assertFalse(Files.exists(dir.resolve("backup/index.html")));
    }

    @Test
    void everyIdentityOptionIsRefusedInEveryEventShape() throws Exception {
        String[][] forbidden = {{"target", "\"/tmp/elsewhere\""}, {"SECONDARY_ORIGIN", "\"/tmp/elsewhere\""},
                {"domain", "\"evil.example\""}, {"taskName", "\"other\""}, {"header", "[\"X-A: b\"]"},
                {"insecureTls", "true"}, {"ossEndpoint", "\"http://127.0.0.1:1\""}, {"extraHost", "[\"evil.example\"]"},
                {"pruneAfter", "1"}, {"keepPasses", "0"}, {"gateMinObjects", "100000"}, {"cdnEndpoint", "\"x\""}};
        for (String[] f : forbidden) {
            JsonObject direct = invoke("{\"action\":\"sync\",\"" + f[0] + "\":" + f[1] + "}");
            assertEquals(400, direct.get("status").getAsInt(), f[0] + ": " + direct);
            assertTrue(direct.get("message").getAsString().contains("cannot be set by an event"), direct.toString());

            JsonObject timer = invoke("{\"triggerTime\":\"2026-12-01T00:00:00Z\",\"triggerName\":\"t\","
                    + "\"payload\":\"{\\\"" + f[0] + "\\\":" + f[1].replace("\"", "\\\"") + "}\"}");
            assertEquals(400, timer.get("status").getAsInt(), f[0] + " in a timer payload: " + timer);
        }
        JsonObject o = JsonParser.parseString(new String(SharedReference.bytes("event-http-trigger.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        o.addProperty("rawPath", "/sync");
        o.getAsJsonObject("requestContext").getAsJsonObject("http").addProperty("method", "POST");
        o.addProperty("body", "{\"target\":\"/tmp/elsewhere\"}");
        JsonObject http = json(function().invoke(o.toString().getBytes(StandardCharsets.UTF_8), context()));
        assertEquals(400, http.get("statusCode").getAsInt(), http.toString());
        assertTrue(http.get("body").getAsString().contains("SECONDARY_ORIGIN"), http.toString());
        assertEquals(0, site.requests.get());
    }

    @Test
    void tuningOptionsStillWork() throws Exception {
        JsonObject r = invoke("{\"action\":\"sync\",\"full\":true,\"maxSeconds\":600,\"maxObjects\":1000}");
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        assertEquals("complete", r.getAsJsonObject("report").get("result").getAsString());
    }
}
