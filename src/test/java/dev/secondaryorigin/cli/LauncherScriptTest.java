package dev.secondaryorigin.cli;

import dev.secondaryorigin.testing.SharedReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/cdn-secondary-origin, run on a probe jar that prints the JVM options it got: the launch settings, the
 * arguments and exit code passed through, the class-data archive written by the first sync and used after, and
 * the JIT setting a sync gets from the size of the site its last run found.
 */
class LauncherScriptTest {
    /** The probe's main: its JVM's options and its arguments, one per line; exits with the number in "exit=N". */
    public static final class Probe {
        public static void main(String[] args) {
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                System.out.println("jvm " + a);
            }
            String hint = System.getenv("CDNSO_JIT_HINT");
            if (hint != null) {
                System.out.println("hint " + hint);
            }
            int code = 0;
            for (String a : args) {
                System.out.println("arg " + a);
                if (a.startsWith("exit=")) {
                    code = Integer.parseInt(a.substring(5));
                }
            }
            String urls = System.getenv("PROBE_URLS");
            if (urls != null && hint != null) {
                // What the sync command writes there at the end of a pass (JitHint).
                try {
                    Files.writeString(Path.of(hint), "urls " + urls + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            System.exit(code);
        }
    }

    private static final class Run {
        final int exit;
        final List<String> out;
        final String err;

        Run(int exit, List<String> out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        List<String> jvm() {
            return out.stream().filter(l -> l.startsWith("jvm ")).map(l -> l.substring(4)).collect(Collectors.toList());
        }

        String hint() {
            return out.stream().filter(l -> l.startsWith("hint ")).map(l -> l.substring(5)).findFirst().orElse(null);
        }

        boolean c1Only() {
            return jvm().contains("-XX:TieredStopAtLevel=1");
        }

        List<String> args() {
            return out.stream().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4)).collect(Collectors.toList());
        }
    }

    @TempDir
    Path tmp;

    private Path probeJar() throws IOException {
        Path classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        Path jar = tmp.resolve("probe.jar");
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
        int rc = tool.run(ps, ps, "--create", "--file", jar.toString(), "--main-class", Probe.class.getName(),
                "-C", classes.toString(), entry);
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
        return jar;
    }

    private Run launch(Path jar, Path cds, String... args) throws IOException, InterruptedException {
        return launchWith(null, jar, cds, args);
    }

    /** Runs the launcher with CDNSO_JAVA_OPTS set to javaOpts (none if null). */
    private Run launchWith(String javaOpts, Path jar, Path cds, String... args)
            throws IOException, InterruptedException {
        return launchWith(javaOpts, null, jar, cds, args);
    }

