package dev.secondaryorigin.fc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.credentials.CloudCredentials;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.secondaryorigin.log.EventLog.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The function's log lines carry the invocation's request id and never its execution role's secret or token. */
class InvocationLogTest {
    @Test
    void requestIdAndTheRolesSecretsMasked() {
        String secret = "role-secret-for-tests-5521";
        String token = "role-sts-token-for-tests-7781";
        List<String> lines = new ArrayList<>();
        LocalContext context = new LocalContext("req-42", 60_000, Map.of(CloudCredentials.ENV_ACCESS_KEY_ID, "STS.role",
                CloudCredentials.ENV_ACCESS_KEY_SECRET, secret, CloudCredentials.ENV_SECURITY_TOKEN, token), lines::add);
        InvocationLog.of(context).error("pass-failed", field("message", "signed with " + secret + " and " + token));
        assertEquals(1, lines.size());
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("req-42", o.get("requestId").getAsString());
        assertEquals("signed with *** and ***", o.get("message").getAsString());
        assertFalse(lines.get(0).contains(secret) || lines.get(0).contains(token), lines.get(0));
    }
}
