package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secondaryorigin.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/deploy.sh --dry-run: the offline checks, and the .env it leaves for every later `s` command. */
class DeployScriptTest {
    static Map<String, String> good() {
        Map<String, String> env = new HashMap<>();
        env.put("REGION", "cn-hangzhou");
        env.put("DOMAIN", "www.example.com");
        env.put("ORIGIN", "https://203.0.113.10");
        env.put("SECONDARY_ORIGIN", "my-backup.oss-cn-hangzhou.aliyuncs.com");
        return env;
    }

    @Test
    void missingVariablesAreNamed(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        String[] r = copy.deploy(new HashMap<>(), "--dry-run", "--env-file", "/dev/null");
        assertEquals("1", r[0]);
        for (String v : new String[] {"REGION", "DOMAIN", "ORIGIN", "SECONDARY_ORIGIN"}) {
            assertTrue(r[1].contains(v + " is not set"), r[1]);
        }
        assertFalse(Files.exists(copy.dir.resolve(".env")), "nothing is written when a check fails");
    }

    @Test
    void dryRunWritesAPrivateEnvFileWithEveryValueAndListsWhatIsStillMissing(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        Map<String, String> env = good();
        env.put("HTTP_TOKEN", "0123456789abcdef0123456789abcdef");
        String[] r = copy.deploy(env, "--dry-run", "--env-file", "/dev/null");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("oss-cn-hangzhou-internal.aliyuncs.com"), r[1]);
        assertTrue(r[1].contains("@every 60m"), r[1]);
        assertFalse(r[1].contains("0123456789abcdef0123456789abcdef"), "the token is never printed");
        // Offline prerequisites: no `s` on this machine's PATH for the test, no access in the empty HOME.
        assertTrue(r[1].contains("s config add"), r[1]);
        assertTrue(r[1].contains("nothing deployed"), r[1]);
        Path dotEnv = copy.dir.resolve(".env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dotEnv)));
        String text = new String(Files.readAllBytes(dotEnv), StandardCharsets.UTF_8);
        for (String line : new String[] {"REGION=\"cn-hangzhou\"", "SCHEDULE=\"@every 60m\"", "TASK_NAME=\"www.example.com\"",
                "OSS_ENDPOINT=\"oss-cn-hangzhou-internal.aliyuncs.com\"", "HTTP_AUTH_TYPE=\"function\"",
                "FUNCTION_NAME=\"cdn-secondary-origin\"", "HTTP_TOKEN=\"0123456789abcdef0123456789abcdef\""}) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        // A second run in a new shell finds its settings in the .env the first one wrote.
        String[] again = copy.deploy(new HashMap<>(), "--dry-run");
        assertEquals("0", again[0], again[1]);
        assertEquals(text, new String(Files.readAllBytes(dotEnv), StandardCharsets.UTF_8));
    }

    @Test
    void anAccessWithAnAccountIdSatisfiesTheCheck(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        Files.createDirectories(copy.home.resolve(".s"));
        Files.write(copy.home.resolve(".s/access.yaml"), ("other:\n  AccountID: x\nmine:\n  AccountID: y\n"
                + "  AccessKeyID: z\n").getBytes(StandardCharsets.UTF_8));
        String[] withAlias = copy.deploy(good(), "--dry-run", "--env-file", "/dev/null", "-a", "mine");
        assertEquals("0", withAlias[0], withAlias[1]);
        assertFalse(withAlias[1].contains("with an AccountID"), withAlias[1]);
        String[] defaultAlias = copy.deploy(good(), "--dry-run", "--env-file", "/dev/null");
        assertTrue(defaultAlias[1].contains("no access \"default\" with an AccountID"), defaultAlias[1]);
    }

    @Test
    void badValuesAreExplained(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        Path envFile = tmp.resolve("deploy.env");
        Files.write(envFile, ("# from a file\nREGION=cn-hangzhou\nDOMAIN=www.example.com\nORIGIN=ftp://x\n"
                + "SECONDARY_ORIGIN=my-backup.oss-cn-hangzhou.aliyuncs.com\nSCHEDULE='@every 30s'\n"
                + "HTTP_AUTH_TYPE=anonymous\n").getBytes(StandardCharsets.UTF_8));
        String[] r = copy.deploy(new HashMap<>(), "--dry-run", "--env-file", envFile.toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("ORIGIN must be"), r[1]);
        assertTrue(r[1].contains("SCHEDULE \"@every 30s\" is not a schedule") && r[1].contains("under 1 minute"), r[1]);
        assertTrue(r[1].contains("HTTP_TOKEN"), r[1]);
    }

    @Test
    void aBucketInAnotherRegionIsAWarningAboutTrafficFees(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        Map<String, String> env = good();
        env.put("REGION", "cn-shanghai");
        String[] r = copy.deploy(env, "--dry-run", "--env-file", "/dev/null");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("over the internet"), r[1]);
        assertTrue(r[1].contains("oss-cn-hangzhou.aliyuncs.com"), r[1]);
    }

    @Test
    void everyVariableSYamlReadsIsKnownToTheScript() throws IOException {
        Path root = SharedReference.projectRoot();
        String sYaml = new String(Files.readAllBytes(root.resolve("s.yaml")), StandardCharsets.UTF_8);
        String script = new String(Files.readAllBytes(root.resolve("scripts/deploy.sh")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\\$\\{env\\('([A-Z_]+)'").matcher(sYaml);
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue(script.contains("#   " + m.group(1) + " "), "deploy.sh documents and checks " + m.group(1));
            assertTrue(script.matches("(?s).*for v in [^;]*\\b" + m.group(1) + "\\b.*"), "deploy.sh writes " + m.group(1));
        }
        assertTrue(n >= 10);
    }
}
