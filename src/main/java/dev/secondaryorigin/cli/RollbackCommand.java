package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.RollbackResult;
import dev.secondaryorigin.app.RollbackTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rollback}: puts the backup back exactly as it was after an earlier pass. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Puts the backup back exactly as it was after an earlier pass: objects (bytes and "
                + "headers) that later passes replaced or deleted come back, keys they added are removed. "
                + "`status` lists the passes one can roll back to (the last --keep-passes passes).",
                "A rollback does not pause the schedule: the next pass copies the origin as it is then.",
                "Exit codes: 0 rolled back, 2 bad input (e.g. an unknown pass), 4 a pass holds the task, 1 failure."})
final class RollbackCommand implements Callable<Integer> {
    private static final java.util.regex.Pattern PASS_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @Spec
    CommandSpec spec;

    @Option(names = "--task-name", paramLabel = "NAME", description = "Task to roll back. Default: the only task in the store.")
    String taskName;

    @Option(names = "--to-pass", paramLabel = "PASS_ID", required = true,
            description = "The pass whose result to go back to (see `status`).")
    String toPass;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StoreFlags.checkTaskName(taskName);
        if (!PASS_ID.matcher(toPass).matches()) {
            throw new dev.secondaryorigin.task.ConfigException("to-pass", "must be a pass id as `status` lists it "
                    + "(e.g. 2025-01-01-030000123Z-1a2b3c), got \"" + toPass + "\"");
        }
        PrintWriter out = spec.commandLine().getOut();
        RollbackResult r = new RollbackTask(Main.env(spec)).run(StoreFlags.config(spec), taskName, toPass, 120_000, true);
        switch (r.kind()) {
            case LEASE_HELD:
                spec.commandLine().getErr().println("error: " + r.message());
                return ExitCodes.LEASE_HELD;
            case ROLLED_BACK:
                break;
            default:
                spec.commandLine().getErr().println("error: " + r.message());
                return ExitCodes.BAD_INPUT;
        }
        if (json) {
            JsonObject doc = r.toJson();
            doc.addProperty("task", r.task());
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(doc));
        } else {
            out.printf("Rolled back task %s in %s to pass %s: undid %d pass(es), restored %d object(s), "
                    + "removed %d added key(s).%n", r.task(), r.target(), r.toPass(), r.undonePasses(),
                    r.restored(), r.deleted());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
