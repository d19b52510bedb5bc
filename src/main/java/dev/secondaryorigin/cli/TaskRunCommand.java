package dev.secondaryorigin.cli;

import dev.secondaryorigin.tasks.RunRecord;
import dev.secondaryorigin.tasks.TaskExecution;
import picocli.CommandLine.Command;


/** {@code task run NAME}: one pass now, recorded in the task's history; exits as {@code sync} does. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs one pass of the task now (resuming an "
        + "unfinished one) and records it in the task's history. Exits as sync does.")
final class TaskRunCommand extends NamedTaskCommand {
    @Override
    public Integer call() throws Exception {
        return TaskCommand.with(spec, registry, service -> {
            TaskExecution.Result r = service.runNow(name, new SyncPassRunner(Main.environment(spec)),
                    "cli pid " + ProcessHandle.current().pid());
            if (!r.record().isPresent()) {
                spec.commandLine().getErr().println("error: " + r.message());
                return dev.secondaryorigin.app.ExitCodes.FAILURE;
            }
            RunRecord rec = r.record().get();
            spec.commandLine().getOut().println("task " + rec.task() + ": " + rec.outcome());
            spec.commandLine().getOut().flush();
            return rec.outcome().exitCode();
        });
    }
}
