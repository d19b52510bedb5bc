package dev.secondaryorigin.cli;

import com.google.gson.JsonArray;
import dev.secondaryorigin.tasks.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code task list}: every task with its state, last result and next run; invalid documents named. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the tasks: state, schedule, last result and next run. An invalid task document is listed "
                + "with its problem (the dispatcher skips it).")
final class TaskListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOption registry;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return TaskCommand.with(spec, registry, service -> {
            List<TaskView> views = service.list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonArray a = new JsonArray();
                views.forEach(v -> a.add(v.toJson()));
                out.println(a);
            } else if (views.isEmpty()) {
                out.println("no tasks in " + service.registry().describe() + " (task create adds one)");
            } else {
                out.println(String.format("%-24s %-10s %-40s %-22s %s", "NAME", "STATE", "SCHEDULE", "NEXT RUN",
                        "LAST RUN"));
                for (TaskView v : views) {
                    out.println(TaskLines.line(v));
                }
            }
            out.flush();
            return dev.secondaryorigin.app.ExitCodes.OK;
        });
    }
}
