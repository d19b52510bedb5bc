package dev.secondaryorigin.store;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Opens the store a task's {@code target} names: a local directory, or (later) an OSS bucket. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** True when the target names OSS rather than a directory. */
    public static boolean isOss(String target) {
        String t = target.trim();
        return t.startsWith("oss://") || t.matches("(?i)[^/]*\\.aliyuncs\\.com(/.*)?");
    }

    public static ObjectStore open(TaskConfig config) throws IOException {
        if (isOss(config.target())) {
            throw new ConfigException("target", "OSS targets are not supported by this build yet");
        }
        return openLocal(config.target());
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
