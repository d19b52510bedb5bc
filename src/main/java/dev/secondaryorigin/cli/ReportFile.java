package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.Environment;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where {@code --report-json} may write: outside a local target (a report written over {@code index.html} or
 * the manifest would damage the backup), into a directory that exists and is writable. Checked before the
 * pass starts, so a bad path costs nothing.
 */
final class ReportFile {
    private ReportFile() {
    }

    static void check(Path report, TaskConfig config) {
        Path abs = report.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ConfigException("report-json", "directory " + parent + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new ConfigException("report-json", "\"" + report + "\" is a directory; give a file name");
        }
        if (!Environment.isOss(config.target())) {
            Path target = real(Paths.get(config.target().trim()).toAbsolutePath().normalize());
            Path where = real(parent).resolve(abs.getFileName());
            if (where.startsWith(target)) {
                throw new ConfigException("report-json", "must be outside the target directory " + target
                        + " (a report there would be served as part of the site, or overwrite the backup's state); "
                        + "got \"" + report + "\"");
            }
        }
        boolean writable = Files.exists(abs) ? Files.isWritable(abs) && Files.isRegularFile(abs) : Files.isWritable(parent);
        if (!writable) {
            throw new ConfigException("report-json", "cannot write \"" + report + "\" (no permission, or not a regular file)");
        }
    }

    /** The path with symbolic links resolved as far as it exists, so a link cannot hide the target. */
    private static Path real(Path p) {
        Path existing = p;
        Path rest = Paths.get("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
