package dev.secondaryorigin.fc;

import dev.secondaryorigin.task.OptionDef;
import dev.secondaryorigin.task.TaskOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A build-time generator (test scope: not in the function's code package). The function's environment variables, generated from {@link TaskOptions#ALL} plus the function's own:
 * the README table and the {@code environmentVariables} block of {@code s.yaml}. Tests check that the
 * checked-in files match, so a new option cannot be forgotten. Print them with
 * {@code scripts/regenerate.sh} (rewrites both files in place).
 */
public final class DeploymentEnvironment {
    /** What each of the function's own variables ({@link FunctionEnvironment#FUNCTION_VARIABLES}) means. */
    public static final Map<String, String> FUNCTION_VARIABLES;
    /**
     * Variables s.yaml takes from its {@code vars} (env name → var name), each read from {@code .env} or the
     * environment (with a default for the optional ones); the rest are listed commented out.
     */
    public static final Map<String, String> FROM_VARS;
    /**
     * Read by the JVM of FC's Java runtime, not by the function: the JVM settings the function runs with. Set in
     * s.yaml (generated) and template.yml; the CLI's launcher, {@code scripts/cdn-secondary-origin}, sets the
     * same and more.
     */
    public static final String JVM_OPTIONS_ENV = FunctionEnvironment.JVM_OPTIONS_ENV;

    static {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(HttpAccess.TOKEN_ENV, "Bearer token the HTTP API requires (compared in constant time). Needed when "
                + "the HTTP trigger is anonymous; optional extra check with authType function.");
        f.put(HttpAccess.AUTH_TYPE_ENV, "The HTTP trigger's authType (function or anonymous), set from the same "
                + "variable as the trigger. Anything but function counts as anonymous.");
        f.put(SyncBudget.MARGIN_ENV, "Seconds kept free before the invocation's time limit; default: 10% of the "
                + "limit, at least 30 s (at most half the limit).");
        f.put(TimerSchedule.ENV, "The sync-timer trigger's schedule, set from the same variable as the trigger; "
                + "the function validates it and reports it in status.");
        f.put(JVM_OPTIONS_ENV, "Options of the function's JVM, read by the JVM itself; unset, so the JVM runs with "
                + "both JIT compilers, which an instance that serves many passes, or a site of 200 000 URLs or more, "
                + "gains from. `-XX:TieredStopAtLevel=1` (C1 alone) costs a pass of up to 100 000 URLs less CPU (half at 10 000) "
                + "in a fresh JVM and costs a million-URL pass more (\"Speed and cost per URL\"); the CLI launcher "
                + "chooses per site, the function's setting holds for all its tasks. No collector: on 1 vCPU "
                + "the JVM picks the serial one, and naming one beside a collector the runtime sets stops it starting.");
        if (!f.keySet().equals(new java.util.LinkedHashSet<>(FunctionEnvironment.FUNCTION_VARIABLES))) {
            // A variable the function reads must be documented, and only those.
            throw new IllegalStateException("describe exactly FunctionEnvironment.FUNCTION_VARIABLES "
                    + FunctionEnvironment.FUNCTION_VARIABLES + ", described: " + f.keySet());
        }
        FUNCTION_VARIABLES = Collections.unmodifiableMap(f);

        Map<String, String> v = new LinkedHashMap<>();
        v.put("DOMAIN", "domain");
        v.put("ORIGIN", "origin");
        v.put("SECONDARY_ORIGIN", "secondary_origin");
        v.put("RESOURCE_TYPES", "resource_types");
        v.put("TASK_NAME", "task_name");
        v.put("OSS_ENDPOINT", "oss_endpoint");
        v.put(HttpAccess.AUTH_TYPE_ENV, "http_auth_type");
        v.put(HttpAccess.TOKEN_ENV, "http_token");
        v.put(TimerSchedule.ENV, "schedule");
        FROM_VARS = Collections.unmodifiableMap(v);
    }

    private DeploymentEnvironment() {
    }

    /** Every variable the function reads: task options, then the function's own. */
    public static List<String> allNames() {
        return FunctionEnvironment.allNames();
    }

    /** Markdown table: variable, default, meaning. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder();
        b.append("| variable | default | meaning |\n|---|---|---|\n");
        for (OptionDef d : TaskOptions.ALL) {
            // The function has no default secondary origin (FunctionEnvironment), whatever the CLI's is.
            String def = d.envName().equals(FunctionEnvironment.SECONDARY_ORIGIN) ? "required"
                    : d.defaultValue() == null ? "" : "`" + d.defaultValue() + "`";
            String desc = d.description() + (d.repeatable() ? " Several values: comma- or newline-separated"
                    + (d.name().equals("header") ? " (newline only)." : ".") : "");
            b.append("| `").append(d.envName()).append("` | ").append(def).append(" | ")
                    .append(desc.replace("|", "\\|")).append(" |\n");
        }
        for (Map.Entry<String, String> e : FUNCTION_VARIABLES.entrySet()) {
            b.append("| `").append(e.getKey()).append("` |  | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    /**
     * The {@code environmentVariables} entries for s.yaml at {@code indent} spaces: the ones from
     * {@link #FROM_VARS} set from {@code ${vars.x}}, every other one commented out with its default.
     */
    public static String sYamlBlock(int indent) {
        String pad = repeat(' ', indent);
        StringBuilder b = new StringBuilder();
        b.append(pad).append("# BEGIN generated from TaskOptions.ALL by DeploymentEnvironment --s-yaml\n");
        for (String name : allNames()) {
            String var = FROM_VARS.get(name);
            if (var != null) {
                b.append(pad).append(name).append(": ${vars.").append(var).append("}\n");
            }
        }
        b.append(pad).append("# Uncomment to change an option from its default:\n");
        for (OptionDef d : TaskOptions.ALL) {
            if (!FROM_VARS.containsKey(d.envName())) {
                b.append(pad).append("# ").append(d.envName()).append(": '")
                        .append(d.defaultValue() == null ? "" : d.defaultValue().replace("'", "''")).append("'\n");
            }
        }
        for (String name : FUNCTION_VARIABLES.keySet()) {
            if (!FROM_VARS.containsKey(name)) {
                b.append(pad).append("# ").append(name).append(": ''\n");
            }
        }
        b.append(pad).append("# END generated\n");
        return b.toString();
    }

    private static String repeat(char c, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(c);
        }
        return b.toString();
    }

    /** Replaces the generated parts of {@code s.yaml} and {@code README.md} under {@code root}. */
    public static void update(java.nio.file.Path root) throws java.io.IOException {
        java.nio.file.Path sYaml = root.resolve("s.yaml");
        String y = new String(java.nio.file.Files.readAllBytes(sYaml), java.nio.charset.StandardCharsets.UTF_8);
        int begin = y.lastIndexOf('\n', y.indexOf("# BEGIN generated from TaskOptions.ALL")) + 1;
        int end = y.indexOf('\n', y.indexOf("# END generated", begin)) + 1;
        if (begin <= 0 || end <= begin) {
            throw new IllegalStateException("s.yaml has no BEGIN/END generated markers");
        }
        y = y.substring(0, begin) + sYamlBlock(8) + y.substring(end);
        java.nio.file.Files.write(sYaml, y.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        java.nio.file.Path doc = root.resolve("README.md");
        String d = new String(java.nio.file.Files.readAllBytes(doc), java.nio.charset.StandardCharsets.UTF_8);
        int t = d.indexOf("| variable | default | meaning |");
        if (t < 0) {
            throw new IllegalStateException("README.md has no variable table");
        }
        int tEnd = t;
        while (tEnd < d.length() && d.startsWith("|", tEnd)) {
            int nl = d.indexOf('\n', tEnd);
            tEnd = nl < 0 ? d.length() : nl + 1;
        }
        d = d.substring(0, t) + markdownTable() + d.substring(tEnd);
        java.nio.file.Files.write(doc, d.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 1 && args[0].equals("--update")) {
            update(java.nio.file.Paths.get(""));
            System.out.println("updated s.yaml and README.md");
        } else if (args.length == 1 && args[0].equals("--markdown")) {
            System.out.print(markdownTable());
        } else if (args.length == 1 && args[0].equals("--s-yaml")) {
            System.out.print(sYamlBlock(8));
        } else {
            System.err.println("usage: DeploymentEnvironment --markdown | --s-yaml | --update");
            System.exit(2);
        }
    }
}
