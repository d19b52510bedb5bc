package dev.secondaryorigin.app;

import dev.secondaryorigin.store.BucketPreparer;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.Locale;

/** Makes an OSS bucket servable as an origin (index documents, sub-directories, error document, versioning). */
public final class PrepareBucketTask {
    private final Environment env;

    public PrepareBucketTask(Environment env) {
        this.env = env;
    }

    /**
     * {@code subDir}: redirect, index or not-found; {@code errorDocument} null: none; {@code versioning} null: left
     * as it is, else on or off. Returns what changed (or would, with {@code dryRun}), as a text.
     */
    public String run(TaskConfig storeConfig, String subDir, String errorDocument, int errorStatus, String versioning,
                      boolean dryRun) throws IOException {
        if (!Environment.isOss(storeConfig.target())) {
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
        try (BucketPreparer preparer = new BucketPreparer(OssTarget.of(storeConfig), env.credentials())) {
            return preparer.prepare(settings, dryRun).toString();
        }
    }
}
