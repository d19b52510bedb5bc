package dev.secondaryorigin.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.task.OptionDef;
import dev.secondaryorigin.task.TaskOptions;
import dev.secondaryorigin.tasks.RunOutcome;
import dev.secondaryorigin.tasks.TaskDefinition;
import dev.secondaryorigin.tasks.TaskRunner;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task's pass run by the {@code sync} command itself, in this process: the same flags, validation, SIGTERM
 * checkpointing and report as a {@code sync} typed by hand, read back from its JSON summary.
 */
final class SyncPassRunner implements TaskRunner {
    private final Map<String, String> environment;

    SyncPassRunner(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The {@code sync} arguments of a task's options ({@code --name=value}, so a value may start with '-'). */
    static List<String> syncArgs(Map<String, List<String>> options) {
        List<String> args = new ArrayList<>();
        args.add("sync");
        for (Map.Entry<String, List<String>> e : options.entrySet()) {
            OptionDef d = TaskOptions.find(e.getKey());
            for (String v : e.getValue()) {
                if (d != null && d.isBoolean()) {
                    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
                    if (s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on")) {
                        args.add("--" + d.name());
                    }
                } else {
                    args.add("--" + e.getKey() + "=" + v);
                }
            }
        }
        args.add("--quiet");
        args.add("--log-json");
        return args;
    }

    @Override
    public RunOutcome run(TaskDefinition task) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(environment);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(syncArgs(task.passOptions()).toArray(new String[0]));
        String[] lines = out.toString().trim().split("\n");
        String last = lines[lines.length - 1].trim();
        if (last.startsWith("{")) {
            try {
                JsonObject report = JsonParser.parseString(last).getAsJsonObject();
                if (report.has("result")) {
                    return new RunOutcome(report.get("result").getAsString(), code, null);
                }
            } catch (RuntimeException e) {
                // Not the summary: fall through to the error text.
            }
        }
        String[] errLines = err.toString().trim().split("\n");
        return RunOutcome.failed(code, errLines[errLines.length - 1].replaceFirst("^error: ", ""));
    }
}
