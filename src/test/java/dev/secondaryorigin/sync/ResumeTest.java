package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.origin.BackupTree;
import dev.secondaryorigin.testing.origin.FaultyOrigin;
import dev.secondaryorigin.testing.origin.SampleSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.secondaryorigin.sync.PassFixture.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A pass cut short, by its time budget or by {@code kill -9}, finishes on the next run with a backup
 * identical to the one a single uninterrupted pass makes.
 */
class ResumeTest {
    static final int ITEMS = 200;
    static final long DELAY_MS = 30;

    @TempDir
    Path work;

    FaultyOrigin origin;
    SampleSite site;
    PassFixture fx;

    @BeforeEach
    void start() throws IOException {
        origin = FaultyOrigin.start();
        site = new SampleSite(ITEMS);
        site.publish(origin, "v1");
        fx = new PassFixture(origin, work);
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    /** Objects and sidecars of a pass that ran once, start to end, into its own directory. */
    private BackupTree oneShot() throws IOException {
        long delay = DELAY_MS;
        origin.delay(0);
        PassFixture single = new PassFixture(origin, work.resolve("one-shot"));
        PassFixture.CliRun run = single.cli();
        origin.delay(delay);
        assertEquals(0, run.exitCode, String.valueOf(run.report));
        return BackupTree.of(single.backup);
    }

    /** The backup holds exactly the site, byte for byte, and nothing else is served. */
    private void assertMirrorsTheSite(BackupTree tree) {
        Set<String> expected = new TreeSet<>();
        for (String p : site.paths()) {
            expected.add(key(p));
            assertArrayEquals(origin.resources().get(p).body(), tree.get(key(p)), p);
        }
        assertEquals(expected, tree.objects().keySet(), "the served tree holds exactly the site");
    }

    @Test
    void aPassCutByMaxSecondsResumesAndMatchesAOneShotPass() throws IOException {
        // First, so the JVM is warm and the cut pass spends its short budget on fetching.
        BackupTree oneShot = oneShot();
        int hitsBefore = origin.totalHits();
        for (String p : site.paths()) {
            assertEquals(p.equals("/") ? 2 : 1, origin.hits(p), "the entry page is probed, then fetched: " + p);
        }
        origin.delay(DELAY_MS);

        PassFixture.CliRun first = fx.cli("--concurrency", "2", "--max-seconds", "2", "--checkpoint-seconds", "1");

        assertEquals(3, first.exitCode, String.valueOf(first.report));
        assertEquals("incomplete", first.report.get("result").getAsString());
        assertFalse(first.report.get("complete").getAsBoolean());
        assertFalse(first.report.get("resumed").getAsBoolean());
        assertTrue(first.report.get("pending").getAsLong() > 0, first.report.toString());
        assertTrue(Files.exists(fx.checkpointFile()), "checkpoint saved");
        assertFalse(Files.exists(fx.leaseFile()), "lease released");
        int stored = BackupTree.of(fx.backup).objects().size();
        assertTrue(stored > 0 && stored < site.paths().size(), "partly done: " + stored);

        PassFixture.CliRun second = fx.cli("--concurrency", "2");

        assertEquals(0, second.exitCode, String.valueOf(second.report));
        JsonObject r = second.report;
        assertEquals("complete", r.get("result").getAsString());
        assertTrue(r.get("resumed").getAsBoolean());
        assertEquals(2, r.get("invocations").getAsLong());
        assertEquals(first.report.get("passId").getAsString(), r.get("passId").getAsString(), "same pass");
        assertEquals(0, PassFixture.failedTotal(r), r.toString());
        assertEquals(site.paths().size(), r.get("stored").getAsLong(), "counters carried over: " + r);
        assertFalse(Files.exists(fx.checkpointFile()), "checkpoint removed once complete");
        // Nothing done before the cut is fetched again (only the entry page, which each run probes).
        for (String p : site.paths()) {
            if (!p.equals("/")) {
                assertEquals(1 + 1, origin.hits(p), "fetched once across both runs: " + p);
            }
        }
        assertEquals(origin.totalHits() - hitsBefore, r.get("requests").getAsLong(), "requests counted once: " + r);

        BackupTree resumed = BackupTree.of(fx.backup);
        assertMirrorsTheSite(resumed);
        assertEquals(Set.of(), BackupTree.differences(oneShot, resumed), "identical to a one-shot pass");
    }

    @Test
    void aPassKilledWithSigkillFinishesOnTheNextRun() throws Exception {
        origin.delay(DELAY_MS);
        List<String> cmd = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), "dev.secondaryorigin.cli.Main", "sync"));
        cmd.addAll(fx.flags("--concurrency", "2", "--checkpoint-seconds", "1", "--lease-seconds", "10", "--quiet"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("child.log").toFile()).start();
        long killedAt;
        try {
            long giveUp = System.currentTimeMillis() + 30_000;
            while (!Files.exists(fx.checkpointFile())) {
                if (!child.isAlive()) {
                    fail("the pass ended before its first checkpoint:\n" + childLog());
                }
                if (System.currentTimeMillis() > giveUp) {
                    fail("no checkpoint after 30 s:\n" + childLog());
                }
                Thread.sleep(20);
            }
            // Let it write some objects after the checkpoint: that work is lost, the backup must not be.
            Thread.sleep(300);
            assertTrue(child.isAlive(), "the pass must still be running when killed:\n" + childLog());
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            killedAt = System.currentTimeMillis();
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        int storedBeforeKill = BackupTree.of(fx.backup).objects().size();
        assertTrue(storedBeforeKill > 0 && storedBeforeKill < site.paths().size(), "killed mid-pass");

        // The dead pass's lease is still there and names the killed process; until it expires the task is held.
        JsonObject lease = JsonParser.parseString(new String(Files.readAllBytes(fx.leaseFile()),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(lease.get("where").getAsString().endsWith("pid " + child.pid()), lease.toString());
        long expires = lease.get("expiresAtMillis").getAsLong();
        assertTrue(expires > killedAt && expires <= killedAt + 10_000, "expires within --lease-seconds");
        PassFixture.CliRun blocked = fx.cli("--concurrency", "4", "--lease-seconds", "10");
        assertEquals(4, blocked.exitCode, String.valueOf(blocked.report));
        assertEquals("lease-held", blocked.report.get("result").getAsString());
        assertEquals(lease.get("holder").getAsString(),
                blocked.report.getAsJsonObject("leaseHolder").get("holder").getAsString());

        // Once the lease expires, the next run takes it over and resumes the killed pass.
        Thread.sleep(Math.max(0, expires - System.currentTimeMillis() + 50));
        PassFixture.CliRun rerun = fx.cli("--concurrency", "4", "--lease-seconds", "10");

        assertEquals(0, rerun.exitCode, String.valueOf(rerun.report));
        assertEquals("complete", rerun.report.get("result").getAsString());
        assertTrue(rerun.report.get("resumed").getAsBoolean(), rerun.report.toString());
        assertEquals(0, PassFixture.failedTotal(rerun.report), rerun.report.toString());
        assertFalse(Files.exists(fx.checkpointFile()));
        assertFalse(Files.exists(fx.leaseFile()));
        BackupTree tree = BackupTree.of(fx.backup);
        assertMirrorsTheSite(tree);
        System.out.println("kill -9 left " + BackupTree.tempFiles(fx.backup) + " temp files in .secondary-origin/.tmp");
        for (Map.Entry<String, FaultyOrigin.Resource> e : origin.resources().entrySet()) {
            JsonObject sidecar = JsonParser.parseString(new String(tree.get(BackupTree.sidecar(key(e.getKey()))),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            assertEquals(e.getValue().contentType(), sidecar.get("Content-Type").getAsString(), e.getKey());
        }
        assertEquals(Set.of(), BackupTree.differences(oneShot(), tree), "identical to a one-shot pass");
    }

    private String childLog() throws IOException {
        Path log = work.resolve("child.log");
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    /** The classpath of this test run (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isEmpty()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }
}
