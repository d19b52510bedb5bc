package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import dev.secondaryorigin.testing.origin.BackupTree;
import dev.secondaryorigin.testing.origin.FaultyOrigin;
import dev.secondaryorigin.testing.origin.FaultyOrigin.Fault;
import dev.secondaryorigin.testing.origin.SampleSite;
import dev.secondaryorigin.testing.origin.Tripwire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.secondaryorigin.sync.PassFixture.failedTotal;
import static dev.secondaryorigin.sync.PassFixture.failureOf;
import static dev.secondaryorigin.sync.PassFixture.key;
import static dev.secondaryorigin.sync.PassFixture.skipped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failing primary origin never damages the backup: after a good pass, the origin changes every
 * resource and misbehaves on some; the next pass must leave each object it could not fetch cleanly
 * byte-identical (bytes and metadata sidecar), report the failure with its kind, and pick up the new
 * version once the origin recovers.
 */
class OriginFaultTest {
    static final int ITEMS = 30;

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

    /** The first, good pass: complete, nothing failed, every resource stored. */
    private BackupTree goodPass() throws IOException {
        PassReport first = fx.engine();
        JsonObject r = first.toJson();
        assertEquals(PassReport.Result.COMPLETE, first.result(), r.toString());
        assertEquals(0, failedTotal(r), r.toString());
        BackupTree before = BackupTree.of(fx.backup);
        for (String p : site.paths()) {
            assertArrayEquals(origin.resources().get(p).body(), before.get(key(p)), p);
            assertNotNull(before.get(BackupTree.sidecar(key(p))), "sidecar of " + p);
        }
        return before;
    }

    private void assertUntouched(BackupTree before, BackupTree after, String path) {
        Set<String> diff = BackupTree.differences(before, after);
        assertFalse(diff.contains(key(path)), path + " was overwritten: " + diff);
        assertFalse(diff.contains(BackupTree.sidecar(key(path))), path + "'s metadata was overwritten: " + diff);
    }

    private void assertFailure(JsonObject report, String path, String kind) {
        String error = failureOf(report, path);
        assertNotNull(error, path + " not among the failures: " + report);
        assertTrue(error.startsWith(kind + ":"), path + " failed as \"" + error + "\", expected " + kind);
    }

    @Test
    void aMaintenancePassSpanningSeveralInvocationsIsRefusedAndLeavesTheBackupAsItWas() throws IOException {
        BackupTree before = goodPass();
        for (String p : site.paths()) {
            origin.put(p, "text/html", "<html><body><h1>Down for maintenance</h1></body></html>");
        }
        origin.delay(60);

        PassFixture.CliRun run = null;
        int runs = 0;
        do {
            run = fx.cli("--max-seconds", "1", "--concurrency", "2", "--checkpoint-seconds", "1");
            runs++;
            assertTrue(BackupTree.differences(before, BackupTree.of(fx.backup)).isEmpty(),
                    "an unfinished pass changes nothing visible (run " + runs + ")");
        } while (run.exitCode == 3 && runs < 30);

        assertTrue(runs > 1, "the pass spanned several invocations: " + run.report);
        assertEquals(6, run.exitCode, run.report.toString());
        assertEquals("origin-suspect", run.report.get("result").getAsString());
        assertTrue(run.report.get("invocations").getAsInt() > 1, run.report.toString());
        assertTrue(BackupTree.differences(before, BackupTree.of(fx.backup)).isEmpty());
        assertFalse(Files.exists(fx.backup.resolve(".secondary-origin/" + PassFixture.DOMAIN + "/staging")),
                "what the refused pass staged is gone, folders included");
    }

    static Stream<Arguments> bodyFaults() {
        return Stream.of(
                Arguments.of("reset mid-body", Fault.resetMidBody(), "reset", "/img/logo.png"),
                Arguments.of("reset mid-body", Fault.resetMidBody(), "reset", "/about.html"),
                Arguments.of("short body", Fault.shortBody(), "truncated", "/img/bg.png"),
                Arguments.of("short body", Fault.shortBody(), "truncated", "/blog/first-post.html"),
                Arguments.of("slow body past the timeout", Fault.stall(3000), "timeout", "/css/site.css"));
    }

    @ParameterizedTest(name = "{0} on {3}")
    @MethodSource("bodyFaults")
    void aBrokenBodyLeavesTheGoodCopyAndIsReported(String name, Fault fault, String kind, String path)
            throws IOException {
        BackupTree before = goodPass();
        site.publish(origin, "v2");
        origin.fault(path, fault);

        JsonObject r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fx.engine()).toJson();

