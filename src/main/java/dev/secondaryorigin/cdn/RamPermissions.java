package dev.secondaryorigin.cdn;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The RAM actions each feature calls, in one table. The policy files in {@code scripts/ram/}, the template's
 * policies, {@code setup-role --least-privilege}, {@code setup-role --print-policy} and the README's lists are
 * generated from it ({@link PermissionDocs}); {@code RamPermissionsTest} runs each feature against the
 * emulators and fails when it calls an action its row does not grant.
 *
 * <p>Resources follow each service's RAM reference: OSS bucket-level actions on {@code acs:oss:*:*:BUCKET},
 * object-level ones on {@code acs:oss:*:*:BUCKET/*}; CDN domain actions on {@code acs:cdn:*:*:domain/DOMAIN},
 * account-level CDN actions (the refresh quota) on {@code *}; RAM on the role and policy ARNs.
 */
public final class RamPermissions {
    /** What the user turns on or runs; each needs its own actions. */
    public enum Feature {
        SYNC("sync to OSS", "every pass: objects, staging and publish (CopyObject), previous versions, multipart"),
        STATE("state", "manifest, checkpoint, lease, reports under .secondary-origin/; status, verify, rollback"),
        WARMUP("warm-up", "--warmup / WARMUP=true"),
        TOP_URLS("top URLs", "--top-urls / TOP_URLS=true"),
        CDN_LOGS("CDN logs", "--cdn-logs-hours / CDN_LOGS_HOURS, the cdn-logs trigger"),
        GUARD("guard", "the L7 origin guard (guard-timer trigger, guard command)"),
        FUNCTION_LOGS("function logs", "logConfig in s.yaml: the function's log lines in Simple Log Service"),
        ATTACH("attach/detach", "attach-origin, detach-origin (with --private-bucket: the CDN's OSS authorisation)"),
        PREPARE_BUCKET("prepare-bucket", "static-website index document, optional versioning"),
        SETUP_ROLE("setup-role", "creates the role and its policies"),
        DISPATCHER("dispatcher", "the dispatcher deployment (s.dispatcher.yaml, template.dispatcher.yml): one asynchronous "
                + "invocation of the function itself per due task");

        private final String label;
        private final String when;

        Feature(String label, String when) {
            this.label = label;
            this.when = when;
        }

        public String label() {
            return label;
        }

        public String when() {
            return when;
        }
    }

    /** Which resource a grant is on. */
    public enum Scope {
        BUCKET, OBJECTS, CDN_DOMAIN, ACCOUNT, ROLE, POLICY, LOGSTORE, FUNCTION
    }

    /** One row: a feature calls an action on a resource, for a reason. */
    public static final class Grant {
        public final Feature feature;
        public final String action;
        public final Scope scope;
        public final String why;

        Grant(Feature feature, String action, Scope scope, String why) {
            this.feature = feature;
            this.action = action;
            this.scope = scope;
            this.why = why;
        }
    }

    /** The runtime features: what the function's role needs. */
    public static final Set<Feature> RUNTIME = Collections.unmodifiableSet(EnumSet.of(Feature.SYNC, Feature.STATE,
            Feature.WARMUP, Feature.TOP_URLS, Feature.CDN_LOGS, Feature.GUARD, Feature.FUNCTION_LOGS));
    /** The CDN part of the runtime features: what the console's full-access policies do not grant. */
    public static final Set<Feature> RUNTIME_CDN = Collections.unmodifiableSet(EnumSet.of(Feature.WARMUP,
            Feature.TOP_URLS, Feature.CDN_LOGS, Feature.GUARD));

    public static final List<Grant> TABLE;

    static {
        List<Grant> t = new ArrayList<>();
        Feature f = Feature.SYNC;
        t.add(new Grant(f, "oss:GetObject", Scope.OBJECTS, "HEAD/GET objects; the source of CopyObject"));
        t.add(new Grant(f, "oss:PutObject", Scope.OBJECTS,
                "PUT, multipart upload, CopyObject/UploadPartCopy into staging/, into place and into previous/"));
        t.add(new Grant(f, "oss:PutObjectAcl", Scope.OBJECTS, "state objects are written with x-oss-object-acl: private"));
        t.add(new Grant(f, "oss:DeleteObject", Scope.OBJECTS, "staged objects after publish, pruned objects"));
        t.add(new Grant(f, "oss:AbortMultipartUpload", Scope.OBJECTS, "a multipart upload that failed"));
        t.add(new Grant(f, "oss:ListObjects", Scope.BUCKET, "stale staging/ and expired previous/ prefixes"));
        f = Feature.STATE;
        t.add(new Grant(f, "oss:GetObject", Scope.OBJECTS, "manifest, checkpoint, lease, reports"));
        t.add(new Grant(f, "oss:PutObject", Scope.OBJECTS, "manifest, checkpoint, lease, reports"));
        t.add(new Grant(f, "oss:PutObjectAcl", Scope.OBJECTS, "state objects are private"));
        t.add(new Grant(f, "oss:DeleteObject", Scope.OBJECTS, "checkpoint and lease when a pass ends"));
        t.add(new Grant(f, "oss:ListObjects", Scope.BUCKET, "status lists the tasks and reports"));
        f = Feature.WARMUP;
        t.add(new Grant(f, "cdn:DescribeRefreshQuota", Scope.ACCOUNT, "the remaining daily preload quota (account-level)"));
        t.add(new Grant(f, "cdn:PushObjectCache", Scope.CDN_DOMAIN, "prefetch the stored URLs"));
        f = Feature.TOP_URLS;
        t.add(new Grant(f, "cdn:DescribeDomainTopUrlVisit", Scope.CDN_DOMAIN, "the most visited URLs"));
        f = Feature.CDN_LOGS;
        t.add(new Grant(f, "cdn:DescribeCdnDomainLogs", Scope.CDN_DOMAIN, "the offline log files of the last hours"));
        f = Feature.GUARD;
        t.add(new Grant(f, "cdn:DescribeCdnDomainDetail", Scope.CDN_DOMAIN, "the domain's origins"));
        t.add(new Grant(f, "cdn:ModifyCdnDomain", Scope.CDN_DOMAIN, "swap origin priorities"));
        t.add(new Grant(f, "oss:GetObject", Scope.OBJECTS, "guard.json, the last complete pass"));
        t.add(new Grant(f, "oss:PutObject", Scope.OBJECTS, "guard.json and its lease"));
        t.add(new Grant(f, "oss:PutObjectAcl", Scope.OBJECTS, "guard.json is private"));
        t.add(new Grant(f, "oss:DeleteObject", Scope.OBJECTS, "the guard's lease"));
        f = Feature.FUNCTION_LOGS;
        t.add(new Grant(f, "log:PostLogStoreLogs", Scope.LOGSTORE, "the function's JSON log lines (logConfig)"));
        f = Feature.ATTACH;
        t.add(new Grant(f, "cdn:DescribeCdnDomainDetail", Scope.CDN_DOMAIN, "read the domain's origins"));
        t.add(new Grant(f, "cdn:ModifyCdnDomain", Scope.CDN_DOMAIN, "write them back with or without the bucket"));
        t.add(new Grant(f, "cdn:DescribeCdnDomainConfigs", Scope.CDN_DOMAIN, "--private-bucket: the current l2_oss_key"));
        t.add(new Grant(f, "cdn:BatchSetCdnDomainConfig", Scope.CDN_DOMAIN, "--private-bucket: turn on l2_oss_key"));
        f = Feature.PREPARE_BUCKET;
        t.add(new Grant(f, "oss:GetBucketWebsite", Scope.BUCKET, "read the static-website settings"));
        t.add(new Grant(f, "oss:PutBucketWebsite", Scope.BUCKET, "index document with sub-directory support"));
        t.add(new Grant(f, "oss:GetBucketVersioning", Scope.BUCKET, "--versioning: read it"));
        t.add(new Grant(f, "oss:PutBucketVersioning", Scope.BUCKET, "--versioning: turn it on"));
        f = Feature.SETUP_ROLE;
        t.add(new Grant(f, "ram:GetRole", Scope.ROLE, "does the role exist"));
        t.add(new Grant(f, "ram:CreateRole", Scope.ROLE, "create it"));
        t.add(new Grant(f, "ram:ListPoliciesForRole", Scope.ROLE, "what is attached"));
        t.add(new Grant(f, "ram:AttachPolicyToRole", Scope.ROLE, "attach the policies (on the role and the policy)"));
        t.add(new Grant(f, "ram:AttachPolicyToRole", Scope.POLICY, "attach the policies (on the role and the policy)"));
        t.add(new Grant(f, "ram:GetPolicy", Scope.POLICY, "does the custom policy exist"));
        t.add(new Grant(f, "ram:CreatePolicy", Scope.POLICY, "create the custom policy"));
        f = Feature.DISPATCHER;
        t.add(new Grant(f, "fc:InvokeFunction", Scope.FUNCTION, "start one asynchronous run per due task"));
        TABLE = Collections.unmodifiableList(t);
    }

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern DOMAIN = Pattern.compile("\\*|\\*?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private RamPermissions() {
    }

    /** The actions a set of features needs, sorted. */
    public static Set<String> actions(Set<Feature> features) {
        Set<String> out = new TreeSet<>();
        for (Grant g : TABLE) {
            if (features.contains(g.feature)) {
                out.add(g.action);
            }
        }
        return out;
    }

    /** The resource ARN of a scope; {@code bucket} and {@code domain} may be template expressions. */
    public static String resource(Scope scope, String bucket, String domain) {
        return resource(scope, bucket, domain, "*");
    }

    /** {@link #resource(Scope, String, String)} with the function a {@link Scope#FUNCTION} grant is on. */
    public static String resource(Scope scope, String bucket, String domain, String function) {
        switch (scope) {
            case BUCKET:
                return "acs:oss:*:*:" + bucket;
            case OBJECTS:
                return "acs:oss:*:*:" + bucket + "/*";
            case CDN_DOMAIN:
                return "acs:cdn:*:*:domain/" + domain;
            case ACCOUNT:
                return "*";
            case ROLE:
                return "acs:ram:*:*:role/" + RoleSetup.ROLE_NAME;
            case POLICY:
                return "acs:ram:*:*:policy/*";
            case LOGSTORE:
                return "acs:log:*:*:project/*/logstore/*";
            case FUNCTION:
                return "acs:fc:*:*:functions/" + function;
            default:
                throw new IllegalArgumentException(scope.name());
        }
    }

    /**
     * The policy document for {@code features}: one statement per service and resource set, actions sorted.
     * {@code bucket} null leaves the OSS grants out (for a role that has OSS access from elsewhere);
     * {@code domain} may be {@code *} (every CDN domain of the account).
     */
    public static String policy(Set<Feature> features, String bucket, String domain) {
        return new GsonBuilder().setPrettyPrinting().create().toJson(policyJson(features, bucket, domain)) + "\n";
    }

    /** {@link #policy} checking a user-given bucket and domain first. */
    public static String checkedPolicy(Set<Feature> features, String bucket, String domain) {
        boolean oss = false;
        for (Grant g : TABLE) {
            oss |= features.contains(g.feature) && (g.scope == Scope.BUCKET || g.scope == Scope.OBJECTS);
        }
        if (oss && (bucket == null || !BUCKET.matcher(bucket).matches())) {
            throw new IllegalArgumentException("--bucket needs an OSS bucket name (3-63 lowercase letters, digits and "
                    + "'-'), got \"" + bucket + "\"");
        }
        return policy(features, bucket, checkDomain(domain));
    }

    /** A user-given CDN domain for a policy's resources: a host name, or {@code *} for every domain. */
    public static String checkDomain(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("--domain needs a CDN domain such as www.example.com (or * for every "
                    + "domain of the account), got \"" + domain + "\"");
        }
        return domain;
    }

    public static JsonObject policyJson(Set<Feature> features, String bucket, String domain) {
        return policyJson(features, bucket, domain, "*");
    }

    /** {@link #policyJson(Set, String, String)} with the function a {@link Scope#FUNCTION} grant is on. */
    public static JsonObject policyJson(Set<Feature> features, String bucket, String domain, String function) {
        // service + resources -> actions, in table order of first appearance
        Map<String, Set<String>> byResources = new LinkedHashMap<>();
        Map<String, Set<String>> resourcesOf = new LinkedHashMap<>();
        Map<String, Set<String>> scopesOfAction = new LinkedHashMap<>();
        for (Grant g : TABLE) {
            boolean oss = g.scope == Scope.BUCKET || g.scope == Scope.OBJECTS;
            if (features.contains(g.feature) && !(oss && bucket == null)) {
                scopesOfAction.computeIfAbsent(g.action, k -> new TreeSet<>()).add(resource(g.scope, bucket, domain, function));
            }
        }
        for (Map.Entry<String, Set<String>> e : scopesOfAction.entrySet()) {
            String key = e.getKey().substring(0, e.getKey().indexOf(':')) + " " + e.getValue();
            byResources.computeIfAbsent(key, k -> new TreeSet<>()).add(e.getKey());
            resourcesOf.put(key, e.getValue());
        }
        JsonArray statements = new JsonArray();
        for (Map.Entry<String, Set<String>> e : byResources.entrySet()) {
            JsonObject s = new JsonObject();
            s.addProperty("Effect", "Allow");
            JsonArray a = new JsonArray();
            e.getValue().forEach(a::add);
            s.add("Action", a);
            JsonArray r = new JsonArray();
            resourcesOf.get(e.getKey()).forEach(r::add);
            s.add("Resource", r);
            statements.add(s);
        }
        JsonObject doc = new JsonObject();
        doc.addProperty("Version", "1");
        doc.add("Statement", statements);
        return doc;
    }

    /** Parses {@code sync,warmup,...} (labels or enum names, case-insensitive; {@code runtime} = all runtime ones). */
    public static Set<Feature> parseFeatures(String list) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        for (String raw : list.split(",")) {
            String name = raw.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
            if (name.equals("RUNTIME")) {
                out.addAll(RUNTIME);
                continue;
            }
            try {
                out.add(Feature.valueOf(name));
            } catch (IllegalArgumentException e) {
                List<String> names = new ArrayList<>();
                for (Feature f : Feature.values()) {
                    names.add(f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                }
                throw new IllegalArgumentException("--features takes runtime or a comma-separated list of "
                        + String.join(", ", names) + "; got \"" + raw.trim() + "\"");
            }
        }
        return out;
    }

    /** Every feature, in table order. */
    public static List<Feature> features() {
        return Arrays.asList(Feature.values());
    }
}
