package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secondaryorigin.testing.SharedReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/deploy.sh --check: the pre-flight check of the variables s.yaml reads. */
class DeployScriptTest {
    private static String[] run(Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = "scripts/deploy.sh";
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(SharedReference.projectRoot().toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.matches("REGION|DOMAIN|ORIGIN|SECONDARY_ORIGIN|SCHEDULE|TASK_NAME"
                + "|RESOURCE_TYPES|FUNCTION_NAME|OSS_ENDPOINT|HTTP_AUTH_TYPE|HTTP_TOKEN"));
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out.toString(StandardCharsets.UTF_8)};
    }

    private static Map<String, String> good() {
        Map<String, String> env = new HashMap<>();
        env.put("REGION", "cn-hangzhou");
        env.put("DOMAIN", "www.example.com");
        env.put("ORIGIN", "https://203.0.113.10");
        env.put("SECONDARY_ORIGIN", "my-backup.oss-cn-hangzhou.aliyuncs.com");
        return env;
    }

    @Test
    void missingVariablesAreNamed() throws Exception {
        String[] r = run(new HashMap<>(), "--check", "--env-file", "/dev/null");
        assertEquals("1", r[0]);
        for (String v : new String[] {"REGION", "DOMAIN", "ORIGIN", "SECONDARY_ORIGIN"}) {
            assertTrue(r[1].contains(v + " is not set"), r[1]);
        }
    }

    @Test
    void goodVariablesPassAndDefaultsAreFilled() throws Exception {
        String[] r = run(good(), "--check", "--env-file", "/dev/null");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("oss-cn-hangzhou-internal.aliyuncs.com"), r[1]);
        assertTrue(r[1].contains("@every 60m"), r[1]);
    }

    @Test
    void badValuesAreExplained(@TempDir Path dir) throws Exception {
        Path envFile = dir.resolve("deploy.env");
        Files.write(envFile, ("# from a file\nREGION=cn-hangzhou\nDOMAIN=www.example.com\nORIGIN=ftp://x\n"
                + "SECONDARY_ORIGIN=my-backup.oss-cn-hangzhou.aliyuncs.com\nSCHEDULE='every hour'\n"
                + "HTTP_AUTH_TYPE=anonymous\n").getBytes(StandardCharsets.UTF_8));
        String[] r = run(new HashMap<>(), "--check", "--env-file", envFile.toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("ORIGIN must be"), r[1]);
        assertTrue(r[1].contains("SCHEDULE must be"), r[1]);
        assertTrue(r[1].contains("HTTP_TOKEN"), r[1]);
    }

    @Test
    void everyVariableSYamlReadsIsKnownToTheScript() throws IOException {
        Path root = SharedReference.projectRoot();
        String sYaml = new String(Files.readAllBytes(root.resolve("s.yaml")), StandardCharsets.UTF_8);
        String script = new String(Files.readAllBytes(root.resolve("scripts/deploy.sh")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\\$\\{env\\('([A-Z_]+)'\\)}").matcher(sYaml);
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue(script.contains("#   " + m.group(1) + " "), "deploy.sh documents and checks " + m.group(1));
        }
        assertTrue(n >= 8);
    }
}
