package dev.secondaryorigin.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.tasks.TaskView;
import picocli.CommandLine.Command;


/** {@code task show NAME}: the task's document with its state, last run and next run, as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a task's document, state, last run and "
        + "next run as JSON.")
final class TaskShowCommand extends NamedTaskCommand {
    @Override
    public Integer call() throws Exception {
        return TaskCommand.with(spec, registry, service -> {
            TaskView v = service.view(name);
            JsonObject o = v.task().get().toJson();
            o.add("status", v.toJson());
            spec.commandLine().getOut().println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                    .toJson(o));
            spec.commandLine().getOut().flush();
            return dev.secondaryorigin.app.ExitCodes.OK;
        });
    }
}
