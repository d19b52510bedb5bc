package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.SharedReference;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.OssEmulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler with an OSS bucket as the secondary origin (the OSS emulator checks signatures and STS tokens). */
class SyncFunctionOssTest {
    // Made-up credentials, as FC would hand the role's temporary ones to each invocation.
    private static final String AK = "STS.FakeKeyIdForTests";
    private static final String SECRET = "fakeSecretForTests0123456789";
    private static final String TOKEN = "fake-sts-token";

    @Test
    void timerEventBacksUpIntoTheBucketWithTheInvocationsCredentials() throws Exception {
        try (TestSite site = new TestSite(5);
             OssEmulator oss = OssEmulator.builder().credentials(AK, SECRET).securityToken(TOKEN).start()) {
            EmulatedBucket bucket = oss.createBucket("my-backup");
            Map<String, String> env = new HashMap<>();
            env.put("ORIGIN", site.url());
            env.put("DOMAIN", "www.example.com");
            env.put("SECONDARY_ORIGIN", "my-backup.oss-" + oss.region() + ".aliyuncs.com");
            env.put("OSS_ENDPOINT", oss.endpoint());
            env.put("HTTP_AUTH_TYPE", "function");
            // Stale instance-start credentials in the environment: the invocation's must win.
            env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.Expired");
            env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "expired");
            Map<String, String> fresh = new HashMap<>();
            fresh.put("ALIBABA_CLOUD_ACCESS_KEY_ID", AK);
            fresh.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
            fresh.put("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN);
            List<String> logs = new ArrayList<>();
            SyncFunction fn = new SyncFunction(env);

            JsonObject r = JsonParser.parseString(new String(fn.invoke(SharedReference.bytes("event-timer.json"),
                    new LocalContext("oss-1", 300_000, fresh, logs::add)), StandardCharsets.UTF_8)).getAsJsonObject();
            assertTrue(r.get("ok").getAsBoolean(), r + "\n" + logs);
            assertEquals("complete", r.getAsJsonObject("report").get("result").getAsString());
            for (String key : new String[] {"index.html", "css/site.css", "page-0.html", "page-4.html"}) {
                assertTrue(bucket.object(key).isPresent(), key + " in " + bucket.keys());
            }

            JsonObject status = JsonParser.parseString(new String(fn.invoke(
                    "{\"action\":\"status\"}".getBytes(StandardCharsets.UTF_8),
                    new LocalContext("oss-2", 300_000, fresh, logs::add)), StandardCharsets.UTF_8)).getAsJsonObject();
            assertEquals(7, status.getAsJsonObject("manifest").get("storedObjects").getAsLong(), status.toString());

            JsonObject denied = JsonParser.parseString(new String(fn.invoke(
                    "{\"action\":\"sync\"}".getBytes(StandardCharsets.UTF_8),
                    new LocalContext("oss-3", 300_000, Collections.emptyMap(), logs::add)), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            assertEquals(false, denied.get("ok").getAsBoolean(), "the stale environment credentials are refused");
            assertTrue(!String.join("\n", logs).contains(SECRET), "no secret in the logs");
        }
    }
}
