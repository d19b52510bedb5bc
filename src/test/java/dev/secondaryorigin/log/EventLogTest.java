package dev.secondaryorigin.log;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.secondaryorigin.log.EventLog.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One JSON line per event, in the function's shape, with the request id and never a secret. */
class EventLogTest {
    private static final String SECRET = "kX9-AccessKeySecret-For-Tests";
    private static final String TOKEN = "CAIS-sts-token-for-tests-0042";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T16:00:00.123Z"), ZoneOffset.UTC);

    private final List<String> lines = new ArrayList<>();
    private final List<EventLog.Level> levels = new ArrayList<>();
    private final EventLog log = EventLog.to((level, line) -> {
        levels.add(level);
        lines.add(line);
    }).withClock(CLOCK);

    @Test
    void oneLineInTheFunctionsShape() {
        log.withRequestId("req-1").warn("url-failure", field("task", "www"), field("path", "/a<b>.html"),
                field("kind", "http-404"), field("status", 404), field("none", null),
                field("message", "line one\nline two"));
        assertEquals(List.of("{\"time\":\"2026-12-01T16:00:00.123Z\",\"level\":\"WARN\",\"msg\":\"url-failure\","
                + "\"requestId\":\"req-1\",\"task\":\"www\",\"path\":\"/a<b>.html\",\"kind\":\"http-404\","
                + "\"status\":404,\"message\":\"line one\\nline two\"}"), lines,
                "the bytes the function's own logger wrote: fixed keys first, numbers as numbers, no HTML escaping, "
                        + "a null field left out, a newline escaped so the event stays one line");
        assertEquals(List.of(EventLog.Level.WARN), levels);
    }

    @Test
    void withoutARequestIdTheKeyIsLeftOut() {
        log.info("pass", field("stored", 3));
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertFalse(o.has("requestId"), lines.get(0));
        assertEquals("INFO", o.get("level").getAsString());
        assertEquals(3, o.get("stored").getAsInt());
    }

    @Test
    void eachEventIsItsOwnLineWithItsOwnRequestId() {
        EventLog a = log.withRequestId("req-a");
        EventLog b = log.withRequestId("req-b");
        a.info("one");
        b.error("two");
        a.warn("three");
        assertEquals(3, lines.size());
        assertEquals(List.of("req-a", "req-b", "req-a"), List.of(requestId(0), requestId(1), requestId(2)));
        assertEquals(List.of(EventLog.Level.INFO, EventLog.Level.ERROR, EventLog.Level.WARN), levels);
        for (String l : lines) {
            assertFalse(l.contains("\n"), l);
        }
    }

    @Test
    void fieldsNamedLikeSecretsAreMasked() {
        JsonObject nested = new JsonObject();
        nested.addProperty("accessKeyId", "LTAI5tVisible");
        nested.addProperty("AccessKeySecret", "anything");
        nested.addProperty("Signature", "c2lnbmF0dXJl");
        log.info("call", field("securityToken", "tok"), field("password", "hunter2"), field("request", nested),
                field("accessKeyId", "LTAI5tVisible"));
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(EventLog.MASK, o.get("securityToken").getAsString());
        assertEquals(EventLog.MASK, o.get("password").getAsString());
        JsonObject r = o.getAsJsonObject("request");
        assertEquals(EventLog.MASK, r.get("AccessKeySecret").getAsString());
        assertEquals(EventLog.MASK, r.get("Signature").getAsString());
        assertEquals("LTAI5tVisible", r.get("accessKeyId").getAsString(), "the key id is what users need to see");
        assertEquals("LTAI5tVisible", o.get("accessKeyId").getAsString());
        assertFalse(lines.get(0).contains("hunter2") || lines.get(0).contains("c2lnbmF0dXJl"), lines.get(0));
    }

    @Test
    void theConfiguredSecretIsMaskedWhereverItAppears() {
        EventLog masked = log.masking(SECRET, TOKEN, null, " ");
        JsonArray list = new JsonArray();
        list.add("before " + TOKEN + " after");
        JsonObject body = new JsonObject();
        body.addProperty("message", "OSS said: bad secret " + SECRET + "!");
        body.addProperty("echo", SECRET);
        body.add("list", list);
        masked.log(EventLog.Level.ERROR, "failure", body);
        String line = lines.get(0);
        assertFalse(line.contains(SECRET) || line.contains(TOKEN), line);
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertEquals("OSS said: bad secret ***!", o.get("message").getAsString());
        assertEquals(EventLog.MASK, o.get("echo").getAsString());
        assertEquals("before *** after", o.getAsJsonArray("list").get(0).getAsString());
    }

    @Test
    void aShortSecretIsMaskedOnlyAsAWholeValue() {
        log.masking("abc").info("e", field("value", "abc"), field("message", "abcdef"));
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(EventLog.MASK, o.get("value").getAsString());
        assertEquals("abcdef", o.get("message").getAsString());
    }

    private String requestId(int i) {
        return JsonParser.parseString(lines.get(i)).getAsJsonObject().get("requestId").getAsString();
    }
}
