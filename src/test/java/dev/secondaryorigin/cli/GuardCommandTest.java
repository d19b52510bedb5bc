package dev.secondaryorigin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cdn.CdnTestbed;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.OssEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The guard as a user runs it: a real nginx primary origin that starts answering 502 (and later a
 * maintenance page with 200), the OSS emulator holding the backup, the OpenAPI emulator as the CDN.
 */
class GuardCommandTest {
    private static final String ORIGINS = "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\","
            + "\"port\":80,\"weight\":\"10\"},{\"content\":\"my-backup.oss-cn-hangzhou.aliyuncs.com\",\"type\":\"oss\","
            + "\"priority\":\"30\",\"port\":443,\"weight\":\"10\"}]";

    @TempDir
    Path dir;
    private Nginx nginx;
    private CdnTestbed bed;
    private OssEmulator oss;
    private Path site;

    @BeforeEach
    void start() throws Exception {
        site = dir.resolve("site");
        SiteFiles.write(site, "index.html", "<html><body>home</body></html>");
        String root = site.toAbsolutePath().toString();
        nginx = Nginx.start("server { listen 127.0.0.1:%PORT%; server_name www.example.com 127.0.0.1; root " + root
                + ";\n location = /health { default_type text/plain; if (-f " + root + "/down) { return 502; }\n"
                + "   if (-f " + root + "/maint) { return 200 \"down for maintenance\"; } return 200 \"all healthy\"; }\n}\n");
        bed = CdnTestbed.start();
        bed.cdn.addDomain("www.example.com", ORIGINS);
        oss = OssEmulator.builder().credentials(CdnTestbed.KEY_ID, CdnTestbed.SECRET).region("cn-hangzhou").start();
        oss.createBucket("my-backup");
    }

    @AfterEach
    void stop() {
        nginx.close();
        bed.close();
        oss.close();
    }

    private String[] task(String command, String... extra) {
        List<String> a = new ArrayList<>(Arrays.asList(command, "--origin", nginx.url(), "--domain", "www.example.com",
                "--target", "my-backup.oss-cn-hangzhou.aliyuncs.com", "--oss-endpoint", oss.endpoint(),
                "--cdn-endpoint", bed.emulator.url(), "--guard-path", "/health", "--guard-body", "healthy",
                "--guard-failures", "2", "--guard-successes", "2"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }

    private JsonObject guard() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(bed.env());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(task("guard")), err.toString());
        return JsonParser.parseString(out.toString()).getAsJsonObject();
    }

    @Test
    void failsOverOn502AndMaintenancePageAndRestores() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine sync = Main.commandLine(bed.env());
        sync.setErr(new PrintWriter(err, true));
        sync.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, sync.execute(task("sync")), err.toString());

        assertEquals("none", guard().get("action").getAsString());
        Files.write(site.resolve("down"), new byte[0]);
        JsonObject first = guard();
        assertTrue(first.getAsJsonObject("lastProbe").get("problem").getAsString().contains("502"), first.toString());
        assertEquals("failed-over", guard().get("action").getAsString());
        assertTrue(bed.cdn.sources("www.example.com").contains("\"type\":\"oss\",\"priority\":\"20\""));

        Files.delete(site.resolve("down"));
        Files.write(site.resolve("maint"), new byte[0]);
        guard();
        guard();
        assertEquals("failed-over", guard().get("mode").getAsString(), "a maintenance page is not healthy");

        Files.delete(site.resolve("maint"));
        guard();
        JsonObject back = guard();
        assertEquals("restored", back.get("action").getAsString(), back.toString());
        assertEquals(ORIGINS, bed.cdn.sources("www.example.com"));
        assertTrue(oss.bucket("my-backup").keys().contains(".secondary-origin/www.example.com/guard.json"));
    }

    @Test
    void withoutACompletePassTheBackupIsNotPromoted() throws Exception {
        Files.write(site.resolve("down"), new byte[0]);
        guard();
        JsonObject r = guard();
        assertEquals("promotion-refused-stale-backup", r.get("action").getAsString(), r.toString());
        assertEquals(ORIGINS, bed.cdn.sources("www.example.com"));
    }
}
