package dev.secondaryorigin.fc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.RamPermissions;
import dev.secondaryorigin.cdn.RamPermissions.Feature;
import dev.secondaryorigin.cdn.RamPermissions.Grant;
import dev.secondaryorigin.cdn.RoleSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything generated from {@link RamPermissions#TABLE}: the ready-to-paste policy files in
 * {@code scripts/ram/}, the role's policies in {@code template.yml} and {@code template.dispatcher.yml} and the
 * README's permission table.
 * {@code PermissionDocsTest} fails when a checked-in copy is stale; rewrite them with
 * {@code scripts/regenerate.sh}. A build-time generator: test scope, not in the function's code package.
 */
public final class PermissionDocs {
    static final String TEMPLATE_BEGIN = "      # BEGIN generated from RamPermissions by PermissionDocs --update\n";
    static final String TEMPLATE_END = "      # END generated policies\n";
    static final String README_BEGIN = "<!-- BEGIN generated from RamPermissions by PermissionDocs --update -->\n";
    static final String README_END = "<!-- END generated permissions -->\n";
    static final String DISPATCHER_CDN_POLICY_NAME = "CdnSecondaryOrigin-DispatcherCdn";
    static final String DISPATCH_POLICY_PREFIX = "CdnSecondaryOrigin-Dispatch-";

    private PermissionDocs() {
    }

    /** scripts/ram/NAME → content: only policies without a bucket, so none keeps a placeholder. */
    public static Map<String, String> policyFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("scripts/ram/setup-role-policy.json",
                RamPermissions.policy(EnumSet.of(Feature.SETUP_ROLE), null, "*"));
        files.put("scripts/ram/cdn-runtime-policy.json", RamPermissions.policy(RamPermissions.RUNTIME_CDN, null, "*"));
        files.put("scripts/ram/attach-origin-policy.json", RamPermissions.policy(EnumSet.of(Feature.ATTACH), null, "*"));
        return files;
    }

    /** The Role's {@code Policies} property in template.yml, at 6 spaces. */
    public static String templatePolicies() {
        StringBuilder b = new StringBuilder(TEMPLATE_BEGIN);
        b.append("      # Least privilege: the runtime features on the bucket and the domain only. Otherwise the console's\n");
        b.append("      # full-access policies (PolicyAttachments) plus the CDN calls they do not grant.\n");
        b.append("      Policies:\n");
        b.append("        Fn::If:\n");
        b.append("          - LeastPrivilegeCondition\n");
        b.append("          - - PolicyName:\n");
        b.append("                Fn::Sub: ").append(RoleSetup.LEAST_PRIVILEGE_PREFIX).append("${BucketName}\n");
        b.append("              Description: cdn-secondary-origin runtime access to one bucket and one CDN domain\n");
        b.append("              PolicyDocument:\n");
        yamlPolicy(b, RamPermissions.policyJson(RamPermissions.RUNTIME, "${BucketName}", "${Domain}"), 16);
        b.append("          - - PolicyName: ").append(RoleSetup.CDN_POLICY_NAME).append('\n');
        b.append("              Description: cdn-secondary-origin CDN calls (warm-up, URL sources, guard)\n");
        b.append("              PolicyDocument:\n");
        yamlPolicy(b, RamPermissions.policyJson(RamPermissions.RUNTIME_CDN, null, "${Domain}"), 16);
        b.append(TEMPLATE_END);
        return b.toString();
    }

    /**
     * The Role's {@code Policies} in template.dispatcher.yml, at 6 spaces: the tasks' domains come and go, so the
     * CDN calls are granted on every domain, and the function may start itself.
     */
    public static String dispatcherTemplatePolicies() {
        StringBuilder b = new StringBuilder(TEMPLATE_BEGIN);
        b.append("      # The console's full-access policies (PolicyAttachments) plus the CDN calls on every domain (tasks\n");
        b.append("      # come and go) and fc:InvokeFunction on the function itself (the dispatcher starts one run per task).\n");
        b.append("      Policies:\n");
        b.append("        - PolicyName: ").append(DISPATCHER_CDN_POLICY_NAME).append('\n');
        b.append("          Description: cdn-secondary-origin CDN calls (warm-up, URL sources, guard) on every domain\n");
        b.append("          PolicyDocument:\n");
        yamlPolicy(b, RamPermissions.policyJson(RamPermissions.RUNTIME_CDN, null, "*"), 12);
        b.append("        - PolicyName:\n");
        b.append("            Fn::Sub: ").append(DISPATCH_POLICY_PREFIX).append("${FunctionName}\n");
        b.append("          Description: cdn-secondary-origin dispatcher, the function starts itself once per due task\n");
        b.append("          PolicyDocument:\n");
        yamlPolicy(b, RamPermissions.policyJson(EnumSet.of(Feature.DISPATCHER), null, "*", "${FunctionName}"), 12);
        b.append(TEMPLATE_END);
        return b.toString();
    }

    private static void yamlPolicy(StringBuilder b, JsonObject doc, int indent) {
        String pad = spaces(indent);
        b.append(pad).append("Version: '1'\n");
        b.append(pad).append("Statement:\n");
        for (JsonElement s : doc.getAsJsonArray("Statement")) {
            JsonObject st = s.getAsJsonObject();
            b.append(pad).append("  - Effect: Allow\n");
            b.append(pad).append("    Action:\n");
            for (JsonElement a : st.getAsJsonArray("Action")) {
                b.append(pad).append("      - ").append(a.getAsString()).append('\n');
            }
            b.append(pad).append("    Resource:\n");
            for (JsonElement r : st.getAsJsonArray("Resource")) {
                String v = r.getAsString();
                if (v.contains("${")) {
                    b.append(pad).append("      - Fn::Sub: ").append(v).append('\n');
                } else {
                    b.append(pad).append("      - '").append(v).append("'\n");
                }
            }
        }
    }

    /** The README's permission table: feature, when, actions with their resources. */
    public static String readmeTable() {
        StringBuilder b = new StringBuilder(README_BEGIN);
        b.append("| feature | when | RAM actions on resources |\n|---|---|---|\n");
        for (Feature f : RamPermissions.features()) {
            Map<String, Set<String>> byAction = new LinkedHashMap<>();
            for (Grant g : RamPermissions.TABLE) {
                if (g.feature == f) {
                    byAction.computeIfAbsent(g.action, k -> new TreeSet<>())
                            .add(RamPermissions.resource(g.scope, "BUCKET", "DOMAIN", "FUNCTION"));
                }
            }
            StringBuilder actions = new StringBuilder();
            for (Map.Entry<String, Set<String>> e : byAction.entrySet()) {
                if (actions.length() > 0) {
                    actions.append(", ");
                }
                actions.append('`').append(e.getKey()).append("` on `").append(String.join("`, `", e.getValue()))
                        .append('`');
            }
            b.append("| ").append(f.label()).append(" | ").append(f.when().replace("|", "\\|")).append(" | ")
                    .append(actions.toString().replace("|", "\\|")).append(" |\n");
        }
        b.append(README_END);
        return b.toString();
    }

    /** Rewrites every generated file under {@code root}. */
    public static void update(Path root) throws IOException {
        for (Map.Entry<String, String> f : policyFiles().entrySet()) {
            Files.write(root.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.UTF_8));
        }
        replaceBetween(root.resolve("template.yml"), TEMPLATE_BEGIN, TEMPLATE_END, templatePolicies());
        replaceBetween(root.resolve("template.dispatcher.yml"), TEMPLATE_BEGIN, TEMPLATE_END, dispatcherTemplatePolicies());
        replaceBetween(root.resolve("README.md"), README_BEGIN, README_END, readmeTable());
    }

    private static void replaceBetween(Path file, String begin, String end, String block) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int a = text.indexOf(begin);
        int z = text.indexOf(end, a);
        if (a < 0 || z < 0) {
            throw new IllegalStateException(file + " has no " + begin.trim() + " / " + end.trim() + " markers");
        }
        text = text.substring(0, a) + block + text.substring(z + end.length());
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String spaces(int n) {
        return String.join("", Collections.nCopies(n, " "));
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--update")) {
            update(Paths.get(""));
            System.out.println("updated scripts/ram/*.json, template.yml, template.dispatcher.yml and README.md");
        } else {
            System.err.println("usage: PermissionDocs --update");
            System.exit(2);
        }
    }
}
