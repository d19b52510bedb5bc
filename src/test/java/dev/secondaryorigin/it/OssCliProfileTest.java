package dev.secondaryorigin.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without the {@code ALIBABA_CLOUD_*} variables the CLI signs with the Alibaba Cloud CLI's profile
 * ({@code ~/.aliyun/config.json}), against the OSS emulator that checks every signature.
 */
class OssCliProfileTest {
    static OssBackup oss;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws IOException {
        oss = OssBackup.start();
        oss.oss.createBucket("my-backup");
    }

    @AfterAll
    static void stop() {
        oss.close();
    }

    private OssBackup.CliRun status(Map<String, String> env) throws IOException {
        return OssBackup.CliRun.run(env, new String[]{"status", "--target", oss.target("my-backup"),
                "--oss-endpoint", oss.oss.endpoint(), "--json"}, null);
    }

    private Map<String, String> profile(String name, String secret) throws IOException {
        Path file = home.resolve(".aliyun/config.json");
        Files.createDirectories(file.getParent());
        Files.write(file, ("{\"current\":\"" + name + "\",\"profiles\":[{\"name\":\"" + name + "\",\"mode\":\"AK\","
                + "\"access_key_id\":\"" + OssBackup.AK + "\",\"access_key_secret\":\"" + secret + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        return env;
    }

    @Test
    void theCurrentProfileSigns() throws IOException {
        OssBackup.CliRun r = status(profile("work", OssBackup.SECRET));
        assertEquals(0, r.code, r.toString());
        assertTrue(oss.oss.requests().entries().size() > 0, "the bucket was asked");
        assertFalse((r.out + r.err).contains(OssBackup.SECRET), r.toString());
    }

    @Test
    void aProfileWithAWrongSecretIsRefusedNamingItsKeyId() throws IOException {
        String wrong = "wrong-profile-secret-Zr81";
        OssBackup.CliRun r = status(profile("work", wrong));
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("OSS refused the credentials") && r.err.contains("access key id " + OssBackup.AK),
                r.err);
        assertFalse((r.out + r.err).contains(wrong), r.toString());
    }
}
