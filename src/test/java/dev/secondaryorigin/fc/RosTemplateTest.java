package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cdn.RoleSetup;
import dev.secondaryorigin.testing.NodeTools;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.SharedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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

/**
 * template.yml: an ROS template checked against the ROS resource specs published in the npm packages (run by
 * src/test/node/ros-validate.js), whose references all resolve and whose resources carry what they need.
 */
class RosTemplateTest {
    private static final Set<String> PSEUDO = new HashSet<>(Arrays.asList("ALIYUN::AccountId", "ALIYUN::Region",
            "ALIYUN::StackId", "ALIYUN::StackName", "ALIYUN::NoValue", "ALIYUN::TenantId"));
    /** Resource type → required properties (from the ROS resource references). */
    private static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();
    /** Resource type → attributes Fn::GetAtt may read, from the published ROS resource specs. */
    private static final Map<String, List<String>> ATTRIBUTES = new HashMap<>();
    /** What ros-validate.js found in template.yml. */
    private static JsonObject specCheck;
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!]+)}");

    static {
        REQUIRED.put("ALIYUN::RAM::Role", Arrays.asList("RoleName", "AssumeRolePolicyDocument"));
        REQUIRED.put("ALIYUN::OSS::Bucket", Arrays.asList("BucketName"));
        REQUIRED.put("ALIYUN::FC3::Function", Arrays.asList("FunctionName", "Handler", "Runtime"));
        REQUIRED.put("ALIYUN::FC3::Trigger", Arrays.asList("FunctionName", "TriggerName", "TriggerType", "TriggerConfig"));
    }

    private static Map<String, Object> doc;
    private static Map<String, Object> parameters;
    private static Map<String, Object> resources;
    private static Map<String, Object> conditions;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        specCheck = check(SharedReference.projectRoot().resolve("template.yml"));
        for (Map.Entry<String, com.google.gson.JsonElement> e : specCheck.getAsJsonObject("attributes").entrySet()) {
            List<String> attrs = new ArrayList<>();
            e.getValue().getAsJsonArray().forEach(a -> attrs.add(a.getAsString()));
            ATTRIBUTES.put(e.getKey(), attrs);
        }
        String text = new String(Files.readAllBytes(SharedReference.projectRoot().resolve("template.yml")),
                StandardCharsets.UTF_8);
        doc = new Yaml().load(text);
        parameters = (Map<String, Object>) doc.get("Parameters");
        resources = (Map<String, Object>) doc.get("Resources");
        conditions = (Map<String, Object>) doc.getOrDefault("Conditions", new HashMap<>());
    }

    static JsonObject check(Path template) throws Exception {
        Path home = Files.createTempDirectory("ros-check");
        try {
            String out = NodeTools.run(home, new HashMap<>(), "ros-validate.js", template.toString());
            return JsonParser.parseString(out.trim()).getAsJsonObject();
        } finally {
            SiteFiles.deleteTree(home);
        }
    }

    static List<String> problems(JsonObject result) {
        List<String> out = new ArrayList<>();
        result.getAsJsonArray("problems").forEach(p -> out.add(p.getAsString()));
        return out;
    }

    /** Every resource type, property name and value type against the specs in @alicloud/ros-cdk-{fc3,oss,ram}. */
    @Test
    void matchesThePublishedRosResourceSpecsForEveryParameterCombination() {
        assertTrue(problems(specCheck).isEmpty(), String.join("\n", problems(specCheck)));
        assertTrue(specCheck.getAsJsonArray("combinations").size() >= 8, specCheck.get("combinations").toString());
        assertTrue(ATTRIBUTES.containsKey("ALIYUN::FC3::Function"), ATTRIBUTES.keySet().toString());
    }

    @Test
    void theSpecCheckCatchesAnUnknownPropertyAWrongTypeAndAMissingReference(@TempDir Path tmp) throws Exception {
        String text = new String(Files.readAllBytes(SharedReference.projectRoot().resolve("template.yml")),
                StandardCharsets.UTF_8);
        String[][] mutations = {
            {"      WebsiteConfigurationV2:\n", "      WebsiteConfiguration:\n", "unknown property WebsiteConfiguration"},
            {"          SupportSubDir: 'true'\n", "          SupportSubDirectory: 'true'\n", "unknown property SupportSubDirectory"},
            {"      MemorySize: 2048\n", "      MemorySize: lots\n", "should be a number"},
            {"      InternetAccess: true\n", "      InternetAccess: 'yes'\n", "should be a boolean"},
            {"      FunctionName:\n        Ref: FunctionName\n", "      FunctionName:\n        Ref: CreateRole\n", "should be a string"},
            {"        - HttpTrigger\n        - UrlInternet\n", "        - HttpTrigger\n        - Url\n", "has no attribute Url"},
            {"    Type: ALIYUN::FC3::Trigger\n", "    Type: ALIYUN::FC3::Triggers\n", "is not in"},
        };
        for (String[] m : mutations) {
            assertTrue(text.contains(m[0]), "template.yml still has " + m[0]);
            Path bad = tmp.resolve("t" + m[2].hashCode() + ".yml");
            Files.write(bad, text.replaceFirst(java.util.regex.Pattern.quote(m[0]),
                    java.util.regex.Matcher.quoteReplacement(m[1])).getBytes(StandardCharsets.UTF_8));
            List<String> found = problems(check(bad));
            assertTrue(found.stream().anyMatch(p -> p.contains(m[2])), m[1].trim() + " is caught: " + found);
        }
    }

    @Test
    void leastPrivilegeWithoutTheCreatedRoleIsRefusedByARule() {
        int refused = 0;
        for (com.google.gson.JsonElement c : specCheck.getAsJsonArray("combinations")) {
            JsonObject combo = c.getAsJsonObject();
            JsonObject params = combo.getAsJsonObject("parameters");
            boolean bad = params.get("LeastPrivilege").getAsBoolean() && !params.get("CreateRole").getAsBoolean();
            assertEquals(bad, !combo.get("refusedBy").isJsonNull(), combo.toString());
            if (bad) {
                refused++;
                assertTrue(combo.getAsJsonObject("refusedBy").get("description").getAsString().contains("setup-role"));
            }
        }
        assertTrue(refused > 0);
    }

    @Test
    void header() {
        assertEquals("2015-09-01", doc.get("ROSTemplateFormatVersion"));
        for (String p : Arrays.asList("Domain", "Origin", "BucketName", "Schedule", "ResourceTypes", "LeastPrivilege",
                "CreateBucket")) {
            assertTrue(parameters.containsKey(p), "parameter " + p);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resourceTypesAndRequiredProperties() {
        assertTrue(resources.size() >= 5);
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, Object> e : resources.entrySet()) {
            Map<String, Object> r = (Map<String, Object>) e.getValue();
            String type = (String) r.get("Type");
            assertTrue(REQUIRED.containsKey(type), e.getKey() + " has type " + type + ", not one of " + REQUIRED.keySet());
            used.add(type);
            Map<String, Object> props = (Map<String, Object>) r.get("Properties");
            for (String p : REQUIRED.get(type)) {
                assertTrue(props != null && props.get(p) != null, e.getKey() + " (" + type + ") lacks required " + p);
            }
            Object condition = r.get("Condition");
            if (condition != null) {
                assertTrue(conditions.containsKey(condition), e.getKey() + " names unknown condition " + condition);
            }
        }
        assertEquals(REQUIRED.keySet(), used, "every resource type is used");
    }

    @Test
    void everyReferenceResolves() {
        List<String> problems = new ArrayList<>();
        walk(resources, "Resources", problems);
        walk(doc.get("Outputs"), "Outputs", problems);
        walk(conditions, "Conditions", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionAndTriggersMatchSYaml() {
        Map<String, Object> fn = (Map<String, Object>) ((Map<String, Object>) resources.get("Function")).get("Properties");
        assertEquals("java11", fn.get("Runtime"));
        assertEquals("dev.secondaryorigin.fc.SyncFunction::handleRequest", fn.get("Handler"));
        assertEquals(Boolean.TRUE, fn.get("InternetAccess"));
        Map<String, Object> env = (Map<String, Object>) fn.get("EnvironmentVariables");
        for (String name : env.keySet()) {
            assertTrue(DeploymentEnvironment.allNames().contains(name), name + " is not a variable the function reads");
        }
        assertFalse(env.containsKey(DeploymentEnvironment.JVM_OPTIONS_ENV),
                "the function's JVM runs with its default compilers, as s.yaml's does");
        Map<String, Object> role = (Map<String, Object>) ((Map<String, Object>) resources.get("Role")).get("Properties");
        assertEquals(RoleSetup.ROLE_NAME, role.get("RoleName"));
        assertEquals(RoleSetup.DESCRIPTION, role.get("Description"));
        assertEquals(JsonParser.parseString(RoleSetup.TRUST_POLICY),
                new com.google.gson.Gson().toJsonTree(role.get("AssumeRolePolicyDocument")));
        String text = String.valueOf(role.get("PolicyAttachments"));
        assertTrue(text.contains("AliyunFCFullAccess") && text.contains("AliyunOSSFullAccess"), text);

        Map<String, Object> http = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                resources.get("HttpTrigger")).get("Properties")).get("TriggerConfig");
        assertEquals(Arrays.asList("GET", "POST"), http.get("methods"));
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String path, List<String> problems) {
        if (node instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
                String k = e.getKey();
                Object v = e.getValue();
                String here = path + "." + k;
                switch (k) {
                    case "Ref":
                        if (!(v instanceof String) || !(parameters.containsKey(v) || resources.containsKey(v)
                                || PSEUDO.contains(v))) {
                            problems.add(here + ": Ref " + v + " is no parameter, resource or pseudo parameter");
                        }
                        break;
                    case "Fn::GetAtt":
                        checkGetAtt(v, here, problems);
                        break;
                    case "Fn::Sub":
                        checkSub(v, here, problems);
                        break;
                    case "Fn::If":
                        if (!(v instanceof List) || ((List<Object>) v).size() != 3
                                || !conditions.containsKey(((List<Object>) v).get(0))) {
                            problems.add(here + ": Fn::If needs [known condition, then, else], got " + v);
                        }
                        break;
                    case "DependsOn":
                        for (Object d : v instanceof List ? (List<Object>) v : Arrays.asList(v)) {
                            if (!resources.containsKey(d)) {
                                problems.add(here + ": depends on unknown resource " + d);
                            }
                        }
                        break;
                    default:
                        break;
                }
                walk(v, here, problems);
            }
        } else if (node instanceof List) {
            int i = 0;
            for (Object o : (List<Object>) node) {
                walk(o, path + "[" + i++ + "]", problems);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkGetAtt(Object v, String here, List<String> problems) {
        if (!(v instanceof List) || ((List<Object>) v).size() != 2) {
            problems.add(here + ": Fn::GetAtt needs [resource, attribute], got " + v);
            return;
        }
        Object target = ((List<Object>) v).get(0);
        Object attr = ((List<Object>) v).get(1);
        Map<String, Object> r = (Map<String, Object>) resources.get(target);
        if (r == null) {
            problems.add(here + ": Fn::GetAtt of unknown resource " + target);
            return;
        }
        List<String> attrs = ATTRIBUTES.get(r.get("Type"));
        if (attrs == null || !attrs.contains(attr)) {
            problems.add(here + ": " + r.get("Type") + " has no attribute " + attr + " (known: " + attrs + ")");
        }
    }

    private static void checkSub(Object v, String here, List<String> problems) {
        Object template = v instanceof List ? ((List<?>) v).get(0) : v;
        if (!(template instanceof String)) {
            problems.add(here + ": Fn::Sub needs a string, got " + v);
            return;
        }
        Matcher m = SUB.matcher((String) template);
        while (m.find()) {
            String name = m.group(1);
            String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (!(parameters.containsKey(name) || PSEUDO.contains(name) || resources.containsKey(base))) {
                problems.add(here + ": Fn::Sub refers to unknown ${" + name + "}");
            }
        }
    }
}
