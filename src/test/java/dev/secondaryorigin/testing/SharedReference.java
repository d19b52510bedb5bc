package dev.secondaryorigin.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reference data kept beside the repository in {@code ../shared/reference/} (FC event samples, the
 * fc3 props schema). A test that needs it fails with a message saying where it looked.
 */
public final class SharedReference {
    private SharedReference() {
    }

    /** The project root: Maven runs tests there. */
    public static Path projectRoot() {
        return Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    }

    public static Path file(String name) {
        Path dir = projectRoot().resolve("../shared/reference").normalize();
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            fail("reference file " + name + " is missing: expected it at " + f + " (the shared/ folder beside the "
                    + "project root, ../shared/reference/ relative to " + projectRoot() + ")");
        }
        return f;
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
