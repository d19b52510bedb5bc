package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A site full of hostile links, served by a real nginx: traversal, control characters, over-long keys
 * and URLs, the reserved state prefix, and an infinite calendar. The pass completes, refuses or bounds
 * each, counts them in the report, and writes nothing outside the backup.
 */
class HostileLinksTest {
    @Test
    void hostileLinksAreRefusedOrBoundedAndCounted() throws Exception {
        Path work = Files.createTempDirectory("hostile");
        try {
            Path site = work.resolve("site");
            StringBuilder longPath = new StringBuilder("/");
            for (int i = 0; i < 10_000; i++) {
                longPath.append('x');
            }
            StringBuilder longKey = new StringBuilder("/");
            for (int i = 0; i < 360; i++) {
                longKey.append("文");
            }
            SiteFiles.write(site, "index.html", "<html><body>"
                    + "<a href=\"/a/..%2F..%2F..%2Fetc%2Fpasswd\">traversal</a>"
                    + "<a href=\"/%2e%2e/%2e%2e/outside.html\">dots</a>"
                    + "<a href=\"/bad%0Aname.html\">newline</a>"
                    + "<a href=\"" + longPath + "\">long url</a>"
                    + "<a href=\"" + longKey + ".html\">long key</a>"
                    + "<a href=\"/.secondary-origin/www.example.com/manifest.jsonl.gz\">state</a>"
                    + "<a href=\"/calendar/?month=1\">calendar</a><a href=\"/calendar/?month=2\">calendar</a>"
                    + "<a href=\"/ok.html\">ok</a></body></html>");
            SiteFiles.write(site, "ok.html", "<p>fine</p>");
            // Every calendar page links to a "next month" one level deeper: an infinite URL space.
            try (Nginx nginx = Nginx.start("server { listen 127.0.0.1:%PORT%; server_name www.example.com; root " + site
                    + "; location /calendar/ { default_type text/html; "
                    + "return 200 '<a href=\"next/\">next month</a><a href=\"?day=2\">day</a>'; } }\n")) {
                Path backup = work.resolve("backup");
                Path report = work.resolve("r.json");
                assertEquals(0, Main.execute("sync", "--origin", nginx.url(), "--domain", "www.example.com",
                        "--target", backup.toString(), "--quiet", "--report-json", report.toString()));
                JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                JsonObject reasons = r.getAsJsonObject("skipped").getAsJsonObject("reasons");
                for (String reason : Arrays.asList("url-loop", "url-too-long", "key-too-long", "control-character",
                        "path-traversal", "reserved-key")) {
                    assertTrue(reasons.has(reason), "no " + reason + " in " + reasons);
                }
                List<String> files = SiteFiles.list(backup, false);
                assertTrue(files.contains("ok.html"), files.toString());
                long calendarPages = files.stream().filter(f -> f.startsWith("calendar/")).count();
                assertTrue(calendarPages > 0 && calendarPages <= 4, "calendar bounded: " + files);
                assertFalse(Files.exists(work.resolve("outside.html")));
                assertFalse(Files.exists(work.resolve("etc")));
                assertTrue(r.get("complete").getAsBoolean());
            }
        } finally {
            SiteFiles.deleteTree(work);
        }
    }
}
