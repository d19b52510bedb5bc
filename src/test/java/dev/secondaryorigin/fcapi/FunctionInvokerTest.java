package dev.secondaryorigin.fcapi;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.testing.fcapi.FcApiEmulator;
import dev.secondaryorigin.testing.fcapi.RecordedInvocation;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real FC 3.0 SDK, through {@link FunctionInvoker}, against the emulator that checks its signatures. */
class FunctionInvokerTest {
    private static final String KEY_ID = "LTAI5tInvokerTestKey";
    private static final String SECRET = "invoker-test-secret-0123456789";
    private static final String FUNCTION = "cdn-secondary-origin";

    private FcApiEmulator fc;
    private final List<Long> pauses = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        fc = FcApiEmulator.start(KEY_ID, SECRET).function(FUNCTION, "prod");
    }

    @AfterEach
    void stop() {
        fc.close();
    }

    private FunctionInvoker invoker(CloudCredentials key, String qualifier, int attempts) {
        return invoker(fc.url(), FUNCTION, key, qualifier, attempts);
    }

    private FunctionInvoker invoker(String endpoint, String function, CloudCredentials key, String qualifier, int attempts) {
        FunctionTarget target = new FunctionTarget(FcEndpoint.parse(endpoint, "test endpoint"), function, qualifier);
        return new FunctionInvoker(target, key, new Backoff(attempts, 100, 400, pauses::add));
    }

    private FunctionInvoker invoker() {
        return invoker(CloudCredentials.of(KEY_ID, SECRET, null), null, 4);
    }

    @Test
    void anAsyncInvocationIsQueuedWithItsPayloadAndTaskId() throws Exception {
        String payload = "{\"action\":\"run\",\"task\":\"www.example.com\"}";
        InvocationAccepted accepted = invoker().startAsync(AsyncInvocation.of(payload, "so_www_1"));

        assertFalse(accepted.alreadyQueued());
        assertEquals(1, accepted.attempts());
        assertEquals("so_www_1", accepted.taskId());
        assertNotNull(accepted.requestId());
        List<RecordedInvocation> calls = fc.invocations();
        assertEquals(1, calls.size());
        RecordedInvocation inv = calls.get(0);
        assertEquals(payload, inv.payload());
        assertEquals("so_www_1", inv.taskId());
        assertEquals("Async", inv.invocationType());
        assertEquals("LATEST", inv.qualifier());
        assertEquals(KEY_ID, inv.accessKeyId());
        assertEquals(accepted.requestId(), inv.requestId());
    }

    @Test
    void anAliasIsSentAsTheQualifier() throws Exception {
        invoker(CloudCredentials.of(KEY_ID, SECRET, null), "prod", 1).startAsync(AsyncInvocation.of("{}", "t1"));
        assertEquals("prod", fc.invocations().get(0).qualifier());
    }

    @Test
    void theDedupHeaderIsSentAndARepeatedLaunchStartsNothing() throws Exception {
        FunctionInvoker invoker = invoker();
        AsyncInvocation launch = AsyncInvocation.of("{\"action\":\"run\",\"task\":\"a\"}", "so_a_20261201T1530Z");
        InvocationAccepted first = invoker.startAsync(launch);
        InvocationAccepted again = invoker.startAsync(launch);

        assertFalse(first.alreadyQueued());
        assertTrue(again.alreadyQueued(), again.toString());
        assertEquals(1, fc.invocations().size());
        List<Map<String, String>> sent = fc.requestHeaders();
        assertEquals(2, sent.size());
        for (Map<String, String> h : sent) {
            assertEquals("so_a_20261201T1530Z", h.get("x-fc-async-task-id"));
            assertEquals("Async", h.get("x-fc-invocation-type"));
        }
    }

    @Test
    void aWrongSecretIsRefusedWithAMessageNamingTheKeyIdNotTheSecret() {
        String wrong = "not-the-secret-of-this-key-42";
        InvokeFailedException e = assertThrows(InvokeFailedException.class, () ->
                invoker(CloudCredentials.of(KEY_ID, wrong, null), null, 4).startAsync(AsyncInvocation.of("{}", "t1")));

        assertEquals("SignatureNotMatch", e.code());
        assertEquals(403, e.httpStatus());
        assertEquals(1, e.attempts(), "a signature error is not retried");
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(KEY_ID), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(fc.invocations().isEmpty());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void anUnknownKeyIsNamed() {
        InvokeFailedException e = assertThrows(InvokeFailedException.class, () ->
                invoker(CloudCredentials.of("LTAI5tSomeOtherKey", SECRET, null), null, 4).startAsync(AsyncInvocation.of("{}", "t1")));
        assertEquals("InvalidAccessKeyID", e.code());
        assertTrue(e.getMessage().contains("LTAI5tSomeOtherKey"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        fc.failNext(2, 503, "ServiceUnavailable");
        InvocationAccepted accepted = invoker().startAsync(AsyncInvocation.of("{}", "t1"));

        assertEquals(3, accepted.attempts());
        assertEquals(2, pauses.size());
        assertTrue(pauses.get(0) >= 50 && pauses.get(0) <= 100, pauses.toString());
        assertTrue(pauses.get(1) >= 100 && pauses.get(1) <= 200, pauses.toString());
        assertEquals(1, fc.invocations().size());
        assertEquals(List.of("ServiceUnavailable", "ServiceUnavailable"), fc.rejections());
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsReportedAsRetryable() {
        fc.failNext(10, 429, "ResourceExhausted");
        InvokeFailedException e = assertThrows(InvokeFailedException.class, () ->
                invoker(CloudCredentials.of(KEY_ID, SECRET, null), null, 3).startAsync(AsyncInvocation.of("{}", "t1")));

        assertEquals("ResourceExhausted", e.code());
        assertEquals(429, e.httpStatus());
        assertEquals(3, e.attempts());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertTrue(fc.invocations().isEmpty());
    }

    @Test
    void anUnknownFunctionIsNotRetried() {
        InvokeFailedException e = assertThrows(InvokeFailedException.class, () ->
                invoker(fc.url(), "no-such-function", CloudCredentials.of(KEY_ID, SECRET, null), null, 4)
                        .startAsync(AsyncInvocation.of("{}", "t1")));
        assertEquals("FunctionNotFound", e.code());
        assertEquals(404, e.httpStatus());
        assertEquals(1, e.attempts());
        assertNotNull(e.requestId());
    }

    @Test
    void anStsKeySendsItsToken() throws Exception {
        fc.securityToken(KEY_ID, "sts-token-abc");
        invoker(CloudCredentials.of(KEY_ID, SECRET, "sts-token-abc"), null, 1).startAsync(AsyncInvocation.of("{}", "t1"));
        assertEquals(1, fc.invocations().size());

        InvokeFailedException e = assertThrows(InvokeFailedException.class, () ->
                invoker(CloudCredentials.of(KEY_ID, SECRET, null), null, 1).startAsync(AsyncInvocation.of("{}", "t2")));
        assertEquals("InvalidSecurityToken", e.code());
        assertFalse(e.getMessage().contains("sts-token-abc"), e.getMessage());
    }

    @Test
    void anUnreachableEndpointIsANetworkErrorAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        InvokeFailedException e = assertThrows(InvokeFailedException.class, () ->
                invoker("http://127.0.0.1:" + port, FUNCTION, CloudCredentials.of(KEY_ID, SECRET, null), null, 2)
                        .startAsync(AsyncInvocation.of("{}", "t1")));
        assertEquals("NetworkError", e.code());
        assertEquals(0, e.httpStatus());
        assertEquals(2, e.attempts());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }
}
