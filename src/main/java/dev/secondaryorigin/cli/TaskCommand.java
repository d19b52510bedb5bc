package dev.secondaryorigin.cli;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.tasks.RegistryLocation;
import dev.secondaryorigin.tasks.TaskRegistry;
import dev.secondaryorigin.tasks.TaskService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Clock;

/** {@code task}: the registry of tasks, each with its own domain, origin, secondary origin and schedule. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = {"Manages the task registry: many tasks (domain, origin, secondary origin, schedule, sync "
                + "options) that the dispatcher (Function Compute) or `scheduler` (locally) runs at their times.",
                "Exit codes: 0 done, 2 bad input (also a duplicate name or an unknown task), 1 failure; `task run` "
                        + "exits as `sync` does."},
        subcommands = {TaskCreateCommand.class, TaskListCommand.class, TaskShowCommand.class, TaskUpdateCommand.class,
                TaskDeleteCommand.class, TaskRunCommand.class, TaskHistoryCommand.class, TaskDueCommand.class})
final class TaskCommand implements Runnable {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Adds the sync options to the subcommands that take them (hookup from Main). */
    static void addFlags(CommandLine task) {
        TaskFlags.addTo(task.getSubcommands().get("create").getCommandSpec());
        TaskFlags.addTo(task.getSubcommands().get("update").getCommandSpec());
    }

    /** The registry a command names with {@code --registry}, else {@code REGISTRY}, else {@code ./tasks}. */
    static TaskService service(CommandSpec spec, String registry) {
        String location = registry;
        if (location == null) {
            String env = Main.environment(spec).get(RegistryLocation.ENV);
            location = env == null || env.trim().isEmpty() ? RegistryLocation.DEFAULT_DIR : env.trim();
        }
        return new TaskService(new TaskRegistry(RegistryLocation.open("registry", location, Main.environment(spec))),
                Clock.systemUTC());
    }

    /** The body of a task command, given the registry's operations. */
    interface Body {
        int run(TaskService service) throws Exception;
    }

    /**
     * Runs a command's body against the registry and closes it; a refusal of the registry's state is exit 2 with
     * its message, and a bad positional name is named as NAME.
     */
    static int with(CommandSpec spec, RegistryOption registry, Body body) throws Exception {
        TaskService service = service(spec, registry.location);
        try {
            return body.run(service);
        } catch (ConfigException e) {
            if ("name".equals(e.option())) {
                throw new IllegalArgumentException("NAME " + e.problem());
            }
            throw e;
        } catch (TaskService.TaskStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return dev.secondaryorigin.app.ExitCodes.BAD_INPUT;
        } finally {
            service.registry().close();
        }
    }
}
