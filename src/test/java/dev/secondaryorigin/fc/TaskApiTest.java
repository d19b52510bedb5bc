package dev.secondaryorigin.fc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.SharedReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task registry over the HTTP trigger and as direct-invoke actions, behind the API's authentication. */
class TaskApiTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef-task-api-token";

    @TempDir
    Path dir;
    final List<String> logs = new ArrayList<>();
    SyncFunction fn;

    @BeforeEach
    void setUp() {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTRY", dir.resolve("registry").toString());
        env.put("HTTP_TOKEN", TOKEN);
        fn = new SyncFunction(env);
    }

    private LocalContext context() {
        return new LocalContext("req-1", 60_000, Collections.emptyMap(), logs::add);
    }

    private static JsonObject json(byte[] bytes) {
        return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private JsonObject http(String method, String path, String body, boolean auth, int expected, Map<String, String> query)
            throws Exception {
        JsonObject o = json(SharedReference.bytes("event-http-trigger.json"));
        o.addProperty("rawPath", path);
        o.getAsJsonObject("requestContext").getAsJsonObject("http").addProperty("method", method);
        o.addProperty("body", body == null ? "" : body);
        o.getAsJsonObject("headers").remove("Authorization");
        if (auth) {
            o.getAsJsonObject("headers").addProperty("Authorization", "Bearer " + TOKEN);
        }
        JsonObject q = new JsonObject();
        query.forEach(q::addProperty);
        o.add("queryParameters", q);
        JsonObject r = json(fn.invoke(o.toString().getBytes(StandardCharsets.UTF_8), context()));
        assertEquals(expected, r.get("statusCode").getAsInt(), r.toString());
        String text = r.get("body").getAsString();
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private JsonObject http(String method, String path, String body, int expected) throws Exception {
        return http(method, path, body, true, expected, Collections.emptyMap());
    }

    private JsonObject invoke(String event) throws Exception {
        return json(fn.invoke(event.getBytes(StandardCharsets.UTF_8), context()));
    }

    @Test
    void theHttpRoutesCreateListShowUpdateDeleteWithTheSameAuthentication() throws Exception {
        String body = "{\"name\":\"shop\",\"origin\":\"http://127.0.0.1:1/\",\"domain\":\"www.shop.example\","
                + "\"target\":\"" + dir.resolve("shop") + "\",\"at\":\"03:00\",\"days\":\"MON\",\"tz\":\"Asia/Shanghai\","
                + "\"maxDepth\":5,\"exclude\":[\"/a/**\",\"/b/**\"],\"full\":true}";
        JsonObject unauth = http("POST", "/tasks", body, false, 401, Collections.emptyMap());
        assertEquals("Unauthorized", unauth.get("error").getAsString());
        assertFalse(Files.exists(dir.resolve("registry/tasks/shop.json")), "nothing written without the token");
        assertEquals(401, http("GET", "/tasks", null, false, 401, Collections.emptyMap()).get("status").getAsInt());

        JsonObject created = http("POST", "/tasks", body, 201);
        assertEquals("shop", created.getAsJsonObject("task").get("name").getAsString());
        assertEquals(2, created.getAsJsonObject("task").getAsJsonObject("options").getAsJsonArray("exclude").size());
        assertEquals("TaskExists", http("POST", "/tasks", body, 409).get("error").getAsString());

        JsonObject bad = http("POST", "/tasks", body.replace("\"shop\"", "\"shop2\"").replace("\"maxDepth\":5",
                "\"maxDepth\":-5"), 400);
        assertTrue(bad.get("message").getAsString().startsWith("\"maxDepth\" must be a whole number"), bad.toString());
        bad = http("POST", "/tasks", body.replace("\"shop\"", "\"shop2\"").replace("\"03:00\"", "\"3 o'clock\""), 400);
        assertTrue(bad.get("message").getAsString().startsWith("\"at\" must be a time of day"), bad.toString());
        bad = http("POST", "/tasks", body.replace("\"shop\"", "\"../x\""), 400);
        assertTrue(bad.get("message").getAsString().contains("\"name\" must be 1-64 letters"), bad.toString());
        bad = http("POST", "/tasks", body.replace("\"full\":true", "\"fuller\":true").replace("\"shop\"", "\"s3\""), 400);
        assertTrue(bad.get("message").getAsString().contains("unknown option \"fuller\""), bad.toString());
        assertEquals("InvalidBody", http("POST", "/tasks", "{not json", 400).get("error").getAsString());
        assertEquals("InvalidBody", http("POST", "/tasks", "[1,2]", 400).get("error").getAsString());
        bad = http("POST", "/tasks", "{\"name\":{\"x\":1}}", 400);
        assertTrue(bad.get("message").getAsString().startsWith("\"name\" must be text"), bad.toString());

        JsonObject list = http("GET", "/tasks", null, 200);
        assertEquals(1, list.getAsJsonArray("tasks").size());
        JsonObject shown = http("GET", "/tasks/shop", null, 200);
        assertEquals("at 03:00 days MON tz Asia/Shanghai", shown.getAsJsonObject("status").get("schedule").getAsString());
        assertEquals("NoSuchTask", http("GET", "/tasks/nope", null, 404).get("error").getAsString());

        JsonObject updated = http("PUT", "/tasks/shop", "{\"every\":\"1h\",\"concurrency\":\"4\"}", 200);
        assertEquals("1h", updated.getAsJsonObject("task").getAsJsonObject("schedule").get("every").getAsString());
        assertEquals("InvalidTask", http("PUT", "/tasks/shop", "{\"name\":\"other\"}", 400).get("error").getAsString());
        assertEquals("MethodNotAllowed", http("PATCH", "/tasks/shop", "{}", 405).get("error").getAsString());
        assertEquals("NotFound", http("GET", "/tasks/shop/nothing", null, 404).get("error").getAsString());

        JsonObject history = http("GET", "/tasks/shop/history", null, 200);
        assertEquals(0, history.getAsJsonArray("runs").size());
        bad = http("GET", "/tasks/shop/history", null, true, 400, Collections.singletonMap("limit", "lots"));
        assertTrue(bad.get("message").getAsString().startsWith("\"limit\" must be"), bad.toString());

        http("DELETE", "/tasks/shop", null, 200);
        assertEquals(0, http("GET", "/tasks", null, 200).getAsJsonArray("tasks").size());
    }

    @Test
    void directInvokeActionsAndADispatchedRunThroughTheSyncPath() throws Exception {
        JsonObject c = invoke("{\"action\":\"task-create\",\"name\":\"down\",\"origin\":\"http://127.0.0.1:1/\","
                + "\"target\":\"" + dir.resolve("down") + "\",\"every\":\"30m\",\"retries\":\"0\"}");
        assertTrue(c.get("ok").getAsBoolean(), c.toString());
        JsonObject dup = invoke("{\"action\":\"task-create\",\"name\":\"down\",\"origin\":\"http://127.0.0.1:1/\","
                + "\"target\":\"" + dir.resolve("down") + "\",\"every\":\"30m\"}");
        assertEquals(409, dup.get("status").getAsInt());
        assertEquals(1, invoke("{\"action\":\"task-list\"}").getAsJsonArray("tasks").size());
        JsonObject due = invoke("{\"action\":\"task-due\",\"at\":\"2026-12-01T10:30:00Z\"}");
        assertEquals("[\"down\"]", due.getAsJsonArray("due").toString());
        assertEquals(400, invoke("{\"action\":\"task-due\",\"at\":\"noon\"}").get("status").getAsInt());

        // The invocation a dispatcher launches: one pass through the function's sync path, recorded; its redelivery
        // runs nothing.
        JsonObject run = invoke("{\"action\":\"task-run\",\"name\":\"down\",\"firing\":\"20261201T103000Z\"}");
        assertEquals("origin-unhealthy", run.get("result").getAsString(), run.toString());
        assertEquals(1, run.get("exitCode").getAsInt());
        JsonObject again = invoke("{\"action\":\"task-run\",\"name\":\"down\",\"firing\":\"20261201T103000Z\"}");
        assertEquals("skipped", again.get("result").getAsString());
        assertEquals("already-started", again.get("skipped").getAsString());
        assertEquals(400, invoke("{\"action\":\"task-run\",\"name\":\"down\",\"firing\":\"soon\"}").get("status").getAsInt());
        JsonObject history = invoke("{\"action\":\"task-history\",\"name\":\"down\"}");
        assertEquals(1, history.getAsJsonArray("runs").size());
        assertEquals("20261201T103000Z", history.getAsJsonArray("runs").get(0).getAsJsonObject().get("firing").getAsString());

        // The single-task events still reach the single-task code.
        JsonObject status = invoke("{\"action\":\"status\"}");
        assertTrue(status.has("error") || status.has("action"), status.toString());
        assertEquals("task-delete", invoke("{\"action\":\"task-delete\",\"name\":\"down\"}").get("action").getAsString());
    }

    /**
     * The every-minute timer's dispatch event through the function: the due task is started as an asynchronous
     * invocation of the function itself, signed with the invocation's credentials, and the delivered event runs
     * the task once.
     */
    @Test
    void theTimersDispatchStartsTheDueTaskThroughTheFcApi() throws Exception {
        try (dev.secondaryorigin.testing.fcapi.FcApiEmulator api = dev.secondaryorigin.testing.fcapi.FcApiEmulator
                .start("LTAIdispatchTest", "dispatch-test-secret").function("secondary-origin-dispatcher")) {
            Map<String, String> env = new HashMap<>();
            env.put("REGISTRY", dir.resolve("registry").toString());
            env.put("HTTP_AUTH_TYPE", "function");
            env.put("FC_FUNCTION_NAME", "secondary-origin-dispatcher");
            env.put("INVOKE_ENDPOINT", api.url());
            env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIdispatchTest");
            env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "dispatch-test-secret");
            fn = new SyncFunction(env);
            JsonObject c = invoke("{\"action\":\"task-create\",\"name\":\"www.shop.example\",\"origin\":"
                    + "\"http://127.0.0.1:1/\",\"target\":\"" + dir.resolve("shop") + "\",\"every\":\"5m\"}");
            assertTrue(c.get("ok").getAsBoolean(), c.toString());
            // Created an hour ago (hand-edited, as the registry allows): its newest firing is due now.
            Path doc = dir.resolve("registry/tasks/www.shop.example.json");
            JsonObject d = JsonParser.parseString(new String(Files.readAllBytes(doc), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            d.addProperty("createdAt", java.time.Instant.now().minusSeconds(3600).toString());
            Files.write(doc, d.toString().getBytes(StandardCharsets.UTF_8));

            String timer = "{\"triggerTime\":\"2026-12-01T10:30:00Z\",\"triggerName\":\"dispatch-timer\","
                    + "\"payload\":\"{\\\"action\\\":\\\"dispatch\\\"}\"}";
            JsonObject r = invoke(timer);
            assertEquals(1, r.getAsJsonObject("dispatch").getAsJsonArray("launched").size(), r.toString());
            assertEquals(1, api.invocations().size());
            dev.secondaryorigin.testing.fcapi.RecordedInvocation inv = api.invocations().get(0);
            assertEquals("Async", inv.invocationType());
            assertTrue(inv.taskId().startsWith("so_www_shop_example_"), inv.taskId());
            JsonObject payload = JsonParser.parseString(inv.payload()).getAsJsonObject();
            assertEquals("task-run", payload.get("action").getAsString());
            // A second timer in the same minute launches nothing: the launch is on its way.
            JsonObject again = invoke(timer);
            assertEquals(0, again.getAsJsonObject("dispatch").getAsJsonArray("launched").size(), again.toString());
            assertEquals("[\"www.shop.example\"]", again.getAsJsonObject("dispatch").getAsJsonArray("inFlight").toString());
            assertEquals(1, api.invocations().size());

            List<String> results = new ArrayList<>();
            api.redeliverNext(0);
            api.redeliver(inv);
            api.deliverPending((invocation, delivery) -> results.add(invoke(invocation.payload()).get("result")
                    .getAsString()));
            assertEquals(List.of("origin-unhealthy", "skipped"), results, "one run, the redelivery skipped");
        }
    }

    @Test
    void aFunctionWithoutRegistryAnswersTaskEventsWithTheFix() throws Exception {
        fn = new SyncFunction(Collections.singletonMap("HTTP_AUTH_TYPE", "function"));
        JsonObject o = invoke("{\"action\":\"task-list\"}");
        assertEquals(501, o.get("status").getAsInt());
        assertTrue(o.get("message").getAsString().contains("REGISTRY"), o.toString());
        JsonObject timer = invoke("{\"triggerTime\":\"2026-12-01T10:30:00Z\",\"triggerName\":\"dispatch\","
                + "\"payload\":\"{\\\"action\\\":\\\"dispatch\\\"}\"}");
        assertEquals("NoRegistry", timer.get("error").getAsString(), timer.toString());
    }
}
