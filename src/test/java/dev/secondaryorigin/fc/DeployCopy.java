package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secondaryorigin.testing.SharedReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A copy of the deployment files (s.yaml, scripts/deploy.sh) in a temporary folder, with target/ linked to
 * the build, so scripts/deploy.sh can write its .env there and not into the developer's work tree. Runs
 * with a clean environment: PATH, HOME (an empty folder, so no real Serverless Devs access) and the given
 * variables only.
 */
final class DeployCopy {
    final Path dir;
    final Path home;

    DeployCopy(Path tmp) throws IOException {
        Path root = SharedReference.projectRoot();
        dir = Files.createDirectories(tmp.resolve("project"));
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(dir.resolve("scripts"));
        Files.copy(root.resolve("s.yaml"), dir.resolve("s.yaml"));
        Files.copy(root.resolve("scripts/deploy.sh"), dir.resolve("scripts/deploy.sh"));
        Files.copy(root.resolve("scripts/build.sh"), dir.resolve("scripts/build.sh"));
        Files.createSymbolicLink(dir.resolve("target"), root.resolve("target"));
    }

    /** Exit code and combined output of {@code scripts/deploy.sh ARGS}. */
    String[] deploy(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = "scripts/deploy.sh";
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        String path = pb.environment().get("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path);
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out.toString(StandardCharsets.UTF_8)};
    }
}
