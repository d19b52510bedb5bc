package dev.secondaryorigin.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts in {@code src/test/node/} with the published npm packages (Serverless Devs' spec
 * parser, the ROS CDK resource specs) that {@code scripts/test.sh} installs into {@code .ci-node/}. A test
 * that needs them fails, never skips, when Node or the packages are missing, and says how to install them.
 */
public final class NodeTools {
    private NodeTools() {
    }

    public static Path modules() {
        Path m = SharedReference.projectRoot().resolve(".ci-node/node_modules");
        for (String pkg : Arrays.asList("@serverless-devs/parse-spec", "@alicloud/ros-cdk-core", "@alicloud/ros-cdk-fc3",
                "@alicloud/ros-cdk-oss", "@alicloud/ros-cdk-ram", "js-yaml")) {
            if (!Files.isDirectory(m.resolve(pkg))) {
                fail("the npm package " + pkg + " is not installed in " + m + ": run scripts/test.sh (it installs "
                        + "src/test/node/package.json's pinned packages with the machine's npm), or: mkdir -p .ci-node && "
                        + "cp src/test/node/package*.json .ci-node/ && (cd .ci-node && npm ci --ignore-scripts)");
            }
        }
        return m;
    }

    public static Path script(String name) {
        return SharedReference.projectRoot().resolve("src/test/node").resolve(name);
    }

    /**
     * Runs {@code node SCRIPT ARGS} with {@code NODE_PATH} at the installed packages, HOME at {@code home},
     * and the environment reduced to PATH plus {@code env}; returns stdout (stderr is appended on failure). The
     * process's temp dir is a folder of its own, deleted when it ends: the ROS CDK's {@code App} makes a
     * {@code cdk.out*} folder in it for every stack it checks and never removes it (thousands in /tmp otherwise).
     */
    public static String run(Path home, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("node-tmp");
        try {
            return run(home, tmp, env, script, args);
        } finally {
            SiteFiles.deleteTree(tmp);
        }
    }

    private static String run(Path home, Path tmp, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("node");
        cmd.add(script(script).toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        Map<String, String> e = pb.environment();
        String path = e.get("PATH");
        e.clear();
        e.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        e.put("HOME", home.toString());
        e.put("NODE_PATH", modules().toString());
        e.put("TMPDIR", tmp.toString());
        e.putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException notFound) {
            fail("node is not installed (needed to run Serverless Devs' and ROS's own definitions): apt-get install "
                    + "nodejs npm, then scripts/test.sh");
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> copy(p.getErrorStream(), err));
        t.start();
        copy(p.getInputStream(), out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node " + script + " did not finish in 120 s");
        t.join();
        String stdout = out.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail("node " + script + " exited " + p.exitValue() + ": " + stdout + err.toString(StandardCharsets.UTF_8));
        }
        return stdout;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (InputStream i = in) {
            i.transferTo(out);
        } catch (IOException ignored) {
            // the process ended; what was read is kept
        }
    }
}
