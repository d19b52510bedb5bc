package dev.secondaryorigin.store;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Opens the store a task's {@code target} names: a local directory or an OSS bucket. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** True when the target names OSS rather than a directory. */
    public static boolean isOss(String target) {
        String t = target.trim();
        return t.toLowerCase(java.util.Locale.ROOT).startsWith("oss://")
                || t.matches("(?i)(https?://)?[^/]*\\.aliyuncs\\.com(/.*)?");
    }

    /** Opens the task's store with the given OSS credentials (FC passes its execution role's STS credentials). */
    public static ObjectStore open(TaskConfig config, CloudCredentials credentials) throws IOException {
        if (isOss(config.target())) {
            return new OssStore(OssTarget.of(config), credentials, config.multipartThreshold());
        }
        return openLocal(config.target());
    }

    /** Same, with OSS credentials from {@code env}'s variables, else the Alibaba Cloud CLI's profile. */
    public static ObjectStore open(TaskConfig config, Map<String, String> env) throws IOException {
        if (isOss(config.target())) {
            return open(config, CloudCredentials.fromEnvironmentOrProfile(env));
        }
        return openLocal(config.target());
    }

    /**
     * Opens the task's store for a command that reads a backup ({@code status}, {@code verify},
     * {@code rollback}): a local directory must already hold a backup, and nothing is created when it does not,
     * so a mistyped path is reported as such instead of becoming an empty backup.
     */
    public static ObjectStore openExisting(TaskConfig config, Map<String, String> env) throws IOException {
        if (isOss(config.target())) {
            return open(config, CloudCredentials.fromEnvironmentOrProfile(env));
        }
        Path dir = Paths.get(config.target().trim());
        if (!Files.exists(dir)) {
            throw new ConfigException("target", "directory \"" + config.target() + "\" does not exist: no backup "
                    + "there (check the path, or run sync first)");
        }
        if (Files.isDirectory(dir) && !Files.isDirectory(dir.resolve(ObjectStore.STATE_PREFIX))) {
            throw new ConfigException("target", "directory \"" + config.target() + "\" holds no backup: it has no "
                    + ObjectStore.STATE_PREFIX + " directory, so no pass has run against it");
        }
        return openLocal(config.target());
    }

    /** True when the target is an existing local directory that no pass has written to (it has no state). */
    public static boolean isDirectoryWithoutBackup(String target) {
        if (isOss(target)) {
            return false;
        }
        Path dir = Paths.get(target.trim());
        return Files.isDirectory(dir) && !Files.isDirectory(dir.resolve(ObjectStore.STATE_PREFIX));
    }

    /** Opens (creating if needed) a local directory store, with a clear error for an unusable path. */
    public static LocalStore openLocal(String target) {
        Path dir = Paths.get(target.trim());
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException("target", "must be a directory, but \"" + target + "\" is a file");
        }
        if (Files.isDirectory(dir) && (!Files.isWritable(dir) || !Files.isReadable(dir))) {
            throw new ConfigException("target", "directory \"" + target + "\" is not readable and writable");
        }
        try {
            return new LocalStore(dir);
        } catch (IOException e) {
            throw new ConfigException("target", "cannot create directory \"" + target + "\": " + e.getMessage());
        }
    }
}
