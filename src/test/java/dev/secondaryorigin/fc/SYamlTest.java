package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.NodeTools;
import dev.secondaryorigin.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** s.yaml: parses, resolves its variables, and every fc3 resource's props validate against the fc3 schema. */
class SYamlTest {
    private static final Pattern EXPR = Pattern.compile("\\$\\{([^}]+)}");
    private static final Map<String, String> ENV = new HashMap<>();
    private static String text;
    private static JsonSchema schema;

    static {
        ENV.put("REGION", "cn-hangzhou");
        ENV.put("FUNCTION_NAME", "cdn-secondary-origin");
        ENV.put("DOMAIN", "www.example.com");
        ENV.put("ORIGIN", "https://203.0.113.10");
        ENV.put("SECONDARY_ORIGIN", "my-backup.oss-cn-hangzhou.aliyuncs.com");
        ENV.put("RESOURCE_TYPES", "all");
        ENV.put("TASK_NAME", "www.example.com");
        ENV.put("OSS_ENDPOINT", "oss-cn-hangzhou-internal.aliyuncs.com");
        ENV.put("HTTP_AUTH_TYPE", "function");
        ENV.put("SCHEDULE", "@every 60m");
    }

    @BeforeAll
    static void load() throws IOException {
        text = new String(Files.readAllBytes(SharedReference.projectRoot().resolve("s.yaml")), StandardCharsets.UTF_8);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode schemaNode = mapper.readTree(SharedReference.file("fc3-props.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resolved(String yamlText, Map<String, String> env) {
        Map<String, Object> doc = new Yaml().load(yamlText);
        Map<String, Object> vars = (Map<String, Object>) resolve(doc.get("vars"), env, Collections.emptyMap());
        return (Map<String, Object>) resolve(doc, env, vars);
    }

    @SuppressWarnings("unchecked")
    private static Object resolve(Object node, Map<String, String> env, Map<String, Object> vars) {
        if (node instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
                out.put(e.getKey(), resolve(e.getValue(), env, vars));
            }
            return out;
        }
        if (node instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<Object>) node) {
                out.add(resolve(o, env, vars));
            }
            return out;
        }
        if (!(node instanceof String)) {
            return node;
        }
        Matcher m = EXPR.matcher((String) node);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            String expr = m.group(1).trim();
            String value;
            Matcher env1 = Pattern.compile("env\\('([A-Z_]+)'(?:,\\s*'([^']*)')?\\)").matcher(expr);
            if (env1.matches()) {
                value = env.get(env1.group(1));
                if (value == null) {
                    value = env1.group(2);
                }
                if (value == null) {
                    fail("s.yaml reads environment variable " + env1.group(1) + " that the test fixture (and "
                            + "scripts/deploy.sh) does not know");
                }
            } else if (expr.equals("config('AccountID')")) {
                value = "1234567890123456";
            } else if (expr.startsWith("vars.")) {
                Object v = vars.get(expr.substring(5));
                if (v == null) {
                    fail("s.yaml uses ${" + expr + "} but vars has no " + expr.substring(5));
                }
                value = String.valueOf(v);
            } else {
                fail("s.yaml has an expression this test cannot resolve: ${" + expr + "}");
                return null;
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> doc) {
        Map<String, Object> resources = (Map<String, Object>) doc.get("resources");
        return (Map<String, Object>) ((Map<String, Object>) resources.get("secondary-origin")).get("props");
    }

