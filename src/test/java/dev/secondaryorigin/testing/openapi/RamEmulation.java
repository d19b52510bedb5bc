package dev.secondaryorigin.testing.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RAM actions role set-up uses, answered from an in-memory account: GetRole, CreateRole,
 * AttachPolicyToRole, ListPoliciesForRole, CreatePolicy, GetPolicy. System policies
 * {@code AliyunFCFullAccess}, {@code AliyunOSSFullAccess} and {@code AliyunLogFullAccess} exist from the start.
 * Error codes and HTTP statuses follow the service's ({@code EntityNotExist.Role} 404,
 * {@code EntityAlreadyExists.Role} 409, ...).
 */
public final class RamEmulation {
    public static final String ACCOUNT_ID = "1234567890123456";

    private final Map<String, JsonObject> roles = new LinkedHashMap<>();
    private final Map<String, JsonObject> policies = new LinkedHashMap<>();
    private final Map<String, List<String>> attachments = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(300000000000000000L);

    private RamEmulation() {
        for (String p : new String[] {"AliyunFCFullAccess", "AliyunOSSFullAccess", "AliyunLogFullAccess"}) {
            policies.put("System:" + p, policy(p, "System", "System policy " + p,
                    "{\"Version\":\"1\",\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Resource\":\"*\"}]}"));
        }
    }

    /** Installs the RAM actions on an emulator and returns the account behind them. */
    public static RamEmulation install(OpenApiEmulator emulator) {
        RamEmulation ram = new RamEmulation();
        emulator.handle("GetRole", ram::getRole)
                .handle("CreateRole", ram::createRole)
                .handle("AttachPolicyToRole", ram::attachPolicyToRole)
                .handle("ListPoliciesForRole", ram::listPoliciesForRole)
                .handle("CreatePolicy", ram::createPolicy)
                .handle("GetPolicy", ram::getPolicy);
        return ram;
    }

    /** Seeds a role, as if someone created it earlier. */
    public synchronized RamEmulation addRole(String name, String trustPolicy, String description) {
        roles.put(name, role(name, trustPolicy, description));
        return this;
    }

    public synchronized RamEmulation addAttachment(String role, String policyType, String policyName) {
        attachments.computeIfAbsent(role, k -> new ArrayList<>()).add(policyType + ":" + policyName);
        return this;
    }

    public synchronized boolean hasRole(String name) {
        return roles.containsKey(name);
    }

    public synchronized JsonObject role(String name) {
        return roles.get(name);
    }

    /** "Type:Name" of each policy attached to the role, in attach order. */
    public synchronized List<String> attachedPolicies(String role) {
        return new ArrayList<>(attachments.getOrDefault(role, new ArrayList<>()));
    }

    /** The document of a custom policy, or null. */
    public synchronized String customPolicyDocument(String name) {
        JsonObject p = policies.get("Custom:" + name);
        return p == null ? null : p.get("PolicyDocument").getAsString();
    }

    private synchronized JsonObject getRole(RecordedCall c) {
        JsonObject role = roles.get(required(c, "RoleName"));
        if (role == null) {
            throw OpenApiError.notFound("EntityNotExist.Role", "The role not exists: " + c.param("RoleName") + ".");
        }
        return wrap("Role", role);
    }

    private synchronized JsonObject createRole(RecordedCall c) {
        String name = required(c, "RoleName");
        String doc = required(c, "AssumeRolePolicyDocument");
        if (roles.containsKey(name)) {
            throw OpenApiError.conflict("EntityAlreadyExists.Role", "The role already exists: " + name + ".");
        }
        if (!doc.trim().startsWith("{")) {
            throw OpenApiError.badRequest("MalformedPolicyDocument", "The policy document is malformed.");
        }
        JsonObject role = role(name, doc, c.param("Description"));
        roles.put(name, role);
        return wrap("Role", role);
    }

    private synchronized JsonObject attachPolicyToRole(RecordedCall c) {
        String type = required(c, "PolicyType");
        String policy = required(c, "PolicyName");
        String role = required(c, "RoleName");
        if (!type.equals("System") && !type.equals("Custom")) {
            throw OpenApiError.badRequest("InvalidParameter.PolicyType", "The parameter PolicyType is invalid.");
        }
        if (!roles.containsKey(role)) {
            throw OpenApiError.notFound("EntityNotExist.Role", "The role not exists: " + role + ".");
        }
        if (!policies.containsKey(type + ":" + policy)) {
            throw OpenApiError.notFound("EntityNotExist.Policy", "The policy not exists: " + policy + ".");
        }
        List<String> list = attachments.computeIfAbsent(role, k -> new ArrayList<>());
        if (list.contains(type + ":" + policy)) {
            throw OpenApiError.conflict("EntityAlreadyExists.Role.Policy",
                    "The policy already attached to the role: " + policy + ".");
        }
        list.add(type + ":" + policy);
        return new JsonObject();
    }

