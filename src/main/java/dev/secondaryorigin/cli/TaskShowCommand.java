package dev.secondaryorigin.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.tasks.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code task show NAME}: the task's document with its state, last run and next run, as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a task's document, state, last run and "
        + "next run as JSON.")
final class TaskShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    RegistryOption registry;

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
