package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.SharedReference;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FcEventParserTest {
    private static FcEvent parse(String json) throws InvalidEvent {
        return FcEventParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidEvent rejected(byte[] bytes) {
        return assertThrows(InvalidEvent.class, () -> FcEventParser.parse(bytes));
    }

    private static JsonObject sample(String name) {
        return JsonParser.parseString(new String(SharedReference.bytes(name), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void timerSample() throws Exception {
        FcEvent e = FcEventParser.parse(SharedReference.bytes("event-timer.json"));
        FcEvent.Timer t = assertInstanceOf(FcEvent.Timer.class, e);
        assertEquals("sync-timer", t.triggerName());
        assertEquals("2026-11-24T03:00:00Z", t.triggerTime());
        assertEquals(Action.SYNC, t.action());
        assertEquals(Collections.singletonMap("full", Collections.singletonList("false")), t.overrides());
    }

    @Test
    void timerPayloadForms() throws Exception {
        FcEvent.Timer t = (FcEvent.Timer) parse("{\"triggerTime\":\"t\",\"triggerName\":\"guard\","
                + "\"payload\":\"{\\\"action\\\":\\\"guard\\\",\\\"maxDepth\\\":3,\\\"entry\\\":[\\\"/a\\\",\\\"/b\\\"]}\"}");
        assertEquals(Action.GUARD, t.action());
        assertEquals(Collections.singletonList("3"), t.overrides().get("max-depth"));
        assertEquals(Arrays.asList("/a", "/b"), t.overrides().get("entry"));

        assertTrue(((FcEvent.Timer) parse("{\"triggerTime\":\"t\",\"triggerName\":\"n\",\"payload\":\"\"}"))
                .overrides().isEmpty());
        assertTrue(((FcEvent.Timer) parse("{\"triggerTime\":\"t\",\"triggerName\":\"n\"}")).overrides().isEmpty());

        InvalidEvent bad = rejected("{\"triggerTime\":\"t\",\"triggerName\":\"n\",\"payload\":\"hello\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.status());
        assertTrue(bad.getMessage().contains("payload"), bad.getMessage());

        InvalidEvent unknown = rejected("{\"triggerTime\":\"t\",\"triggerName\":\"n\",\"payload\":\"{\\\"fulll\\\":true}\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(unknown.getMessage().contains("\"fulll\"") && unknown.getMessage().contains("\"maxDepth\""),
                unknown.getMessage());
    }

    @Test
    void directInvoke() throws Exception {
        FcEvent.Invoke i = (FcEvent.Invoke) parse("{\"action\":\"sync\",\"full\":true,\"MAX_DEPTH\":\"2\"}");
        assertEquals(Action.SYNC, i.action());
        assertEquals(Collections.singletonList("true"), i.overrides().get("full"));
        assertEquals(Collections.singletonList("2"), i.overrides().get("max-depth"));
        assertEquals(Action.STATUS, ((FcEvent.Invoke) parse("{\"action\":\"status\"}")).action());
        assertEquals(Action.VERIFY, ((FcEvent.Invoke) parse("{\"action\":\"verify\"}")).action());

        InvalidEvent e = rejected("{\"action\":\"delete-everything\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("\"sync\", \"status\", \"verify\""), e.getMessage());
        assertEquals(400, rejected("{\"action\":\"sync\",\"full\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(400, rejected("{\"action\":\"sync\",\"origin\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void drillInvokeTakesItsOwnFieldsAndRefusesBadOnes() throws Exception {
        FcEvent.Invoke d = (FcEvent.Invoke) parse("{\"action\":\"drill\"}");
        assertEquals(Action.DRILL, d.action());
        assertEquals(DrillRequest.INVOKE_SAMPLE, d.drill().sample());
        assertNull(d.drill().via());
        FcEvent.Invoke all = (FcEvent.Invoke) parse("{\"action\":\"drill\",\"all\":true,\"via\":\"http://127.0.0.1:8081/\","
                + "\"host\":\"www.example.com\",\"minReady\":99.5}");
        assertEquals(0, all.drill().sample());
        assertEquals("http://127.0.0.1:8081/", all.drill().via());
        assertEquals("www.example.com", all.drill().host());
        assertEquals(99.5, all.drill().minReady());
        assertEquals(5, ((FcEvent.Invoke) parse("{\"action\":\"drill\",\"sample\":5}")).drill().sample());
        for (String[] bad : new String[][] {
                {"{\"action\":\"drill\",\"via\":\"ftp://x/\"}", "\"via\" must be an http:// or https:// URL"},
                {"{\"action\":\"drill\",\"sample\":0}", "\"sample\" must be a whole number of URLs from 1"},
                {"{\"action\":\"drill\",\"sample\":2.5}", "\"sample\" must be a whole number"},
                {"{\"action\":\"drill\",\"sample\":5,\"all\":true}", "not both"},
                {"{\"action\":\"drill\",\"all\":\"yes\"}", "\"all\" must be true or false"},
                {"{\"action\":\"drill\",\"minReady\":120}", "\"minReady\" must be a percentage"},
                {"{\"action\":\"drill\",\"host\":\"a b\"}", "\"host\" must be a host name"},
                {"{\"action\":\"status\",\"via\":\"http://x/\"}", "\"via\" belongs to the \"drill\" action only"}}) {
            InvalidEvent e = rejected(bad[0].getBytes(StandardCharsets.UTF_8));
            assertEquals(400, e.status(), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void rollbackInvokeNamesItsPass() throws Exception {
        FcEvent.Invoke i = (FcEvent.Invoke) parse("{\"action\":\"rollback\",\"toPass\":\"2026-12-01-pass\"}");
        assertEquals(Action.ROLLBACK, i.action());
        assertEquals("2026-12-01-pass", i.toPass());
        assertTrue(i.overrides().isEmpty());
        assertNull(((FcEvent.Invoke) parse("{\"action\":\"rollback\"}")).toPass());
        InvalidEvent misplaced = assertThrows(InvalidEvent.class,
                () -> parse("{\"action\":\"sync\",\"toPass\":\"x\"}"));
        assertEquals(400, misplaced.status());
        assertTrue(misplaced.getMessage().contains("rollback"), misplaced.getMessage());
        assertEquals(400, assertThrows(InvalidEvent.class,
                () -> parse("{\"action\":\"rollback\",\"toPass\":7}")).status());
    }

    @Test
    void httpTriggerSample() throws Exception {
        FcEvent.Http h = (FcEvent.Http) FcEventParser.parse(SharedReference.bytes("event-http-trigger.json"));
        assertEquals("POST", h.method());
        assertEquals("/2023-03-30/functions/fc3-event-test-http-trigger-Darwin-x86_64/invocations", h.rawPath());
        assertEquals("/", h.path());
        assertEquals("haha", h.bodyText());
        assertEquals("application/json", h.header("accept"));
        assertEquals("InvokeFunction", h.header("x-acs-action"));
        assertNull(h.requestId(), "the sample's empty requestId reads as none");
        assertEquals("112.10.236.5", h.sourceIp());
        assertTrue(h.query().isEmpty());
    }

    @Test
    void httpTriggerVariants() throws Exception {
        JsonObject o = sample("event-http-trigger.json");
        o.addProperty("rawPath", "/status");
        o.getAsJsonObject("requestContext").getAsJsonObject("http").addProperty("method", "get");
        o.getAsJsonObject("requestContext").addProperty("requestId", "req-1");
        o.getAsJsonObject("queryParameters").addProperty("verbose", "1");
        o.addProperty("isBase64Encoded", true);
        o.addProperty("body", Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff, 7}));
        FcEvent.Http h = (FcEvent.Http) parse(o.toString());
        assertEquals("GET", h.method());
        assertEquals("/status", h.path());
        assertEquals("req-1", h.requestId());
        assertEquals("1", h.query().get("verbose"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 7}, h.body());

        o.addProperty("rawPath", "/2023-03-30/functions/f/invocations/reports/abc");
        assertEquals("/reports/abc", ((FcEvent.Http) parse(o.toString())).path());

        o.addProperty("body", "***not base64***");
        assertEquals(400, rejected(o.toString().getBytes(StandardCharsets.UTF_8)).status());

        JsonObject noMethod = sample("event-http-trigger.json");
        noMethod.getAsJsonObject("requestContext").remove("http");
        assertTrue(rejected(noMethod.toString().getBytes(StandardCharsets.UTF_8)).getMessage().contains("method"));
    }

    @Test
    void cdnLogFileCreatedSample() throws Exception {
        FcEvent.CdnLogFiles c = (FcEvent.CdnLogFiles) FcEventParser.parse(
                SharedReference.bytes("event-cdn-logfilecreated.json"));
        assertEquals(1, c.files().size());
        FcEvent.LogFile f = c.files().get(0);
        assertEquals("example.com", f.domain());
        assertEquals(1528959600L, f.startTime());
        assertEquals(1528959900L, f.endTime());
        assertEquals(1788115L, f.fileSize());
        assertEquals("cn-hangzhou", f.region());
        assertTrue(f.filePath().contains("Signature="));
        assertEquals("http://cdnlog.cn-hangzhou.oss.aliyun-inc.com/www.aliyun.com/2017_12_27/"
                + "www.aliyun.com_2017_12_27_0800_0900.gz", f.safePath());
    }

    @Test
    void otherCdnEventsAreRefusedByName() {
        JsonObject o = sample("event-cdn-logfilecreated.json");
        o.getAsJsonArray("events").get(0).getAsJsonObject().addProperty("eventName", "CdnDomainStarted");
        InvalidEvent e = rejected(o.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("CdnDomainStarted") && e.getMessage().contains("LogFileCreated"));
        assertEquals(400, rejected("{\"events\":[]}".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void garbageEmptyAndWrongShapesAreClear400s() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        InvalidEvent g = rejected(garbage);
        assertEquals(400, g.status());
        assertTrue(g.getMessage().contains("UTF-8") || g.getMessage().contains("JSON"), g.getMessage());

        assertTrue(rejected(new byte[0]).getMessage().contains("empty"));
        assertTrue(rejected("   \n".getBytes(StandardCharsets.UTF_8)).getMessage().contains("blank"));
        assertTrue(rejected("not json at all".getBytes(StandardCharsets.UTF_8)).getMessage().contains("not valid JSON"));
        assertTrue(rejected("[1,2]".getBytes(StandardCharsets.UTF_8)).getMessage().contains("must be a JSON object"));
        assertTrue(rejected("\"sync\"".getBytes(StandardCharsets.UTF_8)).getMessage().contains("must be a JSON object"));

        InvalidEvent wrong = rejected("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(wrong.getMessage().contains("\"hello\""), wrong.getMessage());
        for (String shape : new String[] {"timer trigger", "direct invoke", "HTTP trigger", "CDN event"}) {
            assertTrue(wrong.getMessage().contains(shape), shape + " in " + wrong.getMessage());
        }
        JsonObject json = wrong.toJson();
        assertFalse(json.get("ok").getAsBoolean());
        assertEquals(400, json.get("status").getAsInt());
        assertEquals(4, json.getAsJsonArray("accepted").size());

        byte[] deep = new byte[200_000];
        Arrays.fill(deep, (byte) '[');
        assertEquals(400, rejected(deep).status());
    }

    @Test
    void tenMegabyteEventIsRefusedWithoutReadingItAll() throws Exception {
        byte[] big = new byte[10 << 20];
        Arrays.fill(big, (byte) 'a');
        InvalidEvent e = rejected(big);
        assertEquals(413, e.status());

        CountingStream in = new CountingStream(new ByteArrayInputStream(big));
        InvalidEvent fromStream = assertThrows(InvalidEvent.class, () -> FcEventParser.object(in));
        assertEquals(413, fromStream.status());
        assertTrue(in.read < 2 * FcEventParser.MAX_EVENT_BYTES, "read " + in.read);
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }
}
