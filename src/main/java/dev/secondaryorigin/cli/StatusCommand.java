package dev.secondaryorigin.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code status}: the last pass, the lease holder and manifest statistics of each task in a store. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows, for each task kept in the secondary origin, the last pass report, who holds "
                + "the lease, and what the manifest records.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--task-name", paramLabel = "NAME", description = "Only this task. Default: every task found.")
    String taskName;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StoreFlags.checkTaskName(taskName);
        String target = StoreFlags.config(spec).target();
        if (ObjectStores.isDirectoryWithoutBackup(target)) {
            // Opening a store prepares its directory; a status look must leave a directory that is no backup as it is.
            out.println("No task has run against dir " + java.nio.file.Paths.get(target).toAbsolutePath().normalize()
                    + " yet.");
            out.flush();
            return Main.EXIT_OK;
        }
        try (ObjectStore store = StoreFlags.open(spec)) {
            Set<String> tasks = taskName != null ? new TreeSet<>(Collections.singleton(taskName))
                    : StateRepository.tasks(store);
            if (tasks.isEmpty()) {
                out.println("No task has run against " + store.describe() + " yet.");
                out.flush();
                return Main.EXIT_OK;
            }
            JsonObject all = new JsonObject();
            for (String t : tasks) {
                all.add(t, new StateRepository(store, t).status());
            }
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().create().toJson(all));
            } else {
                for (String t : tasks) {
                    out.println(text(t, all.getAsJsonObject(t)));
                }
            }
            out.flush();
            return Main.EXIT_OK;
        }
    }

    private static String text(String task, JsonObject s) {
        StringBuilder b = new StringBuilder("Task ").append(task).append('\n');
        if (s.get("lastReport").isJsonObject()) {
            JsonObject r = s.getAsJsonObject("lastReport");
            b.append("  Last pass: ").append(Summary.str(r, "result")).append(" at ").append(Summary.str(r, "finishedAt"))
                    .append('\n');
            for (String line : Summary.human(r).split("\n")) {
                b.append("    ").append(line.trim()).append('\n');
            }
        } else {
            b.append("  No pass has finished yet.\n");
        }
        b.append("  Unfinished pass checkpointed: ").append(s.get("passInProgress").getAsBoolean() ? "yes" : "no")
                .append('\n');
        if (s.get("lease").isJsonObject()) {
            JsonObject l = s.getAsJsonObject("lease");
            b.append("  Lease: held by ").append(l.get("holder").getAsString()).append(" (")
                    .append(l.get("where").getAsString()).append(") until ").append(l.get("expiresAt").getAsString())
                    .append(l.get("expired").getAsBoolean() ? " [expired]" : "").append('\n');
        } else {
            b.append("  Lease: free\n");
        }
        if (s.has("rollbackPasses") && s.getAsJsonArray("rollbackPasses").size() > 0) {
            b.append("  Can roll back to (newest first):\n");
            for (com.google.gson.JsonElement e : s.getAsJsonArray("rollbackPasses")) {
                JsonObject p = e.getAsJsonObject();
                b.append("    ").append(p.get("passId").getAsString()).append("  finished ")
                        .append(p.get("finishedAt").getAsString()).append('\n');
            }
        } else {
            b.append("  Can roll back to: no earlier pass recorded\n");
        }
        JsonObject m = s.getAsJsonObject("manifest");
        b.append("  Manifest: ").append(m.get("urls").getAsLong()).append(" URLs, ")
                .append(m.get("storedObjects").getAsLong()).append(" objects stored (")
                .append(Summary.bytes(m.get("storedBytes").getAsLong())).append("), ")
                .append(m.get("failingUrls").getAsLong()).append(" failing at last look");
        if (m.has("allCheckedSince")) {
            b.append("\n  Every URL checked since: ").append(m.get("allCheckedSince").getAsString());
        }
        return b.toString();
    }

}
