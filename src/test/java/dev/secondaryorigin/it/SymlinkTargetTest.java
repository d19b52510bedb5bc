package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A symbolic link inside a local target never leads a write or a read out of it: sync refuses the keys
 * below it (reported, exit 5) in the first pass and in a staged one, and serve answers 403.
 */
class SymlinkTargetTest {
    @TempDir
    Path work;

    private JsonObject sync(String origin, Path backup, Path report) throws Exception {
        int code = Main.execute("sync", "--origin", origin, "--domain", "www.example.com", "--target", backup.toString(),
                "--report-json", report.toString(), "--quiet", "--max-revisit", "0");
        JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                .getAsJsonObject();
        r.addProperty("exitCode", code);
        return r;
    }

    @Test
    void writesAndReadsNeverFollowALinkOutOfTheTarget() throws Exception {
        Path site = work.resolve("site");
        SiteFiles.write(site, "index.html", "<a href=/docs/a.html>a</a><a href=/ok.html>ok</a>");
        SiteFiles.write(site, "docs/a.html", "<p>docs v1</p>");
        SiteFiles.write(site, "ok.html", "<p>ok v1</p>");
        Path elsewhere = work.resolve("elsewhere");
        SiteFiles.write(elsewhere, "a.html", "precious");
        SiteFiles.write(elsewhere, "hostname", "outside the backup");
        Path backup = work.resolve("backup");
        Files.createDirectories(backup);
        Files.createSymbolicLink(backup.resolve("docs"), elsewhere);

        try (Nginx nginx = Nginx.serveStatic(site, "www.example.com")) {
            JsonObject first = sync(nginx.url(), backup, work.resolve("r1.json"));
            assertEquals(5, first.get("exitCode").getAsInt(), first.toString());
            assertTrue(first.getAsJsonObject("failed").toString().contains("symbolic link"), first.toString());
            assertEquals("precious", new String(Files.readAllBytes(elsewhere.resolve("a.html")), StandardCharsets.UTF_8));
            assertTrue(Files.isRegularFile(backup.resolve("ok.html")), "other keys are stored");

            SiteFiles.change(site.resolve("docs/a.html"), "v2");
            SiteFiles.change(site.resolve("ok.html"), "v2");
            JsonObject staged = sync(nginx.url(), backup, work.resolve("r2.json"));
            assertEquals(5, staged.get("exitCode").getAsInt(), staged.toString());
            assertEquals("precious", new String(Files.readAllBytes(elsewhere.resolve("a.html")), StandardCharsets.UTF_8));
            assertArrayEquals(Files.readAllBytes(site.resolve("ok.html")), Files.readAllBytes(backup.resolve("ok.html")));
        }

        Files.createSymbolicLink(backup.resolve("etclink"), elsewhere);
        try (dev.secondaryorigin.store.LocalStore store = new dev.secondaryorigin.store.LocalStore(backup)) {
            dev.secondaryorigin.serve.BackupServer server = new dev.secondaryorigin.serve.BackupServer(store, "127.0.0.1", 0);
            server.start();
            try {
                for (String path : new String[]{"/etclink/hostname", "/docs/a.html"}) {
                    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + path)
                            .openConnection();
                    assertEquals(403, c.getResponseCode(), path);
                }
            } finally {
                server.close();
            }
        }
    }
}
