package dev.secondaryorigin.cli;

import dev.secondaryorigin.tasks.TaskDefinition;
import dev.secondaryorigin.tasks.TaskRegistry;
import dev.secondaryorigin.tasks.TaskService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code task due --at INSTANT}: a dry check of the schedules. */
@Command(name = "due", mixinStandardHelpOptions = true, description = "Prints, one a line, the tasks whose schedule "
        + "fires within the minute that starts at --at, ignoring run history (a dry check of the schedules).")
final class TaskDueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOption registry;

    @Option(names = "--at", paramLabel = "ISO_INSTANT", required = true,
            description = "The minute to check, e.g. 2026-12-01T09:30:00Z.")
    String at;

    @Override
    public Integer call() throws Exception {
        Instant minute = TaskService.instant("at", at);
        return TaskCommand.with(spec, registry, service -> {
            TaskRegistry.Listing due = service.due(minute);
            for (TaskDefinition d : due.tasks()) {
                spec.commandLine().getOut().println(d.name());
            }
            for (TaskRegistry.Problem p : due.problems()) {
                spec.commandLine().getErr().println("warning: task " + p.name() + " skipped: " + p.message());
            }
            spec.commandLine().getOut().flush();
            return dev.secondaryorigin.app.ExitCodes.OK;
        });
    }
}
