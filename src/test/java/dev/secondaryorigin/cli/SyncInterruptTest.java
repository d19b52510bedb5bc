package dev.secondaryorigin.cli;

import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ctrl-C during {@code sync} (SIGINT to a real JVM, against a slow nginx) ends the pass the way the README
 * says: in-flight requests finish, the pass checkpoints, the exit code is 3, and the next run resumes.
 */
class SyncInterruptTest {
    static final int PAGES = 30;

    @TempDir
    Path work;

    @Test
    void sigintCheckpointsAndExitsWithThree() throws Exception {
        assertTrue(Files.exists(Paths.get("/usr/lib/nginx/modules/ngx_http_echo_module.so")),
                "needs nginx's echo module (apt-get install libnginx-mod-http-echo) for a slow origin");
        Path site = work.resolve("site");
        StringBuilder index = new StringBuilder("<html><body>");
        for (int i = 0; i < PAGES; i++) {
            index.append("<a href=\"/p").append(i).append(".html\">p").append(i).append("</a>\n");
            SiteFiles.write(site, "p" + i + ".html", "<p>page " + i + "</p>");
        }
        SiteFiles.write(site, "index.html", index.append("</body></html>").toString());
        Path backup = work.resolve("backup");
        Path checkpoint = backup.resolve(".secondary-origin/sigint/checkpoint.json.gz");
        Path log = work.resolve("child.log");
        // echo_sleep delays every answer without holding a worker; echo_exec then serves the file as usual.
        try (Nginx slow = Nginx.start("server { listen 127.0.0.1:%PORT%; root " + site.toAbsolutePath()
                + "; index index.html;\n  location / { echo_sleep 0.2; echo_exec @static; }\n  location @static { }\n}\n")) {
            List<String> cmd = new ArrayList<>(Arrays.asList(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", testClassPath(), "dev.secondaryorigin.cli.Main", "sync", "--origin", slow.url(),
                    "--target", backup.toString(), "--task-name", "sigint", "--concurrency", "1",
                    "--checkpoint-seconds", "1", "--no-sitemaps"));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long giveUp = System.currentTimeMillis() + 30_000;
                while (!Files.exists(backup.resolve("p2.html"))) {
                    if (!child.isAlive()) {
                        fail("the pass ended before it was interrupted:\n" + read(log));
                    }
                    if (System.currentTimeMillis() > giveUp) {
                        fail("no page stored after 30 s:\n" + read(log));
                    }
                    Thread.sleep(20);
                }
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
                assertEquals(0, kill.waitFor(), "kill -INT");
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the pass ends within 30 s of Ctrl-C:\n" + read(log));
            } finally {
                child.destroyForcibly();
            }
            String output = read(log);
            assertEquals(3, child.exitValue(), "an interrupted pass exits 3 (incomplete), as the README says:\n" + output);
            assertTrue(output.contains("interrupted"), output);
            assertTrue(output.contains("INCOMPLETE"), "the summary is printed: " + output);
            assertTrue(Files.exists(checkpoint), "the pass checkpointed before exiting:\n" + output);

            int resumed = Main.execute("sync", "--origin", slow.url(), "--target", backup.toString(), "--task-name",
                    "sigint", "--concurrency", "8", "--no-sitemaps", "--quiet", "--report-json",
                    work.resolve("report.json").toString());
            String report = read(work.resolve("report.json"));
            assertEquals(0, resumed, report);
            assertTrue(report.contains("\"resumed\": true"), report);
            for (int i = 0; i < PAGES; i++) {
                assertTrue(Files.isRegularFile(backup.resolve("p" + i + ".html")), "p" + i);
            }
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    }

    /** The classpath of this test run (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isEmpty() ? System.getProperty("java.class.path") : cp;
    }
}
