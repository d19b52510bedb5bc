package dev.secondaryorigin.cli;

import dev.secondaryorigin.tasks.TaskDefinition;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared body of {@code task create} and {@code task update}: flags in, one line out. */
final class TaskEdits {
    private TaskEdits() {
    }

    static int apply(CommandSpec spec, RegistryOption registry, String name, ScheduleFlags schedule, boolean create)
            throws Exception {
        Map<String, List<String>> given = new LinkedHashMap<>(schedule.values());
        given.putAll(TaskFlags.values(spec));
        return TaskCommand.with(spec, registry, service -> {
            TaskDefinition d = create ? service.create(name, given) : service.update(name, given);
            PrintWriter out = spec.commandLine().getOut();
            out.println((create ? "created" : "updated") + " task " + d.name() + " (" + d.config().domain() + " -> "
                    + d.config().target() + "), " + d.schedule().describe() + "; next run "
                    + d.schedule().nextAfter(java.time.Instant.now()).map(Object::toString).orElse("never"));
            out.flush();
            return dev.secondaryorigin.app.ExitCodes.OK;
        });
    }
}
