package dev.secondaryorigin.fcapi;

import dev.secondaryorigin.credentials.CloudCredentials;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The values an invocation is made of: target from FC's variables, endpoint overrides, task ids, payloads. */
class InvocationPartsTest {
    private static final Map<String, String> FC_ENV = Map.of(
            "FC_FUNCTION_NAME", "cdn-secondary-origin", "FC_ACCOUNT_ID", "1234567890123456", "FC_REGION", "cn-hangzhou");

    @Test
    void theFunctionFindsItselfFromTheRuntimeVariables() {
        FunctionTarget self = FunctionTarget.self(FC_ENV, null, "INVOKE_ENDPOINT", null);
        assertEquals("cdn-secondary-origin", self.functionName());
        assertEquals("LATEST", self.qualifier());
        assertEquals("https://1234567890123456.cn-hangzhou.fc.aliyuncs.com", self.endpoint().toString());

        FunctionTarget viaAlias = FunctionTarget.self(FC_ENV, "http://127.0.0.1:9000", "INVOKE_ENDPOINT", "prod");
        assertEquals("prod", viaAlias.qualifier());
        assertEquals("127.0.0.1:9000", viaAlias.endpoint().host());
        assertEquals("http", viaAlias.endpoint().protocol());
    }

    @Test
    void missingOrOddRuntimeVariablesAreNamed() {
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> FunctionTarget.self(Map.of("FC_ACCOUNT_ID", "1", "FC_REGION", "cn-hangzhou"), null, "X", null));
        assertTrue(noName.getMessage().contains("FC_FUNCTION_NAME"), noName.getMessage());
        IllegalArgumentException noAccount = assertThrows(IllegalArgumentException.class,
                () -> FunctionTarget.self(Map.of("FC_FUNCTION_NAME", "f", "FC_REGION", "cn-hangzhou"), null, "X", null));
        assertTrue(noAccount.getMessage().contains("FC_ACCOUNT_ID"), noAccount.getMessage());
        IllegalArgumentException badRegion = assertThrows(IllegalArgumentException.class,
                () -> FunctionTarget.self(Map.of("FC_FUNCTION_NAME", "f", "FC_ACCOUNT_ID", "1", "FC_REGION", "evil.com/x"),
                        null, "X", null));
        assertTrue(badRegion.getMessage().contains("region"), badRegion.getMessage());
    }

    @Test
    void endpointOverridesAreHostsOnly() {
        assertEquals("https://fc.internal:8443", FcEndpoint.parse("fc.internal:8443", "INVOKE_ENDPOINT").toString());
        for (String bad : new String[] {"", "ftp://h", "http://h/path", "http://u@h", "http://h?q=1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FcEndpoint.parse(bad, "INVOKE_ENDPOINT"), bad);
            assertTrue(e.getMessage().startsWith("INVOKE_ENDPOINT must be"), e.getMessage());
        }
    }

    @Test
    void taskIdsAreValidStableAndKeepFoldedNamesApart() {
        Instant firing = Instant.parse("2026-12-01T15:30:42Z");
        String id = AsyncTaskId.forFiring("www.example.com", firing);
        assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_-]{0,127}"), id);
        assertTrue(id.startsWith("so_www_example_com_") && id.endsWith("_20261201T1530Z"), id);
        assertEquals(id, AsyncTaskId.forFiring("www.example.com", Instant.parse("2026-12-01T15:30:00Z")));
        assertNotEquals(id, AsyncTaskId.forFiring("www_example_com", firing));
        assertNotEquals(id, AsyncTaskId.forFiring("www.example.com", firing.plusSeconds(60)));
        String longName = AsyncTaskId.forKey("x".repeat(300), "pass-" + "9".repeat(200));
        assertTrue(longName.matches("[A-Za-z_][A-Za-z0-9_-]{0,127}"), longName);
        AsyncInvocation.of("{}", id);
    }

    @Test
    void invalidInvocationsAreRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> AsyncInvocation.of("{}", "9starts-with-digit"));
        assertThrows(IllegalArgumentException.class, () -> AsyncInvocation.of("{}", "has.dot"));
        assertThrows(IllegalArgumentException.class, () -> AsyncInvocation.of(null, "t"));
        assertThrows(IllegalArgumentException.class, () -> AsyncInvocation.of("x".repeat(128 * 1024 + 1), "t"));
        assertThrows(IllegalArgumentException.class, () -> new FunctionTarget(FcEndpoint.parse("h", "X"), "bad name", null));
        assertThrows(IllegalArgumentException.class, () -> CloudCredentials.of("id", " ", null));
    }

    @Test
    void anAccessKeyShowsItsIdOnly() {
        CloudCredentials key = CloudCredentials.fromEnvironment(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIid",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cret", "ALIBABA_CLOUD_SECURITY_TOKEN", "tok"));
        assertEquals("AccessKey LTAIid (STS)", key.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CloudCredentials.fromEnvironment(Map.of()));
        assertTrue(e.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), e.getMessage());
    }
}
