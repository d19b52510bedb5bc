package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.origin.BackupTree;
import dev.secondaryorigin.testing.origin.ScenarioSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A pass killed with SIGKILL while it publishes its held-back changes (the marker
 * {@code .secondary-origin/<task>/publish.json} exists exactly then) leaves every key with either its complete
 * old bytes or its complete new bytes, never a partial or missing object, and the next pass finishes the job:
 * the backup then equals the new site exactly.
 */
class PublishCrashTest {
    static final String TASK = "t1";
    /** Files changed between the two passes: enough that publishing them takes a while. */
    static final int BULK = 3000;
    static final int ATTEMPTS = 2;

    @TempDir
    Path work;

    Nginx nginx;
    Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void aPassKilledWhilePublishingLeavesWholeObjectsAndTheNextPassFinishes() throws Exception {
        Path backup = work.resolve("backup");
        Path marker = backup.resolve(".secondary-origin/" + TASK + "/publish.json");
        ScenarioSite site = new ScenarioSite(work.resolve("site")).bulk(BULK);
        site.write();
        nginx = Nginx.start(site.healthyOrigin());
        OssBackup.CliRun first = OssBackup.CliRun.run(Collections.emptyMap(), args(backup, work.resolve("v1.json")),
                work.resolve("v1.json"));
        SoftFailureGateTest.assertCompleted(first);
        System.out.println("first pass: " + first.report.get("durationMs") + " ms for " + first.report.get("stored") + " objects");
        SoftFailureGateTest.assertMirrors(site.contents(), BackupTree.of(backup));

        Map<String, byte[]> before = null;
        Map<String, byte[]> after = null;
        boolean killedWhilePublishing = false;
        for (int attempt = 1; attempt <= ATTEMPTS && !killedWhilePublishing; attempt++) {
            before = site.contents();
            List<String> changed = site.changeWhere(k -> k.startsWith("bulk/") && !k.endsWith("/index.html"));
            assertEquals(BULK, changed.size());
            site.write();
            after = site.contents();

            Path log = work.resolve("child-" + attempt + ".log");
            List<String> cmd = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", testClassPath(), Main.class.getName()));
            cmd.addAll(Arrays.asList(args(backup, work.resolve("child-" + attempt + ".json"),
                    "--lease-seconds", "10", "--checkpoint-seconds", "1")));
            awaitLeaseExpiry(backup);
            child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long giveUp = System.currentTimeMillis() + 60_000;
            boolean seen = false;
            while (child.isAlive()) {
                if (Files.exists(marker)) {
                    seen = true;
                    break;
                }
                if (System.currentTimeMillis() > giveUp) {
                    fail("no " + marker + " after 60 s:\n" + read(log));
                }
                Thread.sleep(1);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            // The marker outliving the process proves the kill landed while it was publishing.
            killedWhilePublishing = Files.exists(marker);
            if (!seen && !killedWhilePublishing) {
                fail("the pass ended by itself (exit " + child.exitValue() + ") and " + marker + " never appeared: it "
                        + "did not hold its " + BULK + " changes back to publish them; child output:\n" + read(log));
            }
            if (!killedWhilePublishing) {
                String reason = "attempt " + attempt + ": the pass published all " + BULK + " changes before the kill "
                        + "landed (marker seen, then gone)";
                if (attempt == ATTEMPTS) {
                    fail(reason + "; raise BULK so that publishing takes longer");
                }
                System.out.println(reason + "; trying again with another change of every bulk file");
            }
            assertWholeObjects(backup, before, after);
        }
        assertTrue(killedWhilePublishing, "the child was killed while " + marker + " existed");

        Map<String, byte[]> objects = BackupTree.of(backup).objects();
        int old = 0;
        int fresh = 0;
        for (Map.Entry<String, byte[]> e : after.entrySet()) {
            if (!Arrays.equals(e.getValue(), before.get(e.getKey()))) {
                if (Arrays.equals(e.getValue(), objects.get(e.getKey()))) {
                    fresh++;
                } else {
                    old++;
                }
            }
        }
        System.out.println("killed while publishing: " + fresh + " changed keys held their new bytes, " + old
                + " their old ones");

        // The killed pass's lease expires within --lease-seconds; then a normal pass finishes the job.
        awaitLeaseExpiry(backup);
        OssBackup.CliRun next = OssBackup.CliRun.run(Collections.emptyMap(), args(backup, work.resolve("next.json"),
                "--lease-seconds", "10"), work.resolve("next.json"));
        SoftFailureGateTest.assertCompleted(next);
        BackupTree tree = BackupTree.of(backup);
        SoftFailureGateTest.assertMirrors(after, tree);
        assertFalse(Files.exists(marker), "no publish marker once the pass completed");
        // Each sidecar describes the bytes now served (size and MD5), not a version left over from the crash.
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : after.entrySet()) {
            byte[] side = tree.get(BackupTree.sidecar(e.getKey()));
            JsonObject s = side == null ? null
                    : JsonParser.parseString(new String(side, StandardCharsets.UTF_8)).getAsJsonObject();
            if (s == null || s.get("size").getAsLong() != e.getValue().length
                    || !OssBackup.md5Hex(e.getValue()).equals(s.get("md5").getAsString())) {
                stale.add(e.getKey());
            }
        }
        assertTrue(stale.isEmpty(), "sidecars that do not describe their object: " + SoftFailureGateTest.brief(stale));
    }

    /** Waits until the lease a killed pass left (if any) has expired, so the next pass may take the task. */
    private static void awaitLeaseExpiry(Path backup) throws IOException, InterruptedException {
        Path lease = backup.resolve(".secondary-origin/" + TASK + "/lease.json");
        if (Files.exists(lease)) {
            JsonObject l = JsonParser.parseString(new String(Files.readAllBytes(lease), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            Thread.sleep(Math.max(0, l.get("expiresAtMillis").getAsLong() - System.currentTimeMillis() + 100));
        }
    }

    /**
     * Every key of the site holds its complete old or its complete new bytes, and nothing else is served (no
     * temp file or staged copy outside {@code .secondary-origin/}).
     */
    private static void assertWholeObjects(Path backup, Map<String, byte[]> before, Map<String, byte[]> after) {
        Map<String, byte[]> objects = BackupTree.of(backup).objects();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        Set<String> stray = new TreeSet<>(objects.keySet());
        stray.removeAll(keys);
        assertTrue(stray.isEmpty(), "served files that are no key of the site: " + SoftFailureGateTest.brief(stray));
        List<String> broken = new ArrayList<>();
        for (String k : after.keySet()) {
            byte[] got = objects.get(k);
            if (got == null || !(Arrays.equals(got, before.get(k)) || Arrays.equals(got, after.get(k)))) {
                broken.add(k + (got == null ? " (missing)" : " (" + got.length + " bytes)"));
            }
        }
        assertTrue(broken.isEmpty(), "keys holding neither their old nor their new bytes after the kill: "
                + SoftFailureGateTest.brief(broken));
    }

    private String[] args(Path backup, Path report, String... extra) {
        List<String> a = new ArrayList<>(Arrays.asList("sync", "--origin", nginx.url(), "--domain", ScenarioSite.DOMAIN,
                "--task-name", TASK, "--target", backup.toString(), "--report-json", report.toString(), "--quiet",
                "--max-revisit", "0"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** The classpath of this test run (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isEmpty() ? System.getProperty("java.class.path") : cp;
    }
}
