package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import com.google.gson.GsonBuilder;
import dev.secondaryorigin.app.GuardResult;
import dev.secondaryorigin.app.GuardTask;
import dev.secondaryorigin.task.TaskConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard}: one run of the L7 origin guard (run it from cron, e.g. every minute). */
@Command(name = "guard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Probes the primary origin over HTTP once (--guard-path, --guard-status, --guard-body). "
                + "After --guard-failures failed probes in a row it makes the bucket the CDN domain's primary "
                + "origin; after --guard-successes healthy ones it restores the origins. Never promotes a backup "
                + "whose last complete pass is older than --guard-max-backup-age. State: "
                + ".secondary-origin/<task>/guard.json."})
final class GuardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;


    @Override
    public Integer call() throws Exception {
        TaskConfig config = TaskConfig.parse(TaskFlags.values(spec));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GuardResult r = new GuardTask(Main.env(spec)).run(config, err::println);
        out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r.toJson()));
        out.flush();
        return ExitCodes.OK;
    }
}
