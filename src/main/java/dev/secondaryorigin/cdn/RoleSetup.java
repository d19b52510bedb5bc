package dev.secondaryorigin.cdn;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToRoleRequest;
import com.aliyuncs.ram.model.v20150501.CreatePolicyRequest;
import com.aliyuncs.ram.model.v20150501.CreateRoleRequest;
import com.aliyuncs.ram.model.v20150501.CreateRoleResponse;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyResponse;
import com.aliyuncs.ram.model.v20150501.GetRoleRequest;
import com.aliyuncs.ram.model.v20150501.GetRoleResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForRoleRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForRoleResponse;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Creates the RAM role the function runs as, the way the CDN console's "secondary origin" feature does:
 * {@value #ROLE_NAME}, trusted by Function Compute, with {@code AliyunFCFullAccess} and
 * {@code AliyunOSSFullAccess} attached, plus the custom policy {@value #CDN_POLICY_NAME} with the CDN calls those
 * do not grant; or, in least-privilege mode, with one custom policy that reaches only one bucket. The
 * policies come from {@link RamPermissions}. Idempotent: what exists is reported and kept. A dry run makes only read calls and
 * prints the calls it would make.
 */
public final class RoleSetup {
    public static final String ROLE_NAME = "AliyunCDNServerlessDevsRole";
    public static final String DESCRIPTION = "Serverless Devs Role for CDN Application";
    public static final List<String> SYSTEM_POLICIES =
            Collections.unmodifiableList(Arrays.asList("AliyunFCFullAccess", "AliyunOSSFullAccess"));
    public static final String TRUST_POLICY = "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"fc.aliyuncs.com\"]}}],\"Version\":\"1\"}";
    /** The custom policy the default role gets beside the full-access ones: the CDN calls they lack. */
    public static final String CDN_POLICY_NAME = "CdnSecondaryOrigin-Cdn";
    /** The least-privilege policy is this prefix and the bucket name. */
    public static final String LEAST_PRIVILEGE_PREFIX = "CdnSecondaryOrigin-";
    public static final String DEFAULT_ENDPOINT = "ram.aliyuncs.com";
    public static final String ENDPOINT_ENV = "RAM_ENDPOINT";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private final OpenApiClient client;

    private RoleSetup(OpenApiClient client) {
        this.client = client;
    }

    /**
     * Set-up with credentials from the standard variables (else the CLI profile) and the endpoint from {@code endpointFlag}
     * ({@code --ram-endpoint}), else {@value #ENDPOINT_ENV}, else {@value #DEFAULT_ENDPOINT}.
     */
    public static RoleSetup fromEnvironment(Map<String, String> env, String endpointFlag) {
        return new RoleSetup(OpenApiClient.fromEnvironment(env, endpointFlag, "--ram-endpoint", ENDPOINT_ENV,
                DEFAULT_ENDPOINT));
    }

    /** Name of the least-privilege custom policy for a bucket. */
    public static String leastPrivilegePolicyName(String bucket) {
        return LEAST_PRIVILEGE_PREFIX + checkBucket(bucket);
    }

    /**
     * The least-privilege runtime policy: the runtime features of {@link RamPermissions#RUNTIME} on one bucket
     * and every CDN domain of the account ({@code setup-role --print-policy --bucket NAME} prints it).
     */
    public static String leastPrivilegePolicyDocument(String bucket) {
        return leastPrivilegePolicyDocument(bucket, "*");
    }

    /** {@link #leastPrivilegePolicyDocument(String)} with the CDN calls scoped to {@code domain}. */
    public static String leastPrivilegePolicyDocument(String bucket, String domain) {
        checkBucket(bucket);
        return RamPermissions.checkedPolicy(RamPermissions.RUNTIME, bucket, domain);
    }

    /** The CDN policy of the default role (its full-access policies grant OSS and FC, not CDN). */
    public static String cdnPolicyDocument(String domain) {
        return RamPermissions.policy(RamPermissions.RUNTIME_CDN, null, RamPermissions.checkDomain(domain));
    }

    private static String checkBucket(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("--least-privilege needs an OSS bucket name (3-63 lowercase letters, "
                    + "digits and '-'), got \"" + bucket + "\"");
        }
        return bucket;
    }

    /**
     * Makes sure the role exists with its policies. {@code leastPrivilegeBucket} null = the console's
     * full-access system policies. Each step is reported to {@code out} as it happens.
     */
    public Report run(boolean dryRun, String leastPrivilegeBucket, Consumer<String> out) {
        return run(dryRun, leastPrivilegeBucket, "*", out);
    }

    /** {@link #run(boolean, String, Consumer)} with the CDN calls scoped to {@code domain} ({@code *}: every domain). */
    public Report run(boolean dryRun, String leastPrivilegeBucket, String domain, Consumer<String> out) {
        String customPolicy = leastPrivilegeBucket == null ? null : leastPrivilegePolicyName(leastPrivilegeBucket);
        String customDocument = leastPrivilegeBucket == null ? null
                : leastPrivilegePolicyDocument(leastPrivilegeBucket, domain);
        String cdnDocument = cdnPolicyDocument(domain);
        Report report = new Report(dryRun);
        out.accept((dryRun ? "Dry run: no changes will be made. " : "") + "RAM endpoint " + client.endpoint() + ", "
                + client.credentials() + ".");

        GetRoleResponse.Role existing = getRole();
        boolean roleExists = existing != null;
        if (roleExists) {
            report.roleArn = existing.getArn();
            report.step(out, "role " + ROLE_NAME + ": exists (" + existing.getArn() + "), not recreated");
            if (existing.getAssumeRolePolicyDocument() == null
                    || !existing.getAssumeRolePolicyDocument().contains("fc.aliyuncs.com")) {
                report.warn(out, "role " + ROLE_NAME + " is not trusted by fc.aliyuncs.com, so Function Compute "
                        + "cannot assume it: add \"fc.aliyuncs.com\" to its trust policy in the RAM console");
            }
        } else if (dryRun) {
            report.plan(out, "CreateRole RoleName=" + ROLE_NAME + " Description=\"" + DESCRIPTION
                    + "\" AssumeRolePolicyDocument=" + TRUST_POLICY);
        } else {
            CreateRoleRequest req = new CreateRoleRequest();
            req.setRoleName(ROLE_NAME);
            req.setDescription(DESCRIPTION);
            req.setAssumeRolePolicyDocument(TRUST_POLICY);
            try {
                CreateRoleResponse created = call(req, "CreateRole");
                report.roleArn = created.getRole().getArn();
                report.changed = true;
                report.step(out, "role " + ROLE_NAME + ": created (" + report.roleArn + ")");
            } catch (OpenApiFailure f) {
                if (!"EntityAlreadyExists.Role".equals(f.code())) {
                    throw f;
                }
                GetRoleResponse.Role r = getRole();
                report.roleArn = r == null ? null : r.getArn();
                report.step(out, "role " + ROLE_NAME + ": created meanwhile by someone else, kept");
            }
            roleExists = true;
        }

        List<String[]> wanted = new ArrayList<>();
        if (customPolicy != null) {
            ensureCustomPolicy(customPolicy, customDocument, dryRun, report, out);
            wanted.add(new String[] {"Custom", customPolicy});
        } else {
            for (String p : SYSTEM_POLICIES) {
                wanted.add(new String[] {"System", p});
            }
            // The full-access policies grant no CDN action; warm-up, URL sources and the guard need some.
            ensureCustomPolicy(CDN_POLICY_NAME, cdnDocument, dryRun, report, out);
            wanted.add(new String[] {"Custom", CDN_POLICY_NAME});
        }

        Set<String> attached = roleExists && existing != null ? attachedPolicies() : new LinkedHashSet<>();
        for (String[] p : wanted) {
            String label = p[0] + "/" + p[1];
            if (attached.contains(p[0] + ":" + p[1])) {
                report.step(out, "policy " + label + ": already attached");
                continue;
            }
            if (dryRun) {
                report.plan(out, "AttachPolicyToRole RoleName=" + ROLE_NAME + " PolicyType=" + p[0]
                        + " PolicyName=" + p[1]);
                continue;
            }
            AttachPolicyToRoleRequest req = new AttachPolicyToRoleRequest();
            req.setRoleName(ROLE_NAME);
            req.setPolicyType(p[0]);
            req.setPolicyName(p[1]);
            try {
                call(req, "AttachPolicyToRole");
                report.changed = true;
                report.step(out, "policy " + label + ": attached");
            } catch (OpenApiFailure f) {
                if (!"EntityAlreadyExists.Role.Policy".equals(f.code())) {
                    throw f;
                }
                report.step(out, "policy " + label + ": already attached");
            }
        }
        if (customPolicy != null) {
            for (String p : SYSTEM_POLICIES) {
                if (attached.contains("System:" + p)) {
                    report.warn(out, "role " + ROLE_NAME + " also has System/" + p + " attached, which grants more "
                            + "than the bucket: detach it in the RAM console to restrict the role");
                }
            }
        }
        out.accept(dryRun ? "Dry run done: " + report.planned.size() + " call(s) would change the account."
                : report.changed ? "Role ready." : "Role ready; nothing needed changing.");
        return report;
    }

    private void ensureCustomPolicy(String name, String document, boolean dryRun, Report report, Consumer<String> out) {
        GetPolicyRequest get = new GetPolicyRequest();
        get.setPolicyType("Custom");
        get.setPolicyName(name);
        GetPolicyResponse existing;
        try {
            existing = call(get, "GetPolicy");
        } catch (OpenApiFailure f) {
            if (!"EntityNotExist.Policy".equals(f.code())) {
                throw f;
            }
            existing = null;
        }
        if (existing != null) {
            String current = existing.getDefaultPolicyVersion() == null ? null
                    : existing.getDefaultPolicyVersion().getPolicyDocument();
            report.step(out, "policy Custom/" + name + ": exists, kept");
            if (current != null && !sameJson(current, document)) {
                report.warn(out, "policy Custom/" + name + " differs from the one this version expects; to update "
                        + "it, create a new default version in the RAM console with: " + document);
            }
            return;
        }
        if (dryRun) {
            report.plan(out, "CreatePolicy PolicyName=" + name + " PolicyDocument=" + document);
            return;
        }
        CreatePolicyRequest create = new CreatePolicyRequest();
        create.setPolicyName(name);
        create.setDescription(name.equals(CDN_POLICY_NAME) ? "cdn-secondary-origin CDN calls"
                : "cdn-secondary-origin runtime access to one bucket");
        create.setPolicyDocument(document);
        try {
            call(create, "CreatePolicy");
            report.changed = true;
            report.step(out, "policy Custom/" + name + ": created");
        } catch (OpenApiFailure f) {
            if (!"EntityAlreadyExists.Policy".equals(f.code())) {
                throw f;
            }
            report.step(out, "policy Custom/" + name + ": created meanwhile by someone else, kept");
        }
    }

    private static boolean sameJson(String a, String b) {
        try {
            JsonElement x = JsonParser.parseString(a);
            JsonElement y = JsonParser.parseString(b);
            return x.equals(y);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private GetRoleResponse.Role getRole() {
        GetRoleRequest req = new GetRoleRequest();
        req.setRoleName(ROLE_NAME);
        try {
            return this.<GetRoleResponse>call(req, "GetRole").getRole();
        } catch (OpenApiFailure f) {
            if ("EntityNotExist.Role".equals(f.code())) {
                return null;
            }
            throw f;
        }
    }

    private Set<String> attachedPolicies() {
        ListPoliciesForRoleRequest req = new ListPoliciesForRoleRequest();
        req.setRoleName(ROLE_NAME);
        ListPoliciesForRoleResponse r = call(req, "ListPoliciesForRole");
        Set<String> out = new LinkedHashSet<>();
        if (r.getPolicies() != null) {
            for (ListPoliciesForRoleResponse.Policy p : r.getPolicies()) {
                out.add(p.getPolicyType() + ":" + p.getPolicyName());
            }
        }
        return out;
    }

    private <T extends AcsResponse> T call(AcsRequest<T> request, String action) {
        return client.call(request, action);
    }

    /** What a run found, did, or (dry run) would do. */
    public static final class Report {
        private final boolean dryRun;
        private final List<String> steps = new ArrayList<>();
        private final List<String> planned = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private String roleArn;
        private boolean changed;

        private Report(boolean dryRun) {
            this.dryRun = dryRun;
        }

        private void step(Consumer<String> out, String s) {
            steps.add(s);
            out.accept(s);
        }

        private void plan(Consumer<String> out, String call) {
            planned.add(call);
            out.accept("would call " + call);
        }

        private void warn(Consumer<String> out, String s) {
            warnings.add(s);
            out.accept("warning: " + s);
        }

        public boolean dryRun() {
            return dryRun;
        }

        /** The role's ARN, or null when it does not exist (dry run on a fresh account). */
        public String roleArn() {
            return roleArn;
        }

        /** Whether this run changed the account. */
        public boolean changed() {
            return changed;
        }

        public List<String> steps() {
            return Collections.unmodifiableList(steps);
        }

        /** Calls a dry run would have made, e.g. {@code CreateRole RoleName=...}. */
        public List<String> planned() {
            return Collections.unmodifiableList(planned);
        }

        public List<String> warnings() {
            return Collections.unmodifiableList(warnings);
        }
    }
}
