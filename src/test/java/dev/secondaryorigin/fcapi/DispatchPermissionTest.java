package dev.secondaryorigin.fcapi;

import dev.secondaryorigin.credentials.CloudCredentials;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.RamPermissions;
import dev.secondaryorigin.cdn.RamPermissions.Feature;
import dev.secondaryorigin.testing.fcapi.FcApiEmulator;
import java.util.EnumSet;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher's row of RamPermissions grants exactly the call FunctionInvoker makes. */
class DispatchPermissionTest {
    @Test
    void theDispatchGrantCoversTheInvocationOfTheFunctionItselfOnly() throws Exception {
        String function = "cdn-secondary-origin-dispatcher";
        try (FcApiEmulator fc = FcApiEmulator.start("LTAI5tPermissionKey", "permission-secret").function(function)) {
            FunctionTarget target = new FunctionTarget(FcEndpoint.parse(fc.url(), "test"), function, null);
            new FunctionInvoker(target, CloudCredentials.of("LTAI5tPermissionKey", "permission-secret", null), Backoff.DEFAULT)
                    .startAsync(AsyncInvocation.of("{\"action\":\"run\"}", "t1"));
            Map<String, String> sent = fc.requestHeaders().get(0);
            String action = "fc:" + sent.get("x-acs-action");
            String resource = "acs:fc:cn-hangzhou:1234567890123456:functions/" + function;
            JsonObject policy = RamPermissions.policyJson(EnumSet.of(Feature.DISPATCHER), null, "*", function);

            assertEquals("fc:InvokeFunction", action);
            assertTrue(allows(policy, action, resource), policy.toString());
            assertFalse(allows(policy, action, "acs:fc:cn-hangzhou:1234567890123456:functions/another-function"));
            assertFalse(RamPermissions.actions(RamPermissions.RUNTIME).contains(action),
                    "the single-task role does not get it");
        }
    }

    private static boolean allows(JsonObject policy, String action, String resource) {
        for (JsonElement s : policy.getAsJsonArray("Statement")) {
            JsonObject st = s.getAsJsonObject();
            boolean actionMatches = false;
            for (JsonElement a : st.getAsJsonArray("Action")) {
                actionMatches |= a.getAsString().equals(action);
            }
            for (JsonElement r : st.getAsJsonArray("Resource")) {
                String glob = r.getAsString();
                if (actionMatches && resource.matches(Pattern.quote(glob).replace("*", "\\E.*\\Q"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
