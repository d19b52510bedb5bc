package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler invoked in-process with each kind of event, against an in-JVM origin and a directory store. */
class SyncFunctionTest {
    @TempDir
    Path dir;
    private TestSite site;
    private Path backup;
    private final List<String> logs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        site = new TestSite(12);
        backup = dir.resolve("backup");
    }

    @AfterEach
    void stop() {
        site.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ORIGIN", site.url());
        env.put("DOMAIN", "www.example.com");
        env.put("SECONDARY_ORIGIN", backup.toString());
        env.put("TASK_NAME", "www.example.com");
        env.put("HTTP_AUTH_TYPE", "function");
        env.put("CHECKPOINT_SECONDS", "1");
        return env;
    }

    private LocalContext context(String requestId, int limitMillis) {
        return new LocalContext(requestId, limitMillis, Collections.emptyMap(), logs::add);
    }

    private static JsonObject json(byte[] bytes) {
        return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static JsonObject sample(String name) {
        return json(SharedReference.bytes(name));
    }

    private static byte[] httpEvent(String method, String path, String body, String authorization) {
        JsonObject o = sample("event-http-trigger.json");
        o.addProperty("rawPath", path);
        o.getAsJsonObject("requestContext").getAsJsonObject("http").addProperty("method", method);
        o.getAsJsonObject("requestContext").addProperty("requestId", "http-req");
        o.addProperty("body", body);
        o.getAsJsonObject("headers").remove("Authorization");
        if (authorization != null) {
            o.getAsJsonObject("headers").addProperty("Authorization", authorization);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An FC 3.0 HTTP answer: statusCode, headers, body, isBase64Encoded; returns it with the body parsed. */
    private static JsonObject httpAnswer(byte[] bytes, int expectedStatus) {
        JsonObject r = json(bytes);
        assertEquals(new java.util.HashSet<>(Arrays.asList("statusCode", "headers", "body", "isBase64Encoded")),
                r.keySet(), r.toString());
        assertEquals(expectedStatus, r.get("statusCode").getAsInt(), r.toString());
        assertFalse(r.get("isBase64Encoded").getAsBoolean());
        return JsonParser.parseString(r.get("body").getAsString()).getAsJsonObject();
    }

    private void assertCompleteBackup() {
        assertTrue(Files.isRegularFile(backup.resolve("index.html")), "index.html");
        assertTrue(Files.isRegularFile(backup.resolve("css/site.css")), "css/site.css");
        for (int i = 0; i < site.pages; i++) {
            assertTrue(Files.isRegularFile(backup.resolve("page-" + i + ".html")), "page-" + i + ".html");
        }
    }

    private List<JsonObject> logLines(String msg) {
        List<JsonObject> out = new ArrayList<>();
        for (String l : logs) {
            JsonObject o = JsonParser.parseString(l).getAsJsonObject();
            if (msg.equals(o.get("msg").getAsString())) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void timerSampleRunsAPassAndBacksUpTheSite() throws Exception {
        SyncFunction fn = new SyncFunction(env());
        fn.initialize(context("init", 900_000));
        JsonObject r = json(fn.invoke(SharedReference.bytes("event-timer.json"), context("req-timer", 900_000)));
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        assertEquals("complete", r.getAsJsonObject("report").get("result").getAsString());
        assertCompleteBackup();
        List<JsonObject> pass = logLines("pass");
        assertEquals(1, pass.size(), logs.toString());
        assertEquals("req-timer", pass.get(0).get("requestId").getAsString());
        assertEquals("timer:sync-timer", pass.get(0).get("trigger").getAsString());
        assertEquals(810_000, pass.get(0).get("budgetMs").getAsLong());
        for (String line : logs) {
            assertFalse(line.contains("\n"), "one line per log entry");
        }
    }

    @Test
    void httpStatusSyncAndReports() throws Exception {
        Map<String, String> env = env();
        env.put("HTTP_TOKEN", "made-up-token-for-tests-0123456789abcdef");
        SyncFunction fn = new SyncFunction(env);

        httpAnswer(fn.invoke(httpEvent("POST", "/sync", "", null), context("r1", 60_000)), 401);
        assertFalse(Files.exists(backup.resolve("index.html")), "a refused sync does nothing");

        JsonObject sync = httpAnswer(fn.invoke(httpEvent("POST", "/sync", "{\"full\":true}",
                "Bearer made-up-token-for-tests-0123456789abcdef"), context("r2", 60_000)), 200);
        assertEquals("complete", sync.getAsJsonObject("report").get("result").getAsString());
        assertCompleteBackup();

        JsonObject status = httpAnswer(fn.invoke(httpEvent("GET", "/status", "", "Bearer made-up-token-for-tests-0123456789abcdef"),
                context("r3", 60_000)), 200);
        assertEquals("complete", status.getAsJsonObject("lastReport").get("result").getAsString());
        assertEquals(site.pages + 2, status.getAsJsonObject("manifest").get("storedObjects").getAsLong(),
                status.toString());
        assertFalse(status.get("passInProgress").getAsBoolean());

        String passId = sync.getAsJsonObject("report").get("passId").getAsString();
        JsonObject report = httpAnswer(fn.invoke(httpEvent("GET", "/reports/" + passId, "",
                "Bearer made-up-token-for-tests-0123456789abcdef"), context("r4", 60_000)), 200);
        assertEquals(passId, report.get("passId").getAsString());
        httpAnswer(fn.invoke(httpEvent("GET", "/reports/no-such-report", "", "Bearer made-up-token-for-tests-0123456789abcdef"),
                context("r5", 60_000)), 404);
        httpAnswer(fn.invoke(httpEvent("GET", "/elsewhere", "", "Bearer made-up-token-for-tests-0123456789abcdef"),
                context("r6", 60_000)), 404);
    }

    @Test
    void anonymousTriggerWithoutTokenIsRefusedWithAHint() throws Exception {
        Map<String, String> env = env();
        env.put("HTTP_AUTH_TYPE", "anonymous");
        JsonObject body = httpAnswer(new SyncFunction(env).invoke(httpEvent("POST", "/sync", "", null),
                context("r", 60_000)), 401);
        assertTrue(body.get("message").getAsString().contains("HTTP_TOKEN"), body.toString());
    }

    @Test
    void directInvokeSyncAndStatus() throws Exception {
        SyncFunction fn = new SyncFunction(env());
        JsonObject sync = json(fn.invoke("{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8), context("a", 60_000)));
        assertTrue(sync.get("ok").getAsBoolean(), sync.toString());
        assertCompleteBackup();
        JsonObject status = json(fn.invoke("{\"action\":\"status\"}".getBytes(StandardCharsets.UTF_8), context("b", 60_000)));
        assertEquals("status", status.get("action").getAsString());
        assertNotNull(status.getAsJsonObject("lastReport"));
        JsonObject verify = json(fn.invoke("{\"action\":\"verify\"}".getBytes(StandardCharsets.UTF_8), context("c", 60_000)));
        assertTrue(verify.get("ok").getAsBoolean(), verify.toString());
        assertEquals(site.pages + 2, verify.getAsJsonObject("verify").get("objects").getAsLong(), verify.toString());
        JsonObject guard = json(fn.invoke("{\"action\":\"guard\"}".getBytes(StandardCharsets.UTF_8), context("d", 60_000)));
        assertFalse(guard.get("ok").getAsBoolean(), "the guard needs a bucket target: " + guard);
        assertTrue(guard.get("message").getAsString().contains("SECONDARY_ORIGIN"), guard.toString());
    }

    @Test
    void cdnEventForAnotherDomainIsAcceptedAndSkipped() throws Exception {
        JsonObject r = json(new SyncFunction(env()).invoke(SharedReference.bytes("event-cdn-logfilecreated.json"),
                context("cdn", 60_000)));
        assertTrue(r.get("ok").getAsBoolean());
        assertEquals("ignored", r.get("result").getAsString(), r.toString());
        assertEquals("skipped", r.getAsJsonArray("files").get(0).getAsJsonObject().get("result").getAsString());
        assertFalse(r.toString().contains("Signature="), "the signed log URL is not echoed");
        assertFalse(String.join("\n", logs).contains("Signature="), "nor logged");
    }

    @Test
    void badEventsAnswerCleanly() throws Exception {
        SyncFunction fn = new SyncFunction(env());
        byte[] garbage = new byte[2048];
        new Random(7).nextBytes(garbage);
        for (byte[] event : Arrays.asList(garbage, new byte[0], "{\"hello\":1}".getBytes(StandardCharsets.UTF_8),
                "[]".getBytes(StandardCharsets.UTF_8))) {
            JsonObject r = json(fn.invoke(event, context("bad", 60_000)));
            assertFalse(r.get("ok").getAsBoolean());
            assertEquals(400, r.get("status").getAsInt());
            assertTrue(r.has("accepted"));
        }
        byte[] big = new byte[10 << 20];
        Arrays.fill(big, (byte) ' ');
        assertEquals(413, json(fn.invoke(big, context("big", 60_000))).get("status").getAsInt());

        JsonObject http = sample("event-http-trigger.json");
        char[] body = new char[10 << 20];
        Arrays.fill(body, 'x');
        http.addProperty("body", new String(body));
        JsonObject answer = httpAnswer(fn.invoke(http.toString().getBytes(StandardCharsets.UTF_8),
                context("bighttp", 60_000)), 413);
        assertEquals("EventTooLarge", answer.get("error").getAsString());
        assertEquals(6, logLines("invalid-event").size());
        assertFalse(Files.exists(backup.resolve("index.html")));
    }

    @Test
    void invalidConfigurationNamesTheVariableOrField() throws Exception {
        Map<String, String> env = env();
        env.put("MAX_DEPTH", "deep");
        JsonObject r = json(new SyncFunction(env).invoke("{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8),
                context("cfg", 60_000)));
        assertEquals(500, r.get("status").getAsInt());
        assertTrue(r.get("message").getAsString().startsWith("MAX_DEPTH"), r.toString());

        JsonObject o = json(new SyncFunction(env()).invoke("{\"action\":\"sync\",\"maxDepth\":\"deep\"}"
                .getBytes(StandardCharsets.UTF_8), context("cfg2", 60_000)));
        assertEquals(400, o.get("status").getAsInt());
        assertTrue(o.get("message").getAsString().startsWith("\"maxDepth\""), o.toString());

        Map<String, String> noOrigin = env();
        noOrigin.remove("ORIGIN");
        SyncFunction fn = new SyncFunction(noOrigin);
        fn.initialize(context("init", 60_000));
        List<JsonObject> lines = logLines("invalid-configuration");
        assertTrue(lines.get(lines.size() - 1).get("message").getAsString().startsWith("ORIGIN"), lines.toString());
    }

    @Test
    void tinyTimeLimitSpreadsThePassOverInvocationsThatResume() throws Exception {
        site.delay(40);
        Map<String, String> env = env();
        env.put("CONCURRENCY", "1");
        SyncFunction fn = new SyncFunction(env);
        int invocations = 0;
        JsonObject report;
        do {
            invocations++;
            // 1.2 s limit: the margin is half of it, so each invocation works ~0.6 s (a few pages).
            JsonObject r = json(fn.invoke(SharedReference.bytes("event-timer.json"), context("t" + invocations, 1200)));
            assertTrue(r.get("ok").getAsBoolean(), r + "\n" + logLines("pass-failed"));
            report = r.getAsJsonObject("report");
            if (invocations > 1) {
                assertTrue(report.get("resumed").getAsBoolean(), report.toString());
            }
        } while (!report.get("complete").getAsBoolean() && invocations < 40);
        assertTrue(report.get("complete").getAsBoolean(), "finished within 40 invocations");
        assertTrue(invocations >= 2, "the tiny budget needed several invocations, took " + invocations);
        assertEquals(invocations, report.get("invocations").getAsInt());
        assertCompleteBackup();
    }

    @Test
    void preStopDuringAPassLeavesAResumableCheckpoint() throws Exception {
        site.delay(150);
        Map<String, String> env = env();
        env.put("CONCURRENCY", "1");
        SyncFunction fn = new SyncFunction(env);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
            try {
                return fn.invoke("{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8), context("long", 600_000));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long until = System.currentTimeMillis() + 10_000;
        while (site.requests.get() < 4 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        fn.preStop(context("stop", 600_000));
        JsonObject r = json(first.get(30, TimeUnit.SECONDS));
        JsonObject report = r.getAsJsonObject("report");
        assertFalse(report.get("complete").getAsBoolean(), report.toString());
        try (LocalStore store = new LocalStore(backup)) {
            assertTrue(new StateRepository(store, "www.example.com").loadCheckpoint().isPresent(),
                    "a checkpoint is left for the next run");
        }
        assertEquals(1, logLines("pre-stop").size());

        site.delay(0);
        JsonObject next = json(fn.invoke("{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8), context("next", 600_000)));
        assertTrue(next.getAsJsonObject("report").get("resumed").getAsBoolean());
        assertTrue(next.getAsJsonObject("report").get("complete").getAsBoolean());
        assertCompleteBackup();
    }
}