    private synchronized JsonObject listPoliciesForRole(RecordedCall c) {
        String role = required(c, "RoleName");
        if (!roles.containsKey(role)) {
            throw OpenApiError.notFound("EntityNotExist.Role", "The role not exists: " + role + ".");
        }
        JsonArray list = new JsonArray();
        for (String key : attachments.getOrDefault(role, new ArrayList<>())) {
            JsonObject p = policies.get(key);
            JsonObject item = new JsonObject();
            item.addProperty("PolicyName", p.get("PolicyName").getAsString());
            item.addProperty("PolicyType", p.get("PolicyType").getAsString());
            item.addProperty("Description", p.get("Description").getAsString());
            item.addProperty("DefaultVersion", "v1");
            item.addProperty("AttachDate", now());
            list.add(item);
        }
        JsonObject wrapper = new JsonObject();
        wrapper.add("Policy", list);
        return wrap("Policies", wrapper);
    }

    private synchronized JsonObject createPolicy(RecordedCall c) {
        String name = required(c, "PolicyName");
        String doc = required(c, "PolicyDocument");
        if (policies.containsKey("Custom:" + name)) {
            throw OpenApiError.conflict("EntityAlreadyExists.Policy", "The policy already exists: " + name + ".");
        }
        try {
            com.google.gson.JsonParser.parseString(doc).getAsJsonObject().get("Statement").getAsJsonArray();
        } catch (RuntimeException e) {
            throw OpenApiError.badRequest("MalformedPolicyDocument", "The policy document is malformed.");
        }
        JsonObject p = policy(name, "Custom", c.param("Description") == null ? "" : c.param("Description"), doc);
        policies.put("Custom:" + name, p);
        JsonObject out = p.deepCopy();
        out.remove("PolicyDocument");
        out.remove("AttachmentCount");
        return wrap("Policy", out);
    }

    private synchronized JsonObject getPolicy(RecordedCall c) {
        String type = required(c, "PolicyType");
        String name = required(c, "PolicyName");
        JsonObject p = policies.get(type + ":" + name);
        if (p == null) {
            throw OpenApiError.notFound("EntityNotExist.Policy", "The policy not exists: " + name + ".");
        }
        JsonObject out = wrap("Policy", p.deepCopy());
        JsonObject version = new JsonObject();
        version.addProperty("VersionId", "v1");
        version.addProperty("IsDefaultVersion", true);
        version.addProperty("PolicyDocument", p.get("PolicyDocument").getAsString());
        version.addProperty("CreateDate", p.get("CreateDate").getAsString());
        out.add("DefaultPolicyVersion", version);
        return out;
    }

    private JsonObject role(String name, String doc, String description) {
        JsonObject r = new JsonObject();
        r.addProperty("RoleId", String.valueOf(ids.incrementAndGet()));
        r.addProperty("RoleName", name);
        r.addProperty("Arn", "acs:ram::" + ACCOUNT_ID + ":role/" + name.toLowerCase(java.util.Locale.ROOT));
        r.addProperty("Description", description == null ? "" : description);
        r.addProperty("AssumeRolePolicyDocument", doc);
        r.addProperty("CreateDate", now());
        r.addProperty("UpdateDate", now());
        r.addProperty("MaxSessionDuration", 3600);
        return r;
    }

    private static JsonObject policy(String name, String type, String description, String doc) {
        JsonObject p = new JsonObject();
        p.addProperty("PolicyName", name);
        p.addProperty("PolicyType", type);
        p.addProperty("Description", description);
        p.addProperty("DefaultVersion", "v1");
        p.addProperty("PolicyDocument", doc);
        p.addProperty("AttachmentCount", 0);
        p.addProperty("CreateDate", now());
        p.addProperty("UpdateDate", now());
        return p;
    }

    private static String required(RecordedCall c, String name) {
        String v = c.param(name);
        if (v == null || v.isEmpty()) {
            throw OpenApiError.badRequest("MissingParameter", "The input parameter \"" + name
                    + "\" that is mandatory for processing this request is not supplied.");
        }
        return v;
    }

    private static JsonObject wrap(String key, JsonObject value) {
        JsonObject o = new JsonObject();
        o.add(key, value);
        return o;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
