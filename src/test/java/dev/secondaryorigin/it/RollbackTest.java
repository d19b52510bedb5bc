package dev.secondaryorigin.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.origin.BackupTree;
import dev.secondaryorigin.testing.origin.ScenarioSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rollback --to-pass}: three passes over a changing site (v1; v2 with 30 % of the files changed, five
 * added and three removed and pruned; v3 with another change), then the backup is put back, byte for byte
 * and sidecars included, as it was right after the first pass. {@code status --json} lists the passes one can
 * go back to, and an unknown pass id is refused with the valid ones named.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackTest {
    static final String TASK = "t1";
    static final List<String> ADDED = Arrays.asList("blog/post-20.html", "img/post-20.png", "blog/post-21.html",
            "img/post-21.png", "img/team-8.png");
    static final List<String> REMOVED = Arrays.asList("blog/post-19.html", "img/post-19.png", "img/team-7.png");

    static Path work;
    static Path backup;
    static ScenarioSite site;
    static Nginx nginx;
    static String passA;
    static String passB;
    static String passC;
    static BackupTree afterA;
    static BackupTree afterC;

    @BeforeAll
    static void threePasses() throws IOException {
        work = Files.createTempDirectory("rollback-test");
        backup = work.resolve("backup");
        site = new ScenarioSite(work.resolve("site"));
        site.write();
        nginx = Nginx.start(site.healthyOrigin());

        passA = pass("v1");
        afterA = BackupTree.of(backup);
        SoftFailureGateTest.assertMirrors(site.contents(), afterA);

        // v2: five files added, three removed (pruned by this very pass), 30 % of the others changed.
        site.addPost(20).addPost(21).addTeamPhoto(8).removePost(19).removeTeamPhoto(7);
        List<String> changed = new ArrayList<>(site.pick(0.3));
        changed.removeAll(ADDED);
        site.change(changed);
        site.write();
        passB = pass("v2", "--prune-after", "1");
        BackupTree afterB = BackupTree.of(backup);
        SoftFailureGateTest.assertMirrors(site.contents(), afterB);
        for (String k : REMOVED) {
            assertNull(afterB.get(k), "pruned by pass B: " + k);
        }

        // v3: another change.
        site.change(site.pick(0.1));
        site.write();
        passC = pass("v3", "--prune-after", "1");
        afterC = BackupTree.of(backup);
        SoftFailureGateTest.assertMirrors(site.contents(), afterC);
        assertEquals(3, new TreeSet<>(Arrays.asList(passA, passB, passC)).size(), "three distinct pass ids");
    }

    @AfterAll
    static void tearDown() {
        if (nginx != null) {
            nginx.close();
        }
        SiteFiles.deleteTree(work);
    }

    /** Runs a sync pass, which must complete, and returns its pass id. */
    static String pass(String label, String... extra) throws IOException {
        Path report = work.resolve("report-" + label + ".json");
        List<String> args = new ArrayList<>(Arrays.asList("sync", "--origin", nginx.url(), "--domain",
                ScenarioSite.DOMAIN, "--task-name", TASK, "--target", backup.toString(), "--report-json",
                report.toString(), "--quiet", "--max-revisit", "0"));
        args.addAll(Arrays.asList(extra));
        OssBackup.CliRun r = OssBackup.CliRun.run(Collections.emptyMap(), args.toArray(new String[0]), report);
        SoftFailureGateTest.assertCompleted(r);
        assertTrue(r.report.has("passId"), r.toString());
        return r.report.get("passId").getAsString();
    }

    static OssBackup.CliRun cli(String... args) throws IOException {
        return OssBackup.CliRun.run(Collections.emptyMap(), args, null);
    }

    /** Every array named {@code name} anywhere in {@code e}. */
    static void findArrays(JsonElement e, String name, List<JsonArray> out) {
        if (e.isJsonObject()) {
            for (java.util.Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                if (m.getKey().equals(name) && m.getValue().isJsonArray()) {
                    out.add(m.getValue().getAsJsonArray());
                } else {
                    findArrays(m.getValue(), name, out);
                }
            }
        } else if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                findArrays(x, name, out);
            }
        }
    }

    /** The pass ids {@code status --json} lists under {@code rollbackPasses}. */
    static List<String> rollbackPasses() throws IOException {
        OssBackup.CliRun status = cli("status", "--target", backup.toString(), "--task-name", TASK, "--json");
        assertEquals(0, status.code, status.toString());
        JsonElement json = JsonParser.parseString(status.out);
        List<JsonArray> arrays = new ArrayList<>();
        findArrays(json, "rollbackPasses", arrays);
        assertEquals(1, arrays.size(), "one rollbackPasses array in " + status.out);
        List<String> ids = new ArrayList<>();
        for (JsonElement e : arrays.get(0)) {
            assertTrue(e.isJsonObject() && e.getAsJsonObject().has("passId"), "an element with a passId: " + e);
            ids.add(e.getAsJsonObject().get("passId").getAsString());
        }
        return ids;
    }

    @Test
    @Order(1)
    void statusListsThePassesToRollBackTo() throws IOException {
        List<String> ids = rollbackPasses();
        assertTrue(ids.contains(passA), "pass A " + passA + " in " + ids);
        assertTrue(ids.contains(passB), "pass B " + passB + " in " + ids);
    }

    @Test
    @Order(2)
    void anUnknownPassIsRefusedWithTheValidPassIdsNamedAndNothingChanges() throws IOException {
        OssBackup.CliRun r = cli("rollback", "--target", backup.toString(), "--task-name", TASK,
                "--to-pass", "no-such-pass");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains(passA), "stderr names pass A " + passA + ": " + r.err);
        assertTrue(r.err.contains(passB), "stderr names pass B " + passB + ": " + r.err);
        Set<String> changed = BackupTree.differences(afterC, BackupTree.of(backup));
        assertTrue(changed.isEmpty(), "a refused rollback changed " + SoftFailureGateTest.brief(changed));
    }

    @Test
    @Order(3)
    void rollbackToTheFirstPassRestoresTheBackupAsItWasThen() throws IOException {
        OssBackup.CliRun r = cli("rollback", "--target", backup.toString(), "--task-name", TASK, "--to-pass", passA);
        assertEquals(0, r.code, r.toString());
        BackupTree now = BackupTree.of(backup);
        for (String k : ADDED) {
            assertNull(now.get(k), "added after pass A, so gone: " + k);
        }
        for (String k : REMOVED) {
            assertNotNull(now.get(k), "pruned after pass A, so restored: " + k);
            assertArrayEquals(afterA.get(k), now.get(k), k);
        }
        Set<String> diff = BackupTree.differences(afterA, now);
        assertTrue(diff.isEmpty(), "differs from the backup right after pass A in " + SoftFailureGateTest.brief(diff));
    }

    /**
     * Beyond the letter of the contract: after a rollback the task's state must agree with the restored objects,
     * or the next pass would take the origin's 304s for the rolled-back keys and leave the backup behind the site.
     */
    @Test
    @Order(4)
    void theNextSyncAfterARollbackBringsTheBackupBackToTheOrigin() throws IOException {
        pass("after-rollback", "--prune-after", "1");
        SoftFailureGateTest.assertMirrors(site.contents(), BackupTree.of(backup));
    }
}
