package dev.secondaryorigin.cli;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.store.BucketPreparer;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
        if (!ObjectStores.isOss(config.target())) {
            throw new ConfigException("target", "must be an OSS bucket endpoint such as "
                    + "my-backup.oss-cn-hangzhou.aliyuncs.com (a local directory needs no preparing)");
        }
        BucketPreparer.SubDirMode mode;
        try {
            mode = BucketPreparer.SubDirMode.valueOf(subDir.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sub-dir", "must be redirect, index or not-found, got \"" + subDir + "\"");
        }
        if (errorStatus != 404 && errorStatus != 200) {
            throw new ConfigException("error-status", "must be 404 or 200, got " + errorStatus);
        }
        BucketPreparer.Settings settings = BucketPreparer.Settings.defaults().subDirMode(mode);
        try {
            if (errorDocument != null) {
                settings = settings.errorDocument(errorDocument, errorStatus);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("error-document", e.getMessage());
        }
        if (versioning != null) {
            String v = versioning.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("on") && !v.equals("off")) {
                throw new ConfigException("versioning", "must be on or off, got \"" + versioning + "\"");
            }
            settings = settings.versioning(v.equals("on"));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (BucketPreparer preparer = new BucketPreparer(OssTarget.of(config),
                CloudCredentials.fromEnvironmentOrProfile(Main.environment(spec)))) {
            BucketPreparer.Report report = preparer.prepare(settings, dryRun);
            out.println(report);
            out.flush();
        }
        return Main.EXIT_OK;
    }

}