        BackupTree after = BackupTree.of(fx.backup);
        assertUntouched(before, after, path);
        assertFailure(r, path, kind);
        assertEquals(1, failedTotal(r), r.toString());
        assertEquals(1 + 2, origin.hits(path), "one request and one retry in the second pass");
        // The rest of the site moved on to v2: the pass really ran over changed content.
        assertArrayEquals(origin.resources().get("/js/app.js").body(), after.get("js/app.js"));
        assertEquals(before.objects().keySet(), BackupTree.objectsOf(fx.backup), "no stray objects");

        // The origin recovers: the next pass brings the object up to date.
        origin.clearFaults();
        PassReport third = fx.engine();
        assertEquals(PassReport.Result.COMPLETE, third.result());
        assertEquals(0, failedTotal(third.toJson()), third.toJson().toString());
        assertArrayEquals(origin.resources().get(path).body(), BackupTree.of(fx.backup).get(key(path)));
    }

    @Test
    void fiveHundredsOnSomePathsAreReportedAndKeepTheirCopies() throws IOException {
        BackupTree before = goodPass();
        site.publish(origin, "v2");
        List<String> failing = Arrays.asList(SampleSite.item(3), SampleSite.item(7), "/img/logo.png", "/blog/");
        origin.fault(failing.get(0), Fault.status(500));
        origin.fault(failing.get(1), Fault.status(500));
        origin.fault(failing.get(2), Fault.status(503));
        origin.fault(failing.get(3), Fault.status(503));

        JsonObject r = fx.engine().toJson();

        assertEquals("complete", r.get("result").getAsString(), "a few failing URLs do not stop a pass: " + r);
        assertEquals(failing.size(), failedTotal(r), r.toString());
        BackupTree after = BackupTree.of(fx.backup);
        for (String p : failing) {
            assertUntouched(before, after, p);
            assertFailure(r, p, p.startsWith("/items/") ? "http-500" : "http-503");
            assertEquals(1 + 2, origin.hits(p), "retried once: " + p);
        }
        Set<String> changed = BackupTree.differences(before, after).stream()
                .filter(k -> !k.startsWith(BackupTree.STATE)).collect(Collectors.toSet());
        assertEquals(site.paths().size() - failing.size(), changed.size(), "every healthy path moved to v2");
    }

    @Test
    void a503StormOnEverythingStopsThePassAsOriginUnhealthyViaTheCli() throws IOException {
        BackupTree before = goodPass();
        site.publish(origin, "v2");
        origin.faultAll(Fault.status(503));

        PassFixture.CliRun run = fx.cli();

        assertEquals(1, run.exitCode);
        assertEquals("origin-unhealthy", run.report.get("result").getAsString(), run.report.toString());
        assertFalse(run.report.get("complete").getAsBoolean());
        assertTrue(run.report.get("message").getAsString().contains("http-503"), run.report.toString());
        assertEquals(before.files().keySet(), BackupTree.of(fx.backup).files().keySet());
        assertEquals(Set.of(), BackupTree.differences(before, BackupTree.of(fx.backup)), "backup untouched");
        assertFalse(Files.exists(fx.leaseFile()), "lease released");
    }

    @Test
    void a500StormAfterTheHomePageStopsThePassEarlyAndTheNextRunFinishesIt() throws IOException {
        BackupTree before = goodPass();
        site.publish(origin, "v2");
        origin.faultAll(Fault.status(500));
        origin.fault("/", Fault.none());

        PassFixture.CliRun run = fx.cli();

        assertEquals(1, run.exitCode, run.report.toString());
        assertEquals("origin-unhealthy", run.report.get("result").getAsString(), run.report.toString());
        assertTrue(failedTotal(run.report) >= 20, run.report.toString());
        assertTrue(failedTotal(run.report) < site.paths().size() - 1,
                "stopped early, before trying every URL: " + run.report);
        BackupTree after = BackupTree.of(fx.backup);
        for (String p : site.paths()) {
            if (!p.equals("/")) {
                assertUntouched(before, after, p);
            }
        }

        origin.clearFaults();
        PassFixture.CliRun again = fx.cli();
        assertEquals(0, again.exitCode, again.report.toString());
        assertTrue(again.report.get("resumed").getAsBoolean(), again.report.toString());
        BackupTree healed = BackupTree.of(fx.backup);
        for (String p : site.paths()) {
            assertArrayEquals(origin.resources().get(p).body(), healed.get(key(p)), p);
        }
    }

    @Test
    void redirectLoopsTerminateAndOffSiteOrMetadataTargetsAreNeverContacted() throws IOException {
        try (Tripwire other = Tripwire.start()) {
            String otherUrl = "http://127.0.0.1:" + other.port() + "/x";
            String metadata = "http://169.254.169.254/latest/meta-data/";
            site.homeExtras("<a href=\"/loop-a\">a</a> <a href=\"/self\">self</a>"
                    + "<a href=\"" + otherUrl + "\">other port</a> <img src=\"" + metadata + "\">"
                    + "<a href=\"/to-metadata\">m</a> <a href=\"/to-other-port\">o</a>");
            site.publish(origin, "v1");
            origin.redirect("/loop-a", 302, "/loop-b");
            origin.redirect("/loop-b", 302, "http://" + PassFixture.DOMAIN + "/loop-a");
            origin.redirect("/self", 301, "/self");
            origin.redirect("/to-metadata", 302, metadata);
            origin.redirect("/to-other-port", 307, "http://127.0.0.1:" + other.port() + "/y");

            for (int pass = 1; pass <= 2; pass++) {
                JsonObject r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> fx.engine()).toJson();
                assertEquals("complete", r.get("result").getAsString(), r.toString());
                assertEquals(0, failedTotal(r), r.toString());
                assertEquals(5, r.get("redirects").getAsLong(), r.toString());
                if (pass == 1) {
                    // The second pass revalidates the home page (304), so it does not meet its links again.
                    assertEquals(2, skipped(r, "off-site"), "the two off-site links: " + r);
                }
                assertEquals(2, skipped(r, "redirect-off-site"), "the two off-site redirects: " + r);
                for (String p : new String[]{"/loop-a", "/loop-b", "/self"}) {
                    assertEquals(pass, origin.hits(p), "each redirect fetched once per pass: " + p);
                }
            }
            assertEquals(0, other.connections(), "the other local port was contacted");
            // Nor were those URLs taken as paths of the site and asked of the origin.
            for (String p : new String[]{"/x", "/y", "/latest/meta-data/"}) {
                assertEquals(0, origin.hits(p), p);
            }
            Set<String> keys = BackupTree.objectsOf(fx.backup);
            assertFalse(keys.stream().anyMatch(k -> k.contains("loop") || k.contains("self")
                    || k.contains("meta-data") || k.equals("x") || k.equals("y")), keys.toString());
        }
    }

    @Test
    void originDownAtTheStartWritesNothingButTheReport() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PassFixture.CliRun run = fx.cli("--origin", "http://127.0.0.1:" + closedPort + "/");

        assertEquals(1, run.exitCode);
        assertEquals("origin-unhealthy", run.report.get("result").getAsString(), run.report.toString());
        assertTrue(run.report.get("message").getAsString().contains("connect"), run.report.toString());
        List<String> written = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(fx.backup)) {
            walk.filter(Files::isRegularFile).forEach(p -> written.add(fx.backup.relativize(p).toString()));
        }
        String state = ".secondary-origin/" + PassFixture.DOMAIN + "/";
        String logs = ".secondary-origin/.dirmeta/";
        String log = "/~meta.jsonl";
        assertFalse(written.isEmpty());
        List<String> described = new ArrayList<>();
        for (String f : written) {
            if (f.startsWith(logs) && f.endsWith(log)) {
                // A metadata log describes files of its folder: those there now count as written (a record of a
                // file written and deleted again, such as the lease, describes nothing).
                String folder = f.substring(logs.length(), f.length() - log.length());
                for (String line : Files.readAllLines(fx.backup.resolve(f))) {
                    String file = folder + "/" + com.google.gson.JsonParser.parseString(line).getAsJsonObject()
                            .get("n").getAsString();
                    if (Files.exists(fx.backup.resolve(file))) {
                        described.add(file);
                    }
                }
            } else {
                described.add(f);
            }
        }
        for (String file : described) {
            assertTrue(file.startsWith(state + "reports/") || file.equals(state + "last-report.json"),
                    "only the report may be written, found " + described);
        }
    }

    @Test
    void originDownAfterAGoodPassLeavesTheBackupAsItWas() throws IOException {
        BackupTree before = goodPass();
        site.publish(origin, "v2");
        origin.close();

        PassFixture.CliRun run = fx.cli();

        assertEquals(1, run.exitCode);
        assertEquals("origin-unhealthy", run.report.get("result").getAsString(), run.report.toString());
        assertEquals(Set.of(), BackupTree.differences(before, BackupTree.of(fx.backup)));
    }
}
