package dev.secondaryorigin.cli;

import com.google.gson.JsonArray;
import dev.secondaryorigin.tasks.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code task history NAME}: the task's runs, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Lists the task's runs, newest first: "
        + "firing, start, result, duration.")
final class TaskHistoryCommand extends NamedTaskCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Most runs shown. Default: 20.")
    int limit;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("--limit must be a whole number from 1 to 10000, got " + limit);
        }
        return TaskCommand.with(spec, registry, service -> {
            List<RunRecord> runs = service.history(name, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonArray a = new JsonArray();
                runs.forEach(r -> a.add(r.toJson()));
                out.println(a);
            } else if (runs.isEmpty()) {
                out.println("task " + name + " has not run yet");
            } else {
                for (RunRecord r : runs) {
                    out.println(TaskLines.line(r));
                }
            }
            out.flush();
            return dev.secondaryorigin.app.ExitCodes.OK;
        });
    }
}
