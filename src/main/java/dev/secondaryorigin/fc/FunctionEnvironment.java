package dev.secondaryorigin.fc;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The function's environment as a task: the task options it sets, with the secondary origin required
 * (a function that silently wrote to its own {@code ./backup} would look healthy and back up nothing), and
 * the variables that look like a misspelling of one the function reads.
 */
public final class FunctionEnvironment {
    /** The variable naming where the backup goes; the function has no default for it. */
    public static final String SECONDARY_ORIGIN = "SECONDARY_ORIGIN";

    /** Read by {@code scripts/deploy.sh} or {@code setup-role}, not by the function, but ours all the same. */
    private static final List<String> OTHER_OURS = Arrays.asList("REGION", "FUNCTION_NAME", "SCHEDULE",
            "RAM_ENDPOINT", dev.secondaryorigin.tasks.RegistryLocation.ENV, FcTasks.MAX_PARALLEL_ENV,
            FcTaskLauncher.ENDPOINT_ENV, "DISPATCHER_FUNCTION_NAME");
    /** Set by FC, the runtime or a shell; some are close to ours by accident ({@code TMOUT}, {@code TIMEOUT}). */
    private static final Set<String> SYSTEM = new HashSet<>(Arrays.asList("PATH", "HOME", "HOSTNAME", "LANG",
            "LANGUAGE", "LC_ALL", "TERM", "TZ", "USER", "PWD", "OLDPWD", "SHELL", "SHLVL", "TMOUT", "_", "JAVA_HOME",
            "JAVA_TOOL_OPTIONS", "LD_LIBRARY_PATH", "CLASSPATH", "MAVEN_OPTS", "DISPLAY", "MAIL", "LOGNAME"));
    private static final List<String> SYSTEM_PREFIXES = Arrays.asList("FC_", "ALIBABA_CLOUD_", "LC_");

    private FunctionEnvironment() {
    }

    /**
     * The task options the environment sets (see {@link TaskConfig#fromEnvironment}), refusing an environment
     * without {@link #SECONDARY_ORIGIN}; the refusal names a variable that looks like a misspelling of it.
     */
    public static Map<String, List<String>> taskValues(Map<String, String> env) {
        String target = env.get(SECONDARY_ORIGIN);
        if (target == null || target.trim().isEmpty()) {
            StringBuilder problem = new StringBuilder("is required: the secondary origin to keep, an OSS bucket endpoint "
                    + "such as my-backup.oss-cn-hangzhou.aliyuncs.com (or a directory when run locally)");
            for (NearMiss m : nearMisses(env.keySet())) {
                if (m.suggestion().equals(SECONDARY_ORIGIN)) {
                    problem.append("; ").append(m.variable()).append(" is set: a misspelling of ")
                            .append(SECONDARY_ORIGIN).append('?');
                }
            }
            throw new ConfigException("target", problem.toString());
        }
        return TaskConfig.fromEnvironment(env);
    }

    /** Read by the JVM of FC's Java runtime, not by our code: the settings s.yaml and template.yml give it. */
    public static final String JVM_OPTIONS_ENV = "JAVA_TOOL_OPTIONS";

    /** Variables of the function itself, not task options (described in the README by DeploymentEnvironment). */
    public static final List<String> FUNCTION_VARIABLES = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
            HttpAccess.TOKEN_ENV, HttpAccess.AUTH_TYPE_ENV, SyncBudget.MARGIN_ENV, TimerSchedule.ENV,
            JVM_OPTIONS_ENV));

    /** Every variable the function reads: task options, then the function's own. */
    public static List<String> allNames() {
        List<String> out = new ArrayList<>();
        for (dev.secondaryorigin.task.OptionDef d : dev.secondaryorigin.task.TaskOptions.ALL) {
            out.add(d.envName());
        }
        out.addAll(FUNCTION_VARIABLES);
        return out;
    }

    /** Every variable name the project reads: task options, the function's own, the deploy script's. */
    public static Set<String> knownNames() {
        Set<String> known = new TreeSet<>(allNames());
        known.addAll(OTHER_OURS);
        return known;
    }

    /**
     * The names that are not ours but close to one of ours (another case, or at most two edits away; one
     * for names of five letters or fewer, where two edits reach unrelated words), each with the name it is
     * probably meant to be. Variables of FC, the runtime and the shell are never reported.
     */
    public static List<NearMiss> nearMisses(Collection<String> names) {
        Set<String> known = knownNames();
        List<NearMiss> out = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (known.contains(name) || SYSTEM.contains(upper) || hasSystemPrefix(upper)) {
                continue;
            }
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String k : known) {
                int allowed = k.length() <= 5 ? 1 : 2;
                int d = distance(upper, k, allowed);
                if (d <= allowed && d < bestDistance) {
                    best = k;
                    bestDistance = d;
                }
            }
            if (best != null) {
                out.add(new NearMiss(name, best));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean hasSystemPrefix(String upper) {
        for (String p : SYSTEM_PREFIXES) {
            if (upper.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it is known to exceed {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A variable that is not ours but looks like one of ours. */
    public static final class NearMiss {
        private final String variable;
        private final String suggestion;

        NearMiss(String variable, String suggestion) {
            this.variable = variable;
            this.suggestion = suggestion;
        }

        public String variable() {
            return variable;
        }

        public String suggestion() {
            return suggestion;
        }

        /** One line for a log or a terminal. */
        public String message() {
            return "unknown variable " + variable + " is ignored; did you mean " + suggestion + "?";
        }
    }
}