    /** Runs the launcher; the probe writes probeUrls (if not null) as the hint of a sync's site size. */
    private Run launchWith(String javaOpts, String probeUrls, Path jar, Path cds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(SharedReference.projectRoot().resolve("scripts/cdn-secondary-origin").toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("CDNSO_JAR", jar.toString());
        env.put("CDNSO_CDS_DIR", cds.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("CDNSO_JAVA_OPTS");
        if (javaOpts != null) {
            env.put("CDNSO_JAVA_OPTS", javaOpts);
        }
        env.remove("CDNSO_CDS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.put("CDNSO_JIT_DIR", tmp.resolve("jit").toString());
        env.remove("PROBE_URLS");
        if (probeUrls != null) {
            env.put("PROBE_URLS", probeUrls);
        }
        env.remove("CDNSO_JIT_LARGE");
        env.remove("CDNSO_JIT_HINT");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = p.waitFor();
        return new Run(exit, Files.readAllLines(out), Files.readString(err));
    }

    private static List<Path> archives(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void launchesWithTheSettingsAndPassesArgumentsAndExitCodeThrough() throws Exception {
        Path jar = probeJar();
        Path cds = tmp.resolve("cds");
        Run r = launch(jar, cds, "status", "--target", "a dir with spaces", "exit=5");
        assertEquals(5, r.exit, r.err);
        assertEquals(List.of("status", "--target", "a dir with spaces", "exit=5"), r.args());
        assertTrue(r.jvm().contains("-XX:+UseSerialGC"), r.jvm().toString());
        assertFalse(r.jvm().stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")),
                "both JIT compilers, the JVM's default: " + r.jvm());
        assertTrue(archives(cds).isEmpty(), "only a sync writes the archive: " + archives(cds));
    }

    @Test
    void aCollectorGivenInTheOptionsReplacesTheSerialOne() throws Exception {
        Path jar = probeJar();
        Run r = launchWith("-XX:+UseParallelGC -Xmx256m", jar, tmp.resolve("cds"), "status");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.jvm().contains("-XX:+UseParallelGC"), r.jvm().toString());
        assertTrue(r.jvm().contains("-Xmx256m"), r.jvm().toString());
        assertFalse(r.jvm().contains("-XX:+UseSerialGC"), r.jvm().toString());
    }

    @Test
    void theFirstSyncWritesTheArchiveAndLaterRunsUseItQuietly() throws Exception {
        Path jar = probeJar();
        Path cds = tmp.resolve("cds");
        Run first = launch(jar, cds, "sync");
        assertEquals(0, first.exit, first.err);
        if (Runtime.version().feature() < 13) {
            // The JDK cannot write an archive of application classes at exit: the launcher adds no option for it.
            assertFalse(first.jvm().stream().anyMatch(o -> o.contains("Archive")), first.jvm().toString());
            return;
        }
        assertTrue(first.jvm().stream().anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit=")),
                first.jvm().toString());
        List<Path> written = archives(cds);
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).getFileName().toString().endsWith(".jsa"), "no temporary name left: " + written);

        Run later = launch(jar, cds, "status");
        assertEquals(0, later.exit, later.err);
        assertTrue(later.jvm().contains("-XX:SharedArchiveFile=" + written.get(0)), later.jvm().toString());
        assertEquals(List.of("status"), later.args());
        // The archive's messages never land in a command's output.
        assertTrue(later.out.stream().allMatch(l -> l.startsWith("jvm ") || l.startsWith("arg ")),
                later.out.toString());
        assertFalse(later.err.contains("cds"), later.err);
        assertEquals(written, archives(cds));
    }

    @Test
    void aSyncRunsOnC1AloneUntilItsLastPassFoundALargeSite() throws Exception {
        Path jar = probeJar();
        Path cds = tmp.resolve("cds");
        Run first = launchWith(null, "250000", jar, cds, "sync", "--target", "b", "--domain", "www.example.com",
                "--origin", "http://127.0.0.1:80/", "--report-json", "r1.json");
        assertEquals(0, first.exit, first.err);
        assertTrue(first.c1Only(), "no hint yet: " + first.jvm());
        assertTrue(first.hint() != null && first.hint().startsWith(tmp.resolve("jit").toString()), first.out.toString());

        // The same command (another report file) finds the hint: a large site gets both compilers.
        Run second = launchWith(null, "3000", jar, cds, "sync", "--target", "b", "--domain=www.example.com",
                "--report-json=r2.json");
        assertEquals(0, second.exit, second.err);
        assertFalse(second.jvm().stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")), second.jvm().toString());
        assertEquals(first.hint(), second.hint());

        // That pass found the site small again (the hint is the state's: other flags may change between runs);
        // another target, or another domain, has a hint of its own.
        Run third = launch(jar, cds, "sync", "--target=b", "--domain", "www.example.com",
                "--concurrency", "4", "--origin", "http://127.0.0.1:81/");
        assertTrue(third.c1Only(), third.jvm().toString());
        assertEquals(first.hint(), third.hint());
        Run domain = launch(jar, cds, "sync", "--target", "b", "--domain", "www.example.org");
        assertFalse(domain.hint().equals(first.hint()));
        Run other = launchWith(null, "999999", jar, cds, "sync", "--target", "c");
        assertTrue(other.c1Only(), other.jvm().toString());
        assertFalse(other.hint().equals(first.hint()));

        Run task = launch(jar, cds, "task", "run", "shop");
        assertTrue(task.c1Only() && task.hint() != null, task.out.toString());
        Run status = launch(jar, cds, "status", "--target", "b");
        assertFalse(status.jvm().stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")) || status.hint() != null,
                status.out.toString());
    }

    @Test
    void aJitSettingOfTheUsersReplacesTheChoice() throws Exception {
        Path jar = probeJar();
        Run r = launchWith("-XX:TieredStopAtLevel=4", jar, tmp.resolve("cds"), "sync");
        assertEquals(0, r.exit, r.err);
        assertEquals(List.of("-XX:TieredStopAtLevel=4"),
                r.jvm().stream().filter(o -> o.startsWith("-XX:TieredStopAtLevel")).collect(Collectors.toList()));
        assertEquals(null, r.hint());
    }

    @Test
    void aThresholdThatIsNotANumberIsRefusedByName() throws Exception {
        Path jar = probeJar();
        List<String> cmd = List.of(SharedReference.projectRoot().resolve("scripts/cdn-secondary-origin").toString(), "sync");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CDNSO_JAR", jar.toString());
        pb.environment().put("CDNSO_CDS_DIR", tmp.resolve("cds").toString());
        pb.environment().put("CDNSO_JIT_LARGE", "lots");
        pb.environment().remove("CDNSO_JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("CDNSO_JIT_LARGE") && out.contains("lots"), out);
    }
}
