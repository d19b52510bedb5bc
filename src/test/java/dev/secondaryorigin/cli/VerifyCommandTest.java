package dev.secondaryorigin.cli;

import dev.secondaryorigin.serve.BackupServer;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int code = cl.execute(args);
        return new String[]{Integer.toString(code), out.toString()};
    }

    @Test
    void verifiesTheStoreAndThroughAServedOrigin() throws Exception {
        Path work = Files.createTempDirectory("verify");
        Path site = work.resolve("site");
        SiteFiles.write(site, "index.html", "<a href=a.html>a</a><img src=img/p.png>");
        SiteFiles.write(site, "a.html", "<p>a</p>");
        SiteFiles.write(site, "img/p.png", SiteFiles.randomBytes(1, 4000));
        Path backup = work.resolve("backup");
        try (Nginx nginx = Nginx.serveStatic(site, "www.example.com")) {
            assertEquals(0, Main.execute("sync", "--origin", nginx.url(), "--domain", "www.example.com",
                    "--target", backup.toString(), "--quiet"));
        }
        String[] r = run("verify", "--target", backup.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("Ready: 100.0% (3 of 3 objects)"), r[1]);

        try (BackupServer server = new BackupServer(dev.secondaryorigin.store.ObjectStores.openLocal(backup.toString()),
                "127.0.0.1", 0)) {
            server.start();
            r = run("verify", "--target", backup.toString(), "--via", "http://127.0.0.1:" + server.port() + "/");
            assertEquals("0", r[0], r[1]);
            Files.write(backup.resolve("a.html"), "tampered".getBytes());
            r = run("verify", "--target", backup.toString(), "--via", "http://127.0.0.1:" + server.port() + "/");
            assertEquals("1", r[0], r[1]);
            assertTrue(r[1].contains("Ready: 66.6% (2 of 3 objects)") && r[1].contains("/a.html"), r[1]);
        } finally {
            SiteFiles.deleteTree(work);
        }
        assertEquals("2", run("verify", "--target", backup.toString(), "--via", "ftp://x")[0]);
    }
}