    static List<String> validate(Map<String, Object> props) {
        JsonNode node = new ObjectMapper().valueToTree(props);
        Set<ValidationMessage> errors = schema.validate(node);
        List<String> out = new ArrayList<>();
        for (ValidationMessage e : errors) {
            out.add(e.getMessage());
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFc3ResourceValidatesAgainstTheSchema() {
        Map<String, Object> doc = resolved(text, ENV);
        assertEquals("3.0.0", doc.get("edition"));
        Map<String, Object> resources = (Map<String, Object>) doc.get("resources");
        assertFalse(resources.isEmpty());
        for (Map.Entry<String, Object> r : resources.entrySet()) {
            Map<String, Object> res = (Map<String, Object>) r.getValue();
            assertEquals("fc3", res.get("component"), r.getKey());
            List<String> errors = validate((Map<String, Object>) res.get("props"));
            assertTrue(errors.isEmpty(), "resource " + r.getKey() + " props do not match fc3-props.schema.json: " + errors);
        }
    }

    @Test
    void everyScheduleModeValidates() {
        for (String cron : Arrays.asList("@every 60m", "CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU",
                "CRON_TZ=Etc/GMT-8 0 30 4 1,15 * *", "0 0 19 * * *")) {
            Map<String, String> env = new HashMap<>(ENV);
            env.put("SCHEDULE", cron);
            Map<String, Object> props = props(resolved(text, env));
            assertTrue(validate(props).isEmpty(), cron);
            assertEquals(cron, trigger(props, "sync-timer").get("cronExpression"));
        }
        assertTrue(text.contains("'@every 60m'") && text.contains("'CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU'")
                && text.contains("'0 0 19 * * *'"), "the console's modes are documented side by side");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCommentedOutCdnEventsTriggerValidatesWhenEnabled() {
        int begin = text.lastIndexOf('\n', text.indexOf("# BEGIN cdn_events trigger")) + 1;
        int end = text.lastIndexOf('\n', text.indexOf("# END cdn_events trigger")) + 1;
        assertTrue(begin > 0 && end > begin, "s.yaml keeps the cdn_events trigger between BEGIN/END markers");
        StringBuilder enabled = new StringBuilder(text.substring(0, begin));
        for (String line : text.substring(begin, end).split("\n")) {
            Matcher m = Pattern.compile("^(\\s*)# (- .*|  .*)$").matcher(line);
            if (m.matches()) {
                enabled.append(m.group(1)).append(m.group(2)).append('\n');
            }
        }
        enabled.append(text.substring(end));
        Map<String, Object> props = props(resolved(enabled.toString(), ENV));
        List<String> errors = validate(props);
        assertTrue(errors.isEmpty(), errors.toString());
        Map<String, Object> cdn = null;
        for (Object t : (List<Object>) props.get("triggers")) {
            if ("cdn_events".equals(((Map<String, Object>) t).get("triggerType"))) {
                cdn = (Map<String, Object>) t;
            }
        }
        assertTrue(cdn != null, "uncommenting yields a cdn_events trigger");
        Map<String, Object> cfg = (Map<String, Object>) cdn.get("triggerConfig");
        assertEquals("LogFileCreated", cfg.get("eventName"));
        assertEquals(Collections.singletonList("www.example.com"), ((Map<String, Object>) cfg.get("filter")).get("domain"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionSettings() {
        Map<String, Object> props = props(resolved(text, ENV));
        assertEquals("java11", props.get("runtime"));
        assertEquals("./target/cdn-secondary-origin.jar", props.get("code"));
        assertEquals("dev.secondaryorigin.fc.SyncFunction::handleRequest", props.get("handler"));
        Map<String, Object> life = (Map<String, Object>) props.get("instanceLifecycleConfig");
        assertEquals("dev.secondaryorigin.fc.SyncFunction::initialize",
                ((Map<String, Object>) life.get("initializer")).get("handler"));
        assertEquals("dev.secondaryorigin.fc.SyncFunction::preStop",
                ((Map<String, Object>) life.get("preStop")).get("handler"));
        assertEquals("acs:ram::1234567890123456:role/AliyunCDNServerlessDevsRole", props.get("role"));
        // The handler strings name real methods of the FC interfaces.
        assertTrue(com.aliyun.fc.runtime.StreamRequestHandler.class.isAssignableFrom(SyncFunction.class));
        assertTrue(com.aliyun.fc.runtime.FunctionInitializer.class.isAssignableFrom(SyncFunction.class));
        assertTrue(com.aliyun.fc.runtime.PreStopHandler.class.isAssignableFrom(SyncFunction.class));
        assertEquals(Boolean.TRUE, props.get("internetAccess"));
        int timeout = (Integer) props.get("timeout");
        Duration budget = SyncBudget.forLimit(timeout * 1000L, Collections.emptyMap());
        assertEquals(Duration.ofSeconds(810), budget, "the pass keeps 10% of the 900 s timeout free");

        Map<String, Object> http = trigger(props, "http");
        assertEquals("function", http.get("authType"));
        assertEquals(Arrays.asList("GET", "POST"), http.get("methods"));
        Map<String, Object> guard = trigger(props, "guard-timer");
        assertEquals(Boolean.FALSE, guard.get("enable"));
        assertEquals("{\"action\":\"guard\"}", guard.get("payload"));
        assertEquals(Boolean.TRUE, trigger(props, "sync-timer").get("enable"));
        List<Object> preDeploy = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                resolved(text, ENV).get("resources")).get("secondary-origin")).get("actions")).get("pre-deploy");
        assertTrue(String.valueOf(preDeploy).contains("scripts/build.sh"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void environmentIsGeneratedFromTheOptionTable() throws IOException {
        assertTrue(text.contains(DeploymentEnvironment.sYamlBlock(8)),
                "s.yaml's environmentVariables block is out of date with TaskOptions.ALL; regenerate it with: "
                        + "scripts/regenerate.sh");
        String doc = new String(Files.readAllBytes(SharedReference.projectRoot().resolve("README.md")),
                StandardCharsets.UTF_8);
        assertTrue(doc.contains(DeploymentEnvironment.markdownTable()), "README.md's variable table is out of "
                + "date; regenerate it with: scripts/regenerate.sh");
        Map<String, Object> env = (Map<String, Object>) props(resolved(text, ENV)).get("environmentVariables");
        for (String name : env.keySet()) {
            assertTrue(DeploymentEnvironment.allNames().contains(name), name + " is not a variable the function reads");
        }
        for (String required : Arrays.asList("DOMAIN", "ORIGIN", "SECONDARY_ORIGIN", "RESOURCE_TYPES", "TASK_NAME")) {
            assertTrue(env.containsKey(required), required);
            assertFalse(String.valueOf(env.get(required)).isEmpty(), required);
        }
    }

    /**
     * What `s deploy`, `s invoke` and `s logs` see in a new shell after `scripts/deploy.sh --dry-run`: Serverless
     * Devs' own spec parser, nothing exported, only the .env the script wrote (and an access with an AccountID).
     */
    @Test
    @SuppressWarnings("unchecked")
    void serverlessDevsParsesItWithOnlyTheEnvFileDeployShWrites(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        Map<String, String> settings = DeployScriptTest.good();
        settings.put("SCHEDULE", "CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU");
        String[] dry = copy.deploy(settings, "--dry-run", "--env-file", "/dev/null");
        assertEquals("0", dry[0], dry[1]);
        for (String[] command : new String[][] {{"deploy", "-y"}, {"invoke", "--event-file", "scripts/events/status.json"},
                {"logs", "--tail"}}) {
            JsonObject r = parse(copy, command);
            assertTrue(r.get("ok").getAsBoolean(), String.join(" ", command) + ": " + r);
            JsonObject step = r.getAsJsonArray("steps").get(0).getAsJsonObject();
            assertEquals("fc3", step.get("component").getAsString());
            JsonObject props = step.getAsJsonObject("props");
            Map<String, Object> asMap = new ObjectMapper().readValue(props.toString(), Map.class);
            assertTrue(validate(asMap).isEmpty(), String.join(" ", command) + ": " + validate(asMap));
            assertEquals("cn-hangzhou", props.get("region").getAsString());
            assertEquals("cdn-secondary-origin", props.get("functionName").getAsString());
            assertEquals("acs:ram::1234567890123456:role/AliyunCDNServerlessDevsRole", props.get("role").getAsString());
            assertFalse(props.has("instanceConcurrency"), "java11 functions take no instanceConcurrency");
            JsonObject vars = props.getAsJsonObject("environmentVariables");
            assertEquals("www.example.com", vars.get("DOMAIN").getAsString());
            assertEquals("https://203.0.113.10", vars.get("ORIGIN").getAsString());
            assertEquals("my-backup.oss-cn-hangzhou.aliyuncs.com", vars.get("SECONDARY_ORIGIN").getAsString());
            assertEquals("www.example.com", vars.get("TASK_NAME").getAsString());
            assertEquals("oss-cn-hangzhou-internal.aliyuncs.com", vars.get("OSS_ENDPOINT").getAsString());
            assertEquals("function", vars.get("HTTP_AUTH_TYPE").getAsString());
            assertEquals("CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU", vars.get("SCHEDULE").getAsString());
            JsonObject timer = null;
            for (com.google.gson.JsonElement t : props.getAsJsonArray("triggers")) {
                if ("sync-timer".equals(t.getAsJsonObject().get("triggerName").getAsString())) {
                    timer = t.getAsJsonObject().getAsJsonObject("triggerConfig");
                }
            }
            assertEquals("CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU", timer.get("cronExpression").getAsString());
        }
    }

    @Test
    void withoutTheEnvFileServerlessDevsNamesTheMissingRequiredValue(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        JsonObject r = parse(copy, "invoke");
        assertFalse(r.get("ok").getAsBoolean(), r.toString());
        assertTrue(r.get("error").getAsString().contains("env('REGION') not found"), r.toString());
        // Only the four required values are needed; every other one has a default in s.yaml.
        Files.write(copy.dir.resolve(".env"), ("REGION=cn-beijing\nDOMAIN=d.example.com\nORIGIN=http://192.0.2.1\n"
                + "SECONDARY_ORIGIN=b.oss-cn-beijing.aliyuncs.com\n").getBytes(StandardCharsets.UTF_8));
        JsonObject ok = parse(copy, "deploy");
        assertTrue(ok.get("ok").getAsBoolean(), ok.toString());
        JsonObject props = ok.getAsJsonArray("steps").get(0).getAsJsonObject().getAsJsonObject("props");
        assertEquals("cdn-secondary-origin", props.get("functionName").getAsString());
        assertEquals("all", props.getAsJsonObject("environmentVariables").get("RESOURCE_TYPES").getAsString());
        assertEquals("@every 60m", props.getAsJsonObject("environmentVariables").get("SCHEDULE").getAsString());
    }

    private static JsonObject parse(DeployCopy copy, String... command) throws Exception {
        return parseFile(copy, "s.yaml", command);
    }

    /** What Serverless Devs' own spec parser makes of {@code file} in the copy for {@code s COMMAND -t file}. */
    static JsonObject parseFile(DeployCopy copy, String file, String... command) throws Exception {
        Map<String, String> env = new HashMap<>();
        // Serverless Devs takes an access from these three variables; the values are placeholders.
        env.put("AccountID", "1234567890123456");
        env.put("AccessKeyID", "placeholder-id");
        env.put("AccessKeySecret", "placeholder-not-a-secret");
        String[] args = new String[command.length + 1];
        args[0] = copy.dir.resolve(file).toString();
        System.arraycopy(command, 0, args, 1, command.length);
        String out = NodeTools.run(copy.home, env, "parse-s-yaml.js", args);
        String last = out.trim().substring(out.trim().lastIndexOf('\n') + 1);
        return JsonParser.parseString(last).getAsJsonObject();
    }

    @Test
    void theSchemaCheckCatchesMistakes() {
        Map<String, Object> props = props(resolved(text, ENV));
        props.put("runtime", "java17");
        props.put("memorySize", 100);
        List<String> errors = validate(props);
        assertTrue(errors.size() >= 2, errors.toString());

        Map<String, Object> noHandler = props(resolved(text, ENV));
        noHandler.remove("handler");
        assertFalse(validate(noHandler).isEmpty(), "a java11 function without handler is refused");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> trigger(Map<String, Object> props, String name) {
        for (Object t : (List<Object>) props.get("triggers")) {
            Map<String, Object> m = (Map<String, Object>) t;
            if (name.equals(m.get("triggerName"))) {
                return (Map<String, Object>) m.get("triggerConfig");
            }
        }
        fail("s.yaml has no trigger " + name);
        return null;
    }
}
