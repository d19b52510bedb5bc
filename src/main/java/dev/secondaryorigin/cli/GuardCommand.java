package dev.secondaryorigin.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.fc.GuardRun;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.TaskConfig;
import java.io.PrintWriter;
import java.util.Map;
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
        try (ObjectStore store = ObjectStores.open(config, Main.environment(spec))) {
            JsonObject r = GuardRun.run(config, store, Main.environment(spec), err::println);
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r));
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
