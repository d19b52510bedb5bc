package dev.secondaryorigin.it;

import dev.secondaryorigin.credentials.CloudCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sync} to OSS with bad input: malformed secondary origin addresses and missing credentials are refused up
 * front (exit 2) with a message naming the option or the variables; a wrong secret fails the run (exit 1) with a
 * message naming the access key id, never the secret. None of them writes anything to the bucket.
 */
class OssCliBadInputTest {
    /** Never contacted: every case fails before the pass reaches the origin. */
    static final String ORIGIN = "http://127.0.0.1:1/";
    static OssBackup oss;

    @BeforeAll
    static void start() throws IOException {
        oss = OssBackup.start();
        oss.oss.createBucket("my-backup");
    }

    @BeforeEach
    void clearLog() {
        oss.oss.requests().clear();
    }

    @AfterAll
    static void stop() {
        oss.close();
    }

    private static OssBackup.CliRun sync(Map<String, String> env, String target) throws IOException {
        return OssBackup.CliRun.run(env, new String[]{"sync", "--origin", ORIGIN, "--domain", OssBackup.DOMAIN,
                "--target", target, "--oss-endpoint", oss.oss.endpoint(), "--quiet"}, null);
    }

    private static void assertRefused(String target, String... expected) throws IOException {
        OssBackup.CliRun r = sync(OssBackup.env(), target);
        assertEquals(2, r.code, r.toString());
        for (String e : expected) {
            assertTrue(r.err.contains(e), "stderr lacks \"" + e + "\": " + r.err);
        }
        assertTrue(r.err.trim().split("\n").length <= 2, "one clear message: " + r.err);
    }

    @Test
    void malformedTargetsAreRefusedNamingTarget() throws IOException {
        assertRefused("oss-cn-hangzhou.aliyuncs.com", "--target", "no bucket", "BUCKET.oss-cn-hangzhou.aliyuncs.com");
        assertRefused("http://my-backup.oss-cn-hangzhou.aliyuncs.com", "--target", "http URL", "--oss-endpoint");
        assertRefused("My-Backup.oss-cn-hangzhou.aliyuncs.com", "--target", "lower-case", "\"My-Backup");
        assertRefused("my_backup.oss-cn-hangzhou.aliyuncs.com", "--target");
        assertEquals(0, oss.oss.requests().entries().size(), "refused before any OSS request");
    }

    @Test
    void missingCredentialsAreRefusedNamingTheVariables() throws IOException {
        OssBackup.CliRun none = sync(Collections.emptyMap(), oss.target("my-backup"));
        assertEquals(2, none.code, none.toString());
        assertTrue(none.err.contains(CloudCredentials.ENV_ACCESS_KEY_ID) && none.err.contains(CloudCredentials.ENV_ACCESS_KEY_SECRET),
                none.err);

        Map<String, String> idOnly = new HashMap<>();
        idOnly.put(CloudCredentials.ENV_ACCESS_KEY_ID, OssBackup.AK);
        OssBackup.CliRun noSecret = sync(idOnly, oss.target("my-backup"));
        assertEquals(2, noSecret.code, noSecret.toString());
        assertTrue(noSecret.err.contains("missing: set " + CloudCredentials.ENV_ACCESS_KEY_SECRET), noSecret.err);
        assertEquals(0, oss.oss.requests().entries().size(), "refused before any OSS request");
    }

    @Test
    void aWrongSecretFailsWithExit1NamingTheKeyIdNeverTheSecret() throws IOException {
        String wrong = "wrong-secret-Pq93Lx";
        Map<String, String> env = new HashMap<>(OssBackup.env());
        env.put(CloudCredentials.ENV_ACCESS_KEY_SECRET, wrong);
        OssBackup.CliRun r = sync(env, oss.target("my-backup"));
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.startsWith("error: OSS refused the credentials"), r.err);
        assertTrue(r.err.contains("access key id " + OssBackup.AK), r.err);
        assertTrue(r.err.contains("SignatureDoesNotMatch") && r.err.contains(CloudCredentials.ENV_ACCESS_KEY_SECRET), r.err);
        String all = r.out + r.err;
        assertFalse(all.contains(wrong), "the secret leaked: " + all);
        assertFalse(all.contains(OssBackup.SECRET), all);

        Map<String, String> unknownId = new HashMap<>(OssBackup.env());
        unknownId.put(CloudCredentials.ENV_ACCESS_KEY_ID, "no-such-key");
        OssBackup.CliRun u = sync(unknownId, oss.target("my-backup"));
        assertEquals(1, u.code, u.toString());
        assertTrue(u.err.contains("access key id no-such-key is unknown") && u.err.contains(CloudCredentials.ENV_ACCESS_KEY_ID), u.err);
        assertFalse((u.out + u.err).contains(OssBackup.SECRET), u.err);

        assertTrue(oss.oss.bucket("my-backup").keys().isEmpty(), "nothing was written");
    }
}
