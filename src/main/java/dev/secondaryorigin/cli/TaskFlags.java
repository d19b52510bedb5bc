package dev.secondaryorigin.cli;

import dev.secondaryorigin.task.OptionDef;
import dev.secondaryorigin.task.TaskOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the task option table into command-line flags, and the parsed flags back into raw values. */
final class TaskFlags {
    private TaskFlags() {
    }

    /** Adds one flag per task option (or only the named ones) to a command. */
    static void addTo(CommandSpec spec, String... only) {
        List<String> wanted = Arrays.asList(only);
        for (OptionDef d : TaskOptions.ALL) {
            if (!wanted.isEmpty() && !wanted.contains(d.name())) {
                continue;
            }
            String desc = d.description();
            if (d.defaultValue() != null && !d.isBoolean()) {
                desc += " Default: " + d.defaultValue() + ".";
            }
            desc += " Env: " + d.envName() + ".";
            OptionSpec.Builder b = OptionSpec.builder("--" + d.name()).description(desc);
            if (d.name().equals("target")) {
                b = OptionSpec.builder("--target", "--secondary-origin").description(desc);
            }
            if (d.isBoolean()) {
                b.type(boolean.class).arity("0");
            } else if (d.repeatable()) {
                b.type(List.class).auxiliaryTypes(String.class).paramLabel(d.label());
            } else {
                b.type(String.class).paramLabel(d.label());
            }
            spec.addOption(b.build());
        }
    }

    /** The raw values the user gave, keyed by canonical option name (defaults are left to TaskConfig). */
    static Map<String, List<String>> values(CommandSpec spec) {
        // The matched options by each of their names, from one walk: picocli's findOption walks every option and
        // copies its names, and asking it once per task option took a twentieth of a CPU-second at each start.
        Map<String, OptionSpec> matched = new HashMap<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            for (String name : o.names()) {
                matched.put(name, o);
            }
        }
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (OptionDef d : TaskOptions.ALL) {
            OptionSpec o = matched.get("--" + d.name());
            if (o == null) {
                continue;
            }
            Object v = o.getValue();
            List<String> vals = new ArrayList<>();
            if (v instanceof List) {
                for (Object x : (List<?>) v) {
                    vals.add(String.valueOf(x));
                }
            } else if (v != null) {
                vals.add(String.valueOf(v));
            }
            raw.put(d.name(), vals);
        }
        return raw;
    }
}
