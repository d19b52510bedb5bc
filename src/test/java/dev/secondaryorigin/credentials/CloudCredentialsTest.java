package dev.secondaryorigin.credentials;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the one credential comes from, and what a user reads when it is missing: the variable, never a secret. */
class CloudCredentialsTest {
    private static final String ID = "LTAI5tTestKeyId";
    private static final String SECRET = "s3cr3t-Value-For-Tests-9xQ";
    private static final String TOKEN = "sts-Token-Value-For-Tests-7kP";

    @TempDir
    Path home;

    @Test
    void environmentGivesALongTermKeyOrAnStsKey() {
        CloudCredentials key = CloudCredentials.fromEnvironment(Map.of(CloudCredentials.ENV_ACCESS_KEY_ID, ID,
                CloudCredentials.ENV_ACCESS_KEY_SECRET, " " + SECRET + "\n"));
        assertEquals(ID, key.accessKeyId());
        assertEquals(SECRET, key.accessKeySecret(), "a pasted newline is not part of the secret");
        assertNull(key.securityToken());
        assertFalse(key.temporary());

        CloudCredentials sts = CloudCredentials.fromEnvironment(env(TOKEN));
        assertEquals(TOKEN, sts.securityToken());
        assertTrue(sts.temporary());
    }

    @Test
    void missingVariablesAreNamed() {
        CredentialsException both = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironment(Map.of()));
        assertTrue(both.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                both.getMessage());
        assertFalse(both.refused());

        CredentialsException secret = assertThrows(CredentialsException.class, () ->
                CloudCredentials.fromEnvironment(Map.of(CloudCredentials.ENV_ACCESS_KEY_ID, ID)));
        assertEquals(CloudCredentials.ENV_ACCESS_KEY_SECRET, secret.variable());
        assertTrue(secret.getMessage().contains("missing: set ALIBABA_CLOUD_ACCESS_KEY_SECRET"), secret.getMessage());

        CredentialsException id = assertThrows(CredentialsException.class, () ->
                CloudCredentials.fromEnvironment(Map.of(CloudCredentials.ENV_ACCESS_KEY_SECRET, SECRET)));
        assertEquals(CloudCredentials.ENV_ACCESS_KEY_ID, id.variable());
        assertTrue(id.getMessage().contains("set ALIBABA_CLOUD_ACCESS_KEY_ID "), id.getMessage());
        assertFalse(id.getMessage().contains(SECRET), "the secret leaked: " + id.getMessage());

