package dev.secondaryorigin.testing.fcapi;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator's own checks, with requests signed by hand (the SDK cannot be made to send a tampered one): what
 * it accepts and what it refuses, with FC's error shape, and its delivery queue.
 */
class FcApiEmulatorTest {
    private static final String KEY_ID = "LTAI5tEmulatorTestKey";
    private static final String SECRET = "emulator-test-secret";
    private static final String PATH = "/2023-03-30/functions/fn/invocations";

    private FcApiEmulator fc;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fc = FcApiEmulator.start(KEY_ID, SECRET).function("fn");
    }

    @AfterEach
    void stop() {
        fc.close();
    }

    /** A request as the SDK would send it, signed with {@code secret}; {@code tamper} may change it after. */
    private final class Call {
        String secret = SECRET;
        String body = "{\"action\":\"run\"}";
        Instant date = Instant.now();
        Map<String, String> headers = new LinkedHashMap<>();
        String sentBody;
        /** Changes the signed headers before sending. */
        java.util.function.Consumer<Map<String, String>> tamper = h -> { };

        Call() {
            headers.put("x-acs-action", "InvokeFunction");
            headers.put("x-acs-version", "2023-03-30");
            headers.put("x-fc-invocation-type", "Async");
            headers.put("x-fc-async-task-id", "task_1");
            headers.put("content-type", "application/octet-stream");
        }

        HttpResponse<String> send() throws Exception {
            String host = URI.create(fc.url()).getAuthority();
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("x-acs-date", date.truncatedTo(ChronoUnit.SECONDS).toString());
            h.put("x-acs-signature-nonce", UUID.randomUUID().toString());
            h.put("x-acs-content-sha256", Acs3Signature.hex(Acs3Signature.sha256(body.getBytes(StandardCharsets.UTF_8))));
            Map<String, String> signedValues = new LinkedHashMap<>(h);
            signedValues.put("host", host);
            List<String> signed = new ArrayList<>();
            for (String name : signedValues.keySet()) {
                if (name.startsWith("x-acs-") || name.equals("host") || name.equals("content-type")) {
                    signed.add(name);
                }
            }
            String canonical = Acs3Signature.canonicalRequest("POST", PATH, Map.of("qualifier", "LATEST"), signedValues,
                    signed, h.get("x-acs-content-sha256"));
            h.put("Authorization", Acs3Signature.authorization(KEY_ID, signed,
                    Acs3Signature.signature(Acs3Signature.stringToSign(canonical), secret)));
            tamper.accept(h);
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(fc.url() + PATH + "?qualifier=LATEST"))
                    .POST(HttpRequest.BodyPublishers.ofString(sentBody == null ? body : sentBody));
            h.forEach(r::header);
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonObject error(HttpResponse<String> r) {
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertNotNull(o.get("RequestId"), r.body());
        assertNotNull(o.get("Message"), r.body());
        return o;
    }

    @Test
    void aProperlySignedAsyncCallIsAcceptedAndRecorded() throws Exception {
        HttpResponse<String> r = new Call().send();
        assertEquals(202, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("x-fc-request-id").isPresent());
        assertEquals(1, fc.invocations().size());
        assertEquals("task_1", fc.invocations().get(0).taskId());
        assertEquals("{\"action\":\"run\"}", fc.invocations().get(0).payload());
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        Call c = new Call();
        c.secret = "another-secret";
        HttpResponse<String> r = c.send();
        assertEquals(403, r.statusCode());
        assertEquals("SignatureNotMatch", error(r).get("Code").getAsString());
        assertTrue(fc.invocations().isEmpty());
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        Call c = new Call();
        c.sentBody = "{\"action\":\"run\",\"task\":\"other\"}";
        HttpResponse<String> r = c.send();
        assertEquals(403, r.statusCode());
        assertEquals("SignatureNotMatch", error(r).get("Code").getAsString());
    }

    @Test
    void aTamperedSignedHeaderIsRefused() throws Exception {
        Call c = new Call();
        c.tamper = h -> h.put("x-acs-action", "DeleteFunction");
        HttpResponse<String> r = c.send();
        assertEquals(403, r.statusCode());
        assertEquals("SignatureNotMatch", error(r).get("Code").getAsString());
    }

    @Test
    void anUnsignedAcsHeaderIsRefused() throws Exception {
        Call c = new Call();
        c.tamper = h -> h.put("x-acs-security-token", "slipped-in");
        HttpResponse<String> r = c.send();
        assertEquals(403, r.statusCode());
        assertTrue(error(r).get("Message").getAsString().contains("x-acs-security-token"), r.body());
    }

    @Test
    void aStaleDateIsRefusedEvenWhenSignedProperly() throws Exception {
        Call c = new Call();
        c.date = Instant.now().minusSeconds(20 * 60);
        HttpResponse<String> r = c.send();
        assertEquals(403, r.statusCode());
        assertEquals("RequestTimeTooSkewed", error(r).get("Code").getAsString());
    }

    @Test
    void aSynchronousInvocationIsRefused() throws Exception {
        Call c = new Call();
        c.headers.put("x-fc-invocation-type", "Sync");
        HttpResponse<String> r = c.send();
        assertEquals(400, r.statusCode());
        assertEquals("InvalidArgument", error(r).get("Code").getAsString());
        c.headers.remove("x-fc-invocation-type");
        assertEquals(400, c.send().statusCode());
        assertTrue(fc.invocations().isEmpty());
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(fc.url() + PATH)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("x-fc-invocation-type", "Async").build();
        HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, answer.statusCode());
        assertEquals("AccessDenied", error(answer).get("Code").getAsString());
    }

    @Test
    void aRepeatedTaskIdIsAConflictWhileOtherIdsPass() throws Exception {
        assertEquals(202, new Call().send().statusCode());
        HttpResponse<String> again = new Call().send();
        assertEquals(409, again.statusCode());
        Call other = new Call();
        other.headers.put("x-fc-async-task-id", "task_2");
        assertEquals(202, other.send().statusCode());
        assertEquals(2, fc.invocations().size());
    }

    @Test
    void invocationsAreDeliveredAndSomeRedelivered() throws Exception {
        fc.redeliverNext(1);
        Call a = new Call();
        Call b = new Call();
        b.headers.put("x-fc-async-task-id", "task_2");
        a.send();
        b.send();
        List<String> delivered = new ArrayList<>();
        int n = fc.deliverPending((inv, delivery) -> delivered.add(inv.taskId() + "#" + delivery));
        assertEquals(3, n);
        assertEquals(List.of("task_1#1", "task_1#2", "task_2#1"), delivered);
        assertEquals(0, fc.pendingCount());

        fc.redeliver(fc.invocations().get(1));
        fc.deliverPending((inv, delivery) -> delivered.add(inv.taskId() + "#" + delivery));
        assertEquals("task_2#2", delivered.get(3));
        assertEquals(2, fc.deliveries(fc.invocations().get(1)));
    }
}
