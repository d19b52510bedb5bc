package dev.secondaryorigin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


/** {@code task delete NAME [--purge-state]}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a task from the registry. The "
        + "backed-up objects stay in its secondary origin.")
final class TaskDeleteCommand extends NamedTaskCommand {
    @Option(names = "--purge-state", description = "Also delete the task's run history and its state in its "
            + "secondary origin (.secondary-origin/NAME/: manifest, checkpoint, pass records).")
    boolean purgeState;

    @Override
    public Integer call() throws Exception {
        return TaskCommand.with(spec, registry, service -> {
            spec.commandLine().getOut().println(service.delete(name, purgeState, Main.environment(spec)));
            spec.commandLine().getOut().flush();
            return dev.secondaryorigin.app.ExitCodes.OK;
        });
    }
}
