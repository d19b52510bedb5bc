package dev.secondaryorigin.cli;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * How many URLs the task's site had, for scripts/cdn-secondary-origin: its next run of the same command starts
 * the JVM with C1 alone for a small site and both JIT compilers for a large one, whichever costs less CPU
 * (README.md, "Speed and cost per URL"). The launcher names the file in {@value #ENV}; without it nothing is
 * written.
 */
final class JitHint {
    static final String ENV = "CDNSO_JIT_HINT";

    private JitHint() {
    }

    /** Writes {@code urls N} (the report's manifestUrls) to the file {@value #ENV} names, replacing it whole. */
    static void record(Map<String, String> environment, JsonObject report, PrintWriter err) {
        String file = environment.get(ENV);
        if (file == null || file.isEmpty() || !report.has("manifestUrls")) {
            return;
        }
        Path path = Paths.get(file);
        Path part = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            Files.write(part, ("urls " + report.get("manifestUrls").getAsLong() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Files.move(part, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // Only the next run's JIT setting depends on it: the pass's outcome and exit code stand.
            err.println("warning: " + ENV + ": cannot write " + file + " (" + e + ")");
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // Nothing more to do about a temporary file that cannot be removed either.
            }
        }
    }
}
