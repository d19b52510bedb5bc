package dev.secondaryorigin.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.origin.BackupTree;
import dev.secondaryorigin.testing.origin.ScenarioSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soft-failure gate, through the CLI into a local directory, against a real nginx: after a good pass, an
 * origin that answers 200 with garbage for everything (a maintenance page, empty bodies, the home page for every
 * path) gets its pass refused: exit 6, result {@code origin-suspect}, reasons in the report, and not one file of
 * the backup touched. Real changes, however large, are stored (no false alarm); {@code --accept-changes}
 * overrides the gate; and once the origin recovers, the next pass completes.
 */
class SoftFailureGateTest {
    static final String TASK = "t1";
    static final int EXIT_ORIGIN_SUSPECT = 6;

    @TempDir
    Path work;

    ScenarioSite site;
    Nginx nginx;
    Path backup;

    @BeforeEach
    void start() throws IOException {
        site = new ScenarioSite(work.resolve("site"));
        backup = work.resolve("backup");
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    // ------------------------------------------------------------------ refused passes

    @Test
    void aMaintenancePageForEveryUrlIsRefusedAndTheBackupIsUntouched() throws IOException {
        goodPass();
        BackupTree before = BackupTree.of(backup);
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));

        OssBackup.CliRun r = sync();

        assertRefused(r, before);
    }

    @Test
    void emptyBodiesForEveryUrlAreRefusedAndTheBackupIsUntouched() throws IOException {
        goodPass();
        BackupTree before = BackupTree.of(backup);
        nginx.reload(site.emptyBodiesOrigin(work.resolve("empty")));

        OssBackup.CliRun r = sync();

        assertRefused(r, before);
    }

    @Test
    void anSpaFallbackAnsweringTheHomePageForEveryPathIsRefusedAndTheBackupIsUntouched() throws IOException {
        goodPass();
        BackupTree before = BackupTree.of(backup);
        nginx.reload(site.spaFallbackOrigin());

        OssBackup.CliRun r = sync();

        assertRefused(r, before);
    }

    @Test
    void aDamningVerdictStopsThePassBeforeItAsksForTheWholeSite() throws IOException {
        site.bulk(400);
        goodPass();
        BackupTree before = BackupTree.of(backup);
        int files = site.files().size();
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));

        OssBackup.CliRun r = sync("--concurrency", "4");

        assertRefused(r, before);
        assertTrue(r.report.get("message").getAsString().contains("stopped early"), r.toString());
        assertTrue(r.num("fetched") < files * 3 / 4, "fetched " + r.num("fetched") + " of " + files + ": " + r);
    }

    @Test
    void theEntryPageWithoutTheGuardBodyTextIsRefusedBeforeAnythingIsFetched() throws IOException {
        goodPass();
        BackupTree before = BackupTree.of(backup);
        String home = new String(site.contents().get("index.html"), StandardCharsets.UTF_8);
        String marker = home.substring(home.indexOf("<h1>"), home.indexOf("</h1>") + 5);
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));

        OssBackup.CliRun r = sync("--guard-body", marker);

        assertEquals(EXIT_ORIGIN_SUSPECT, r.code, r.toString());
        assertTrue(r.report.get("message").getAsString().contains("--guard-body"), r.toString());
        assertTrue(BackupTree.differences(before, BackupTree.of(backup)).isEmpty());
        nginx.reload(site.healthyOrigin());
        assertEquals(0, sync("--guard-body", marker).code, "the real home page has the text");
    }

    @Test
    void aDamagedManifestIsSetAsideAndTheGateStillProtectsTheBackup() throws IOException {
        goodPass();
        Path manifest = backup.resolve(".secondary-origin/" + TASK + "/manifest.jsonl.gz");
        Files.write(manifest, "{\"not\": \"gzip\"}".getBytes(StandardCharsets.UTF_8));
        BackupTree before = BackupTree.of(backup);
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));

        OssBackup.CliRun refused = sync();

        assertEquals(EXIT_ORIGIN_SUSPECT, refused.code, "objects already in the target are compared: " + refused);
        assertTrue(refused.report.getAsJsonArray("stateSetAside").toString().contains("set aside"), refused.toString());
        assertTrue(BackupTree.differences(before, BackupTree.of(backup)).isEmpty());
        try (java.util.stream.Stream<Path> files = Files.list(manifest.getParent())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("manifest.jsonl.gz.unreadable-")),
                    "the damaged manifest is kept for inspection");
        }

        nginx.reload(site.healthyOrigin());
        OssBackup.CliRun healed = sync();
        assertCompleted(healed);
        assertEquals(0, healed.num("stored"), "unchanged objects are recognised, not rewritten: " + healed);
        assertBackupMirrorsSite();
        OssBackup.CliRun again = sync();
        assertEquals(0, again.code, again.toString());
        assertTrue(again.num("notModified") > 0, "the rebuilt manifest is used: " + again);
    }

    @Test
    void aReportPathInsideTheTargetIsRefusedBeforeAnyWork() throws IOException {
        goodPass();
        BackupTree before = BackupTree.of(backup);
        for (Path inside : Arrays.asList(backup.resolve("index.html"),
                backup.resolve(".secondary-origin/" + TASK + "/manifest.jsonl.gz"))) {
            OssBackup.CliRun r = OssBackup.CliRun.run(Collections.emptyMap(), args(backup, inside),
                    work.resolve("never-written.json"));
            assertEquals(2, r.code, r.toString());
            assertTrue(r.err.contains("--report-json") && r.err.contains("outside the target"), r.err);
        }
        Path link = work.resolve("link-to-backup");
        Files.createSymbolicLink(link, backup);
        OssBackup.CliRun viaLink = OssBackup.CliRun.run(Collections.emptyMap(), args(backup, link.resolve("r.json")),
                work.resolve("never-written.json"));
        assertEquals(2, viaLink.code, "a symbolic link does not hide the target: " + viaLink);
        assertTrue(BackupTree.differences(before, BackupTree.of(backup)).isEmpty());
        assertEquals(0, sync().code, "the task still runs");
    }

    // ------------------------------------------------------------------ no false alarms

    @Test
    void aRedesignChangingThirtyPercentOfTheFilesIsStored() throws IOException {
        goodPass();
        List<String> changed = site.pick(0.3);
        site.change(changed);
        assertEquals(new TreeSet<>(changed), new TreeSet<>(site.write()), "files rewritten on the origin");
        assertTrue(changed.size() >= 17 && changed.size() <= 19, "about 30 % of 60 files: " + changed.size());

        OssBackup.CliRun r = sync();

        assertCompleted(r);
        assertBackupMirrorsSite();
    }

    @Test
    void aRedesignChangingEveryFileIsStored() throws IOException {
        goodPass();
        Map<String, byte[]> v1 = site.contents();
        List<String> changed = site.changeWhere(k -> true);
        site.write();
        Set<String> distinct = new TreeSet<>();
        for (String k : changed) {
            assertFalse(Arrays.equals(v1.get(k), site.contents().get(k)), "the redesign changes " + k);
            distinct.add(OssBackup.md5Hex(site.contents().get(k)));
        }
        assertEquals(changed.size(), distinct.size(), "every file has its own new content");
        assertEquals(site.files().size(), changed.size());

        OssBackup.CliRun r = sync();

        assertCompleted(r);
        assertBackupMirrorsSite();
    }

    @Test
    void anImageThatLegitimatelyBecomesAnHtmlPageIsStored() throws IOException {
        goodPass();
        String key = "img/team-3.png";
        site.serveAsHtml(key);
        assertEquals(Collections.singletonList(key), site.write());
        nginx.reload(site.healthyOrigin());

        OssBackup.CliRun r = sync();

        assertCompleted(r);
        assertBackupMirrorsSite();
        JsonObject sidecar = JsonParser.parseString(new String(BackupTree.of(backup).get(BackupTree.sidecar(key)),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(sidecar.get("Content-Type").getAsString().startsWith("text/html"), sidecar.toString());
    }

    @Test
    void fortyMoreIdenticalTagPagesNextToFortyIdenticalOnesAreStored() throws IOException {
        site.tags(40);
        goodPass();
        site.tags(80);
        List<String> written = site.write();
        assertEquals(41, written.size(), "40 new tag pages and the tag index: " + written);
        Set<String> md5s = new TreeSet<>();
        for (int t = 0; t < 80; t++) {
            md5s.add(OssBackup.md5Hex(site.contents().get("tags/tag-" + t + ".html")));
        }
        assertEquals(1, md5s.size(), "all 80 tag pages are identical");

        OssBackup.CliRun r = sync();

        assertCompleted(r);
        assertBackupMirrorsSite();
    }

    // ------------------------------------------------------------------ override and recovery

    @Test
    void acceptChangesStoresTheMaintenancePage() throws IOException {
        goodPass();
        Path dir = work.resolve("maintenance");
        nginx.reload(ScenarioSite.maintenanceOrigin(dir));
        OssBackup.CliRun refused = sync();
        assertEquals(EXIT_ORIGIN_SUSPECT, refused.code, "without --accept-changes the pass is refused: " + refused);

        OssBackup.CliRun r = sync("--accept-changes");

        assertCompleted(r);
        byte[] maintenance = Files.readAllBytes(dir.resolve("maintenance.html"));
        BackupTree tree = BackupTree.of(backup);
        List<String> notReplaced = new ArrayList<>();
        for (String k : site.files()) {
            if (!Arrays.equals(maintenance, tree.get(k))) {
                notReplaced.add(k);
            }
        }
        assertTrue(notReplaced.isEmpty(), "keys that do not hold the maintenance page: " + brief(notReplaced));
    }

    @Test
    void afterARefusedPassTheRecoveredOriginSyncsNormally() throws IOException {
        goodPass();
        BackupTree before = BackupTree.of(backup);
        nginx.reload(ScenarioSite.maintenanceOrigin(work.resolve("maintenance")));
        OssBackup.CliRun refused = sync();
        assertEquals(EXIT_ORIGIN_SUSPECT, refused.code, "the maintenance pass is refused: " + refused);
        Set<String> touched = BackupTree.differences(before, BackupTree.of(backup));
        assertTrue(touched.isEmpty(), "the refused pass touched " + brief(touched));

        // The site comes back, with the few changes deployed during the maintenance window.
        List<String> deployed = Arrays.asList("blog/post-4.html", "css/site.css", "img/post-9.png");
        site.change(deployed);
        assertEquals(deployed.size(), site.write().size());
        nginx.reload(site.healthyOrigin());

        OssBackup.CliRun r = sync();

        assertCompleted(r);
        assertBackupMirrorsSite();
        // Objects and sidecars as a fresh pass of the recovered site makes them: nothing of the refused pass shows.
        Path fresh = work.resolve("fresh");
        OssBackup.CliRun oneShot = OssBackup.CliRun.run(Collections.emptyMap(), args(fresh, work.resolve("fresh.json")),
                work.resolve("fresh.json"));
        assertEquals(0, oneShot.code, oneShot.toString());
        Set<String> diff = BackupTree.differences(BackupTree.of(fresh), BackupTree.of(backup));
        assertTrue(diff.isEmpty(), "differs from a fresh pass of the recovered site in " + brief(diff));
    }

    // ------------------------------------------------------------------ helpers

    private String[] args(Path target, Path report, String... extra) {
        List<String> a = new ArrayList<>(Arrays.asList("sync", "--origin", nginx.url(), "--domain", ScenarioSite.DOMAIN,
                "--task-name", TASK, "--target", target.toString(), "--report-json", report.toString(), "--quiet",
                "--max-revisit", "0"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }

    private OssBackup.CliRun sync(String... extra) throws IOException {
        Path report = Files.createTempFile(work, "report", ".json");
        Files.delete(report);
        return OssBackup.CliRun.run(Collections.emptyMap(), args(backup, report, extra), report);
    }

    /** Writes the site, starts its healthy origin and mirrors it: the good pass every scenario starts from. */
    private void goodPass() throws IOException {
        site.write();
        nginx = Nginx.start(site.healthyOrigin());
        OssBackup.CliRun r = sync();
        assertEquals(0, r.code, "the good pass: " + r);
        assertBackupMirrorsSite();
    }

    private void assertBackupMirrorsSite() {
        assertMirrors(site.contents(), BackupTree.of(backup));
    }

    static void assertMirrors(Map<String, byte[]> expected, BackupTree tree) {
        Map<String, byte[]> objects = tree.objects();
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(objects.keySet());
        Set<String> extra = new TreeSet<>(objects.keySet());
        extra.removeAll(expected.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), "keys of the backup: missing " + brief(missing)
                + "; not on the origin " + brief(extra));
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (!Arrays.equals(e.getValue(), objects.get(e.getKey()))) {
                differing.add(e.getKey());
            }
        }
        assertTrue(differing.isEmpty(), "keys whose bytes differ from the origin's: " + brief(differing));
    }

    static void assertCompleted(OssBackup.CliRun r) {
        assertEquals(0, r.code, r.toString());
        assertNotNull(r.report, r.toString());
        assertEquals("complete", r.report.get("result").getAsString(), r.toString());
        assertTrue(r.report.get("complete").getAsBoolean(), r.toString());
    }

    /** The backup is byte for byte what it was (sidecars included), and the report says why the pass was refused. */
    private void assertRefused(OssBackup.CliRun r, BackupTree before) {
        Set<String> changed = BackupTree.differences(before, BackupTree.of(backup));
        assertTrue(changed.isEmpty(), "the refused pass (exit " + r.code + ", result "
                + (r.report == null ? null : r.report.get("result")) + ") replaced, added or removed "
                + brief(changed) + " in the backup");
        assertRefusedReport(r);
    }

    /** "N files (M objects, K sidecars): [a, b, c] ..." for a failure message. */
    static String brief(java.util.Collection<String> paths) {
        long objects = paths.stream().filter(p -> !p.startsWith(BackupTree.STATE)).count();
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(java.util.Comparator.comparing((String p) -> p.startsWith(BackupTree.STATE)).thenComparing(p -> p));
        List<String> first = sorted.subList(0, Math.min(6, sorted.size()));
        return paths.size() + " files" + (objects < paths.size() ? " (" + objects + " objects, "
                + (paths.size() - objects) + " sidecars)" : "") + (paths.isEmpty() ? "" : ": " + first
                + (paths.size() > first.size() ? " ..." : ""));
    }

    /** Exit 6, {@code origin-suspect}, not complete, a message naming {@code --accept-changes}, gate reasons. */
    static void assertRefusedReport(OssBackup.CliRun r) {
        assertEquals(EXIT_ORIGIN_SUSPECT, r.code, r.toString());
        assertNotNull(r.report, "the report was written: " + r);
        assertEquals("origin-suspect", r.report.get("result").getAsString(), r.toString());
        assertFalse(r.report.get("complete").getAsBoolean(), r.toString());
        assertTrue(r.report.has("message") && r.report.get("message").getAsString().contains("--accept-changes"),
                "the message tells how to override: " + r.report);
        assertTrue(r.report.has("gate") && r.report.get("gate").isJsonObject(), "a gate object: " + r.report);
        JsonObject gate = r.report.getAsJsonObject("gate");
        assertTrue(gate.has("reasons") && gate.get("reasons").isJsonArray(), "gate.reasons: " + gate);
        JsonArray reasons = gate.getAsJsonArray("reasons");
        assertTrue(reasons.size() > 0, "at least one reason: " + gate);
        for (JsonElement e : reasons) {
            assertTrue(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && !e.getAsString().trim().isEmpty(),
                    "each reason is a sentence: " + gate);
        }
    }
}
