package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.RoleSetup;
import dev.secondaryorigin.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * template.dispatcher.yml, the many-domains ROS template: checked against the published ROS resource specs like
 * template.yml (ros-validate.js, every parameter combination), its role policies generated from RamPermissions,
 * and the same dispatcher as s.dispatcher.yaml.
 */
class RosDispatcherTemplateTest {
    private static String text;
    private static JsonObject specCheck;
    private static Map<String, Object> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        Path file = SharedReference.projectRoot().resolve("template.dispatcher.yml");
        text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        specCheck = RosTemplateTest.check(file);
        resources = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(text)).get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String resource) {
        return (Map<String, Object>) ((Map<String, Object>) resources.get(resource)).get("Properties");
    }

    @Test
    void matchesThePublishedRosResourceSpecsForEveryParameterCombination() {
        List<String> problems = RosTemplateTest.problems(specCheck);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(2, specCheck.getAsJsonArray("combinations").size(), "CreateRole true and false");
    }

    @Test
    void theSpecCheckCatchesAMistakeInTheAsyncConfig(@TempDir Path tmp) throws Exception {
        String[][] mutations = {
            {"      AsyncTask: true\n", "      AsyncTask: 'maybe'\n", "should be a boolean"},
            {"      MaxAsyncRetryAttempts: 2\n", "      MaxAsyncRetries: 2\n", "unknown property MaxAsyncRetries"},
        };
        for (String[] m : mutations) {
            assertTrue(text.contains(m[0]), m[0]);
            Path bad = tmp.resolve("t" + Math.abs(m[2].hashCode()) + ".yml");
            Files.write(bad, text.replace(m[0], m[1]).getBytes(StandardCharsets.UTF_8));
            List<String> found = RosTemplateTest.problems(RosTemplateTest.check(bad));
            assertTrue(found.stream().anyMatch(p -> p.contains(m[2])), m[1].trim() + " is caught: " + found);
        }
    }

    @Test
    void theRolePoliciesAreGeneratedAndLetTheFunctionStartItself() {
        assertTrue(text.contains(PermissionDocs.dispatcherTemplatePolicies()), "template.dispatcher.yml's role "
                + "policies are stale; regenerate with: java -cp target/classes:<gson jar> "
                + "dev.secondaryorigin.fc.PermissionDocs --update");
        assertTrue(text.contains("- fc:InvokeFunction\n"));
        assertTrue(text.contains("Fn::Sub: acs:fc:*:*:functions/${FunctionName}"));
        Map<String, Object> role = properties("Role");
        assertEquals(RoleSetup.ROLE_NAME, role.get("RoleName"));
        assertTrue(String.valueOf(role.get("PolicyAttachments")).contains("AliyunFCFullAccess"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void isTheSameDispatcherAsSDispatcherYaml() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("REGION", "cn-hangzhou");
        env.put("REGISTRY", "oss://ops-bucket/tasks/");
        Map<String, Object> doc = SYamlTest.resolved(new String(Files.readAllBytes(
                SharedReference.projectRoot().resolve("s.dispatcher.yaml")), StandardCharsets.UTF_8), env);
        Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                doc.get("resources")).values().iterator().next()).get("props");

        Map<String, Object> fn = properties("Function");
        assertEquals(s.get("runtime"), fn.get("Runtime"));
        assertEquals(s.get("handler"), fn.get("Handler"));
        assertEquals(s.get("timeout"), fn.get("Timeout"));
        assertEquals(((Map<String, Object>) s.get("environmentVariables")).keySet().stream()
                        .filter(k -> !k.equals("OSS_ENDPOINT")).sorted().collect(java.util.stream.Collectors.toList()),
                ((Map<String, Object>) fn.get("EnvironmentVariables")).keySet().stream().sorted()
                        .collect(java.util.stream.Collectors.toList()));
        Map<String, Object> async = properties("AsyncInvokeConfig");
        Map<String, Object> sAsync = (Map<String, Object>) s.get("asyncInvokeConfig");
        assertEquals(Boolean.TRUE, async.get("AsyncTask"));
        assertEquals(sAsync.get("maxAsyncRetryAttempts"), async.get("MaxAsyncRetryAttempts"));
        assertEquals(sAsync.get("maxAsyncEventAgeInSeconds"), async.get("MaxAsyncEventAgeInSeconds"));

        Map<String, Object> trigger = properties("DispatchTrigger");
        Map<String, Object> sTimer = SYamlTest.trigger(s, "dispatch-timer");
        assertEquals("dispatch-timer", trigger.get("TriggerName"));
        assertEquals(sTimer, trigger.get("TriggerConfig"));
        Map<String, Object> http = (Map<String, Object>) properties("HttpTrigger").get("TriggerConfig");
        assertEquals(SYamlTest.trigger(s, "http").get("methods"), http.get("methods"));
        assertEquals(Arrays.asList("GET", "POST", "PUT", "DELETE"), http.get("methods"));
        assertFalse(fn.containsKey("Domain"));
    }
}
