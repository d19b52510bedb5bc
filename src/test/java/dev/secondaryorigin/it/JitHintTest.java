package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sync tells the launcher how many URLs its site had, in the file CDNSO_JIT_HINT names (the launcher's JIT
 * choice is tested in LauncherScriptTest); a hint it cannot write costs a warning, never the pass.
 */
class JitHintTest {
    @TempDir
    Path work;

    private int sync(Map<String, String> env, String origin, Path backup, Path report) {
        return Main.execute(env, "sync", "--origin", origin, "--domain", "www.example.com", "--target",
                backup.toString(), "--report-json", report.toString(), "--quiet");
    }

    private static JsonObject read(Path report) throws Exception {
        return JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    }

    @Test
    void theSyncWritesTheSitesUrlCountWhereTheLauncherAsks() throws Exception {
        Path site = work.resolve("site");
        SiteFiles.write(site, "index.html", "<a href=/a.html>a</a><a href=/b.html>b</a><img src=/c.png>");
        SiteFiles.write(site, "a.html", "<p>a</p>");
        SiteFiles.write(site, "b.html", "<p>b</p>");
        SiteFiles.write(site, "c.png", "png");
        Path hint = work.resolve("hints/one");
        Files.createDirectories(hint.getParent());
        try (Nginx nginx = Nginx.serveStatic(site, "www.example.com")) {
            int code = sync(Map.of("CDNSO_JIT_HINT", hint.toString()), nginx.url(), work.resolve("b"),
                    work.resolve("r1.json"));
            assertEquals(0, code);
            long urls = read(work.resolve("r1.json")).get("manifestUrls").getAsLong();
            assertTrue(urls >= 4, "the four objects are known: " + urls);
            assertEquals("urls " + urls + "\n", Files.readString(hint));
            try (var names = Files.list(hint.getParent())) {
                assertEquals(1, names.count(), "no temporary file left beside the hint");
            }

            // Without the variable nothing is written; with a hint that cannot be written the pass still counts.
            Files.delete(hint);
            assertEquals(0, sync(Map.of(), nginx.url(), work.resolve("b"), work.resolve("r2.json")));
            assertFalse(Files.exists(hint));

            PrintStream saved = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                code = sync(Map.of("CDNSO_JIT_HINT", work.resolve("no/such/dir/hint").toString()), nginx.url(),
                        work.resolve("b"), work.resolve("r3.json"));
            } finally {
                System.setErr(saved);
            }
            assertEquals(0, code);
            assertEquals("complete", read(work.resolve("r3.json")).get("result").getAsString().toLowerCase());
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("warning: CDNSO_JIT_HINT") && text.contains("no/such/dir/hint"), text);
        }
    }
}
