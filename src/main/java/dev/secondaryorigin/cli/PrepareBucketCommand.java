package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import dev.secondaryorigin.app.PrepareBucketTask;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code prepare-bucket}: make the bucket servable as an origin (index documents, sub-directories). */
@Command(name = "prepare-bucket", mixinStandardHelpOptions = true,
        description = "Configures the OSS bucket as a servable origin: static-website index document index.html "
                + "with sub-directory index support, an optional error document and versioning. Idempotent: "
                + "changes only what differs and says what it changed.")
final class PrepareBucketCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sub-dir", paramLabel = "MODE", defaultValue = "redirect",
            description = "What /dir (no slash) does when dir/index.html exists: redirect (to /dir/, as a web server), "
                    + "index (serve dir/index.html), not-found. Default: ${DEFAULT-VALUE}.")
    String subDir;

    @Option(names = "--error-document", paramLabel = "KEY", description = "Object served for missing keys, e.g. 404.html.")
    String errorDocument;

    @Option(names = "--error-status", defaultValue = "404", description = "Status of the error document: 404 or 200. "
            + "Default: ${DEFAULT-VALUE}.")
    int errorStatus;

    @Option(names = "--versioning", paramLabel = "on|off", description = "Turn bucket versioning on or suspend it; "
            + "left as it is when not given.")
    String versioning;

    @Option(names = "--dry-run", description = "Say what would change; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Map<String, List<String>> raw = TaskFlags.values(spec);
        raw.put("origin", Collections.singletonList("http://127.0.0.1/"));
        TaskConfig config = TaskConfig.parse(raw);
        PrintWriter out = spec.commandLine().getOut();
        out.println(new PrepareBucketTask(Main.env(spec)).run(config, subDir, errorDocument, errorStatus, versioning,
                dryRun));
        out.flush();
        return ExitCodes.OK;
    }
}
