package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import dev.secondaryorigin.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s.dispatcher.yaml, the many-domains variant: validated like s.yaml (fc3 schema, Serverless Devs' own parser)
 * and checked to be the dispatcher (one-minute dispatch timer, async task mode, the registry) while sharing the
 * function's code, handler and role with s.yaml, which stays the single-task default.
 */
class SDispatcherYamlTest {
    /** Variables of the dispatcher deployment that are not per-task options. */
    private static final Set<String> DISPATCHER_VARIABLES = new HashSet<>(Arrays.asList("REGISTRY", "MAX_PARALLEL_TASKS"));
    private static final Map<String, String> ENV = new HashMap<>();
    private static String text;
    private static String single;

    static {
        ENV.put("REGION", "cn-hangzhou");
        ENV.put("REGISTRY", "oss://ops-bucket/secondary-origin-tasks/");
    }

    @BeforeAll
    static void load() throws IOException {
        SYamlTest.load(); // the fc3 schema
        Path root = SharedReference.projectRoot();
        text = new String(Files.readAllBytes(root.resolve("s.dispatcher.yaml")), StandardCharsets.UTF_8);
        single = new String(Files.readAllBytes(root.resolve("s.yaml")), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> doc) {
        Map<String, Object> resources = (Map<String, Object>) doc.get("resources");
        assertEquals(1, resources.size(), "one function");
        Map<String, Object> res = (Map<String, Object>) resources.values().iterator().next();
        assertEquals("fc3", res.get("component"));
        return (Map<String, Object>) res.get("props");
    }

    @Test
    void validatesAgainstTheFc3Schema() {
        Map<String, Object> doc = SYamlTest.resolved(text, ENV);
        assertEquals("3.0.0", doc.get("edition"));
        List<String> errors = SYamlTest.validate(props(doc));
        assertTrue(errors.isEmpty(), "s.dispatcher.yaml's props do not match fc3-props.schema.json: " + errors);
    }

    @Test
    @SuppressWarnings("unchecked")
    void isTheDispatcher() {
        Map<String, Object> props = props(SYamlTest.resolved(text, ENV));
        Map<String, Object> timer = SYamlTest.trigger(props, "dispatch-timer");
        assertEquals("@every 1m", timer.get("cronExpression"));
        assertEquals(Boolean.TRUE, timer.get("enable"));
        assertEquals("{\"action\":\"dispatch\"}", timer.get("payload"));
        Map<String, Object> async = (Map<String, Object>) props.get("asyncInvokeConfig");
        assertEquals(Boolean.TRUE, async.get("asyncTask"), "FC deduplicates async task ids only in task mode");
        Map<String, Object> env = (Map<String, Object>) props.get("environmentVariables");
        assertEquals("oss://ops-bucket/secondary-origin-tasks/", env.get("REGISTRY"));
        assertEquals("4", env.get("MAX_PARALLEL_TASKS"));
        for (String name : env.keySet()) {
            assertTrue(DeploymentEnvironment.allNames().contains(name) || DISPATCHER_VARIABLES.contains(name),
                    name + " is not a variable the function reads");
        }
        for (String perTask : Arrays.asList("DOMAIN", "ORIGIN", "SECONDARY_ORIGIN", "TASK_NAME", "SCHEDULE")) {
            assertFalse(env.containsKey(perTask), perTask + " belongs in the registry's task documents");
        }
        Map<String, Object> http = SYamlTest.trigger(props, "http");
        assertTrue(((List<Object>) http.get("methods")).containsAll(Arrays.asList("GET", "POST", "PUT", "DELETE")));
    }

    @Test
    void sharesTheFunctionWithSYamlButNotItsName() {
        Map<String, String> singleEnv = new HashMap<>(ENV);
        singleEnv.put("DOMAIN", "www.example.com");
        singleEnv.put("ORIGIN", "https://203.0.113.10");
        singleEnv.put("SECONDARY_ORIGIN", "my-backup.oss-cn-hangzhou.aliyuncs.com");
        Map<String, Object> one = props(SYamlTest.resolved(single, singleEnv));
        Map<String, Object> many = props(SYamlTest.resolved(text, ENV));
        for (String key : Arrays.asList("runtime", "code", "handler", "role", "instanceLifecycleConfig", "memorySize",
                "timeout", "internetAccess")) {
            assertEquals(one.get(key), many.get(key), key);
        }
        assertNotEquals(one.get("functionName"), many.get("functionName"),
                "deploying the dispatcher must not replace the single-task function");
        assertFalse(single.contains("dispatch"), "s.yaml stays the single-task deployment");
    }

    @Test
    void serverlessDevsParsesItWithOnlyRegionAndRegistry(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        Files.copy(SharedReference.projectRoot().resolve("s.dispatcher.yaml"), copy.dir.resolve("s.dispatcher.yaml"));
        JsonObject missing = SYamlTest.parseFile(copy, "s.dispatcher.yaml", "deploy", "-y");
        assertFalse(missing.get("ok").getAsBoolean(), missing.toString());
        assertTrue(missing.get("error").getAsString().contains("not found"), missing.toString());

        Files.write(copy.dir.resolve(".env"), "REGION=cn-beijing\nREGISTRY=oss://ops/tasks/\n".getBytes(StandardCharsets.UTF_8));
        for (String[] command : new String[][] {{"deploy", "-y"}, {"invoke", "--event", "{\"action\":\"dispatch\"}"}}) {
            JsonObject r = SYamlTest.parseFile(copy, "s.dispatcher.yaml", command);
            assertTrue(r.get("ok").getAsBoolean(), String.join(" ", command) + ": " + r);
            JsonObject props = r.getAsJsonArray("steps").get(0).getAsJsonObject().getAsJsonObject("props");
            @SuppressWarnings("unchecked")
            Map<String, Object> asMap = new ObjectMapper().readValue(props.toString(), Map.class);
            assertTrue(SYamlTest.validate(asMap).isEmpty(), SYamlTest.validate(asMap).toString());
            assertEquals("cn-beijing", props.get("region").getAsString());
            assertEquals("cdn-secondary-origin-dispatcher", props.get("functionName").getAsString());
            assertEquals("acs:ram::1234567890123456:role/AliyunCDNServerlessDevsRole", props.get("role").getAsString());
            JsonObject vars = props.getAsJsonObject("environmentVariables");
            assertEquals("oss://ops/tasks/", vars.get("REGISTRY").getAsString());
            assertEquals("4", vars.get("MAX_PARALLEL_TASKS").getAsString());
            assertTrue(props.getAsJsonObject("asyncInvokeConfig").get("asyncTask").getAsBoolean());
        }
    }
}
