package dev.secondaryorigin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;


/** {@code task update NAME ...}: changes the given options; a schedule flag replaces the whole schedule. */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Changes a task: the options given replace the task's; any schedule flag replaces its schedule.")
final class TaskUpdateCommand extends NamedTaskCommand {
    @Mixin
    ScheduleFlags schedule;

    @Override
    public Integer call() throws Exception {
        return TaskEdits.apply(spec, registry, name, schedule, false);
    }
}
