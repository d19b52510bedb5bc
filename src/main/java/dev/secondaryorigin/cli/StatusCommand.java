package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.Environment;
import dev.secondaryorigin.app.ManifestStats;
import dev.secondaryorigin.app.StatusQuery;
import dev.secondaryorigin.app.TaskStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
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
        if (Environment.isDirectoryWithoutBackup(target)) {
            // Opening a store prepares its directory; a status look must leave a directory that is no backup as it is.
            out.println("No task has run against dir " + java.nio.file.Paths.get(target).toAbsolutePath().normalize()
                    + " yet.");
            out.flush();
            return ExitCodes.OK;
        }
        StatusQuery.StoreStatus status = new StatusQuery(Main.env(spec)).run(StoreFlags.config(spec), taskName, true);
        if (status.tasks().isEmpty()) {
            out.println("No task has run against " + status.target() + " yet.");
            out.flush();
            return ExitCodes.OK;
        }
        if (json) {
            JsonObject all = new JsonObject();
            for (TaskStatus t : status.tasks()) {
                all.add(t.task(), t.toJson());
            }
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(all));
        } else {
            for (TaskStatus t : status.tasks()) {
                out.println(text(t));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String text(TaskStatus s) {
        StringBuilder b = new StringBuilder("Task ").append(s.task()).append('\n');
        JsonObject r = s.lastReport();
        if (r != null) {
            b.append("  Last pass: ").append(Summary.str(r, "result")).append(" at ").append(Summary.str(r, "finishedAt"))
                    .append('\n');
            for (String line : Summary.human(r).split("\n")) {
                b.append("    ").append(line.trim()).append('\n');
            }
        } else {
            b.append("  No pass has finished yet.\n");
        }
        b.append("  Unfinished pass checkpointed: ").append(s.passInProgress() ? "yes" : "no").append('\n');
        if (s.leaseHeld()) {
            b.append("  Lease: held by ").append(s.leaseHolder()).append(" (").append(s.leaseWhere()).append(") until ")
                    .append(s.leaseExpiresAt()).append(s.leaseExpired() ? " [expired]" : "").append('\n');
        } else {
            b.append("  Lease: free\n");
        }
        if (!s.rollbackPasses().isEmpty()) {
            b.append("  Can roll back to (newest first):\n");
            for (TaskStatus.RollbackPass p : s.rollbackPasses()) {
                b.append("    ").append(p.passId()).append("  finished ").append(p.finishedAt()).append('\n');
            }
        } else {
            b.append("  Can roll back to: no earlier pass recorded\n");
        }
        ManifestStats m = s.manifest();
        b.append("  Manifest: ").append(m.urls()).append(" URLs, ").append(m.storedObjects()).append(" objects stored (")
                .append(Summary.bytes(m.storedBytes())).append("), ").append(m.failingUrls()).append(" failing at last look");
        m.allCheckedSince().ifPresent(t -> b.append("\n  Every URL checked since: ").append(t));
        return b.toString();
    }
}
