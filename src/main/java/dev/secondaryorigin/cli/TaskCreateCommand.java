package dev.secondaryorigin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code task create NAME ...}: a new task; refused, writing nothing, when the name is taken or anything is invalid. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates a task: --origin, --target and one schedule are required; any sync option may follow.")
final class TaskCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Task name: letters, digits, '.', '_', '-'.")
    String name;

    @Mixin
    RegistryOption registry;

    @Mixin
    ScheduleFlags schedule;

    @Override
    public Integer call() throws Exception {
        return TaskEdits.apply(spec, registry, name, schedule, true);
    }
}