        assertThrows(CredentialsException.class, () -> CloudCredentials.of(ID, "  "));
        assertTrue(IllegalArgumentException.class.isInstance(both),
                "missing credentials are bad input to every shell (CLI exit 2)");
    }

    @Test
    void toStringShowsTheKeyIdOnly() {
        CloudCredentials sts = CloudCredentials.of(ID, SECRET, TOKEN);
        assertEquals("AccessKey " + ID + " (STS)", sts.toString());
        assertFalse(sts.toString().contains(SECRET));
        assertFalse(sts.toString().contains(TOKEN));
        assertEquals("AccessKey " + ID, CloudCredentials.of(ID, SECRET).toString());
    }

    @Test
    void theExecutionRoleWinsOverTheEnvironment() {
        Map<String, String> env = env(null);
        CloudCredentials role = CloudCredentials.fromExecutionRole("STS.RoleKey", "role-secret", "role-token", env);
        assertEquals("STS.RoleKey", role.accessKeyId());
        assertEquals("role-token", role.securityToken());

        CloudCredentials noRole = CloudCredentials.fromExecutionRole(null, null, null, env);
        assertEquals(ID, noRole.accessKeyId(), "without a role (cli invoke) the environment's key is used");
        assertEquals(ID, CloudCredentials.fromExecutionRole("STS.RoleKey", "", "t", env).accessKeyId(),
                "half a role key is no key");

        CredentialsException none = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromExecutionRole("", null, null, Map.of()));
        assertTrue(none.getMessage().contains(CloudCredentials.ENV_ACCESS_KEY_ID), none.getMessage());
    }

    @Test
    void theCliProfileIsReadWhenNoVariableIsSet() throws IOException {
        writeConfig("{\"current\":\"work\",\"profiles\":["
                + "{\"name\":\"default\",\"mode\":\"AK\",\"access_key_id\":\"LTAIdefault\",\"access_key_secret\":\"d-secret\"},"
                + "{\"name\":\"work\",\"mode\":\"AK\",\"access_key_id\":\"LTAIwork\",\"access_key_secret\":\"w-secret\","
                + "\"sts_token\":\"\"},"
                + "{\"name\":\"temp\",\"mode\":\"StsToken\",\"access_key_id\":\"STS.temp\",\"access_key_secret\":\"t-secret\","
                + "\"sts_token\":\"t-token\"},"
                + "{\"name\":\"role\",\"mode\":\"RamRoleArn\",\"access_key_id\":\"LTAIrole\",\"access_key_secret\":\"r-secret\","
                + "\"ram_role_arn\":\"acs:ram::1:role/x\"}]}");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        CloudCredentials current = CloudCredentials.fromEnvironmentOrProfile(env);
        assertEquals("LTAIwork", current.accessKeyId());
        assertEquals("w-secret", current.accessKeySecret());
        assertFalse(current.temporary());

        env.put(CliProfile.ENV_PROFILE, "temp");
        CloudCredentials temp = CloudCredentials.fromEnvironmentOrProfile(env);
        assertEquals("STS.temp", temp.accessKeyId());
        assertEquals("t-token", temp.securityToken());

        env.put(CliProfile.ENV_PROFILE, "role");
        CredentialsException role = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironmentOrProfile(env));
        assertTrue(role.getMessage().contains("mode RamRoleArn") && role.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
                role.getMessage());
        assertFalse(role.getMessage().contains("r-secret"), role.getMessage());

        env.put(CliProfile.ENV_PROFILE, "nope");
        CredentialsException unknown = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironmentOrProfile(env));
        assertEquals(CliProfile.ENV_PROFILE, unknown.variable());
        assertTrue(unknown.getMessage().contains("\"nope\"") && unknown.getMessage().contains("default, work, temp, role"),
                unknown.getMessage());

        env.put(CliProfile.ENV_IGNORE_PROFILE, "TRUE");
        assertThrows(CredentialsException.class, () -> CloudCredentials.fromEnvironmentOrProfile(env));
    }

    @Test
    void theVariablesWinOverTheProfileAndHalfAKeyIsAnError() throws IOException {
        writeConfig("{\"current\":\"default\",\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
                + "\"access_key_id\":\"LTAIprofile\",\"access_key_secret\":\"p-secret\"}]}");
        Map<String, String> env = env(null);
        env.put("HOME", home.toString());
        assertEquals(ID, CloudCredentials.fromEnvironmentOrProfile(env).accessKeyId());

        env.remove(CloudCredentials.ENV_ACCESS_KEY_SECRET);
        CredentialsException half = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironmentOrProfile(env));
        assertEquals(CloudCredentials.ENV_ACCESS_KEY_SECRET, half.variable());

        assertThrows(CredentialsException.class, () -> CloudCredentials.fromEnvironment(Map.of("HOME", home.toString())),
                "fromEnvironment never reads a profile");
    }

    @Test
    void noProfileFileMeansTheVariablesAreNamed() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        CredentialsException none = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironmentOrProfile(env));
        assertTrue(none.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                none.getMessage());

        env.put(CliProfile.ENV_PROFILE, "work");
        CredentialsException asked = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironmentOrProfile(env));
        assertTrue(asked.getMessage().contains("\"work\"") && asked.getMessage().contains("does not exist"),
                asked.getMessage());

        writeConfig("{\"profiles\": [ {\"name\":\"work\", \"access_key_secret\": \"" + SECRET + "\"");
        CredentialsException broken = assertThrows(CredentialsException.class,
                () -> CloudCredentials.fromEnvironmentOrProfile(env));
        assertTrue(broken.getMessage().contains("config.json"), broken.getMessage());
        assertFalse(broken.getMessage().contains(SECRET), broken.getMessage());
    }

    @Test
    void aRefusalIsFoundAmongTheCauses() {
        RuntimeException sdk = new RuntimeException("SignatureDoesNotMatch");
        CredentialsException refused = CredentialsException.refused(ID, CloudCredentials.ENV_ACCESS_KEY_SECRET,
                "OSS refused access key id " + ID, sdk);
        IOException wrapped = new IOException("OSS refused the credentials", refused);
        assertSame(refused, CredentialsException.in(wrapped).orElseThrow());
        assertTrue(refused.refused());
        assertEquals(ID, refused.accessKeyId());
        assertFalse(CredentialsException.in(new IOException("disk full")).isPresent());
    }

    private static Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>();
        env.put(CloudCredentials.ENV_ACCESS_KEY_ID, ID);
        env.put(CloudCredentials.ENV_ACCESS_KEY_SECRET, SECRET);
        if (token != null) {
            env.put(CloudCredentials.ENV_SECURITY_TOKEN, token);
        }
        return env;
    }

    private void writeConfig(String json) throws IOException {
        Path file = home.resolve(CliProfile.FILE);
        Files.createDirectories(file.getParent());
        Files.write(file, json.getBytes(StandardCharsets.UTF_8));
    }
}
