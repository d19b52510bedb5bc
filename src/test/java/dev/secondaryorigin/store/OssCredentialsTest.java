package dev.secondaryorigin.store;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.credentials.CredentialsException;
import dev.secondaryorigin.task.TaskConfig;
import dev.secondaryorigin.testing.oss.OssEmulator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials: where they come from, and what a user sees when they are missing or wrong. Never the secret. */
class OssCredentialsTest {
    private static final byte[] BODY = "x".getBytes();

    @Test
    void missingVariablesAreNamed() {
        CredentialsException both = assertThrows(CredentialsException.class, () -> CloudCredentials.fromEnvironment(Map.of()));
        assertTrue(both.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                both.getMessage());
        CredentialsException secret = assertThrows(CredentialsException.class, () ->
                CloudCredentials.fromEnvironment(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "test-ak")));
        assertTrue(secret.getMessage().contains("set ALIBABA_CLOUD_ACCESS_KEY_SECRET"), secret.getMessage());
    }

    @Test
    void environmentGivesStsCredentialsAndToStringHidesThem() {
        CloudCredentials c = CloudCredentials.fromEnvironment(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "test-ak",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-secret", "ALIBABA_CLOUD_SECURITY_TOKEN", "test-token"));
        assertEquals("test-token", c.securityToken());
        assertFalse(c.toString().contains("test-secret"));
        assertFalse(c.toString().contains("test-token"));
        assertTrue(c.toString().contains("test-ak"));
    }

    @Test
    void wrongSecretNamesTheKeyIdNeverTheSecret() throws IOException {
        try (OssTestbed bed = OssTestbed.start();
             OssStore store = bed.store(CloudCredentials.of("test-ak", "not-the-right-secret"))) {
            IOException put = assertThrows(IOException.class, () ->
                    store.put("a", Payload.ofBytes(BODY), ObjectMeta.builder().build()));
            assertTrue(put.getMessage().contains("SignatureDoesNotMatch"), put.getMessage());
            assertTrue(put.getMessage().contains("access key id test-ak"), put.getMessage());
            assertTrue(put.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), put.getMessage());
            assertFalse(put.getMessage().contains("not-the-right-secret"), put.getMessage());
            CredentialsException refused = CredentialsException.in(put).orElseThrow();
            assertTrue(refused.refused());
            assertEquals("test-ak", refused.accessKeyId());
            assertEquals(CloudCredentials.ENV_ACCESS_KEY_SECRET, refused.variable());
            assertTrue(refused.getMessage().contains("access key id test-ak"), refused.getMessage());
            assertFalse(refused.getMessage().contains("not-the-right-secret"), refused.getMessage());
            // HEAD answers carry no body: the code travels in x-oss-err and must still be explained.
            IOException head = assertThrows(IOException.class, () -> store.head("a"));
            assertTrue(head.getMessage().contains("SignatureDoesNotMatch"), head.getMessage());
            assertEquals(1, bed.oss.requests().count(e -> e.method().equals("PUT")), "credential errors are not retried");
        }
    }

    @Test
    void unknownKeyIdIsNamed() throws IOException {
        try (OssTestbed bed = OssTestbed.start();
             OssStore store = bed.store(CloudCredentials.of("other-ak", "test-secret"))) {
            IOException e = assertThrows(IOException.class, () -> store.list("", k -> { }));
            assertTrue(e.getMessage().contains("access key id other-ak is unknown"), e.getMessage());
            assertFalse(e.getMessage().contains("test-secret"));
        }
    }

    @Test
    void stsTokenIsRequiredWhenTheEmulatorHasOne() throws IOException {
        try (OssTestbed bed = OssTestbed.start(OssEmulator.builder().credentials("test-ak", "test-secret")
                .securityToken("test-sts-token"))) {
            try (OssStore noToken = bed.store(CloudCredentials.of("test-ak", "test-secret"))) {
                IOException e = assertThrows(IOException.class, () ->
                        noToken.put("a", Payload.ofBytes(BODY), ObjectMeta.builder().build()));
                assertTrue(e.getMessage().contains("security token"), e.getMessage());
                assertTrue(e.getMessage().contains("ALIBABA_CLOUD_SECURITY_TOKEN"), e.getMessage());
            }
            try (OssStore sts = bed.store(CloudCredentials.of("test-ak", "test-secret", "test-sts-token"))) {
                sts.put("a", Payload.ofBytes(BODY), ObjectMeta.builder().build());
                assertTrue(sts.head("a").isPresent());
            }
        }
    }

    @Test
    void signingForAnotherRegionFails() throws IOException {
        try (OssTestbed bed = OssTestbed.start()) {
            OssTarget beijing = OssTarget.parse("oss://my-backup", bed.oss.endpoint(), "cn-beijing");
            try (OssStore store = new OssStore(beijing, CloudCredentials.of("test-ak", "test-secret"), 32L << 20,
                    OssStore.DEFAULT_PART_SIZE, OssTestbed.FAST)) {
                IOException e = assertThrows(IOException.class, () -> store.getBytes("a"));
                assertTrue(e.getMessage().contains("SignatureDoesNotMatch"), e.getMessage());
            }
        }
    }

    @Test
    void emulatorRefusesV1Signatures() throws IOException {
        try (OssTestbed bed = OssTestbed.start()) {
            // The SDK's default client signs V1: exactly what the store must never do.
            OSS v1 = new OSSClientBuilder().build(bed.oss.endpoint(), "test-ak", "test-secret");
            try {
                OSSException e = assertThrows(OSSException.class, () ->
                        v1.putObject("my-backup", "a", new ByteArrayInputStream(BODY)));
                assertEquals("AccessDenied", e.getErrorCode());
                assertTrue(e.getErrorMessage().contains("V1"), e.getErrorMessage());
            } finally {
                v1.shutdown();
            }
        }
    }

    @Test
    void objectStoresOpensAnOssTargetWithCredentialsFromTheEnvironment() throws IOException {
        try (OssTestbed bed = OssTestbed.start()) {
            Map<String, List<String>> raw = new HashMap<>();
            raw.put("origin", List.of("http://127.0.0.1:8080/"));
            raw.put("target", List.of("my-backup.oss-cn-hangzhou.aliyuncs.com/www"));
            raw.put("oss-endpoint", List.of(bed.oss.endpoint()));
            TaskConfig config = TaskConfig.parse(raw);
            assertThrows(CredentialsException.class, () -> ObjectStores.open(config, Map.of()));
            try (ObjectStore store = ObjectStores.open(config, Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "test-ak",
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-secret"))) {
                assertTrue(store instanceof OssStore);
                store.put("index.html", Payload.ofBytes(BODY), ObjectMeta.builder().build());
                assertTrue(bed.bucket.object("www/index.html").isPresent());
            }
        }
    }
}
