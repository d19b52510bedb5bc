package dev.secondaryorigin.cli;

import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code invoke} runs the FC handler locally on an event file, with the task from an env file. */
class InvokeCommandTest {
    @Test
    void timerEventRunsAPassIntoALocalDirectory() throws Exception {
        Path work = Files.createTempDirectory("invoke");
        Path site = work.resolve("site");
        SiteFiles.write(site, "index.html", "<a href=a.html>a</a>");
        SiteFiles.write(site, "a.html", "<p>a</p>");
        Path backup = work.resolve("backup");
        try (Nginx nginx = Nginx.serveStatic(site, "www.example.com")) {
            Path env = work.resolve("deploy.env");
            Files.write(env, ("# local try\nORIGIN=" + nginx.url() + "\nDOMAIN=www.example.com\nSECONDARY_ORIGIN=\""
                    + backup + "\"\n").getBytes(StandardCharsets.UTF_8));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            picocli.CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("invoke", "--event", "../shared/reference/event-timer.json", "--env-file", env.toString());
            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("\"complete\":true"), out.toString());
            assertTrue(Files.isRegularFile(backup.resolve("a.html")));
            assertTrue(err.toString().contains("local-"), "log lines carry the request id: " + err);

            Files.write(env, "NOT A LINE\n".getBytes(StandardCharsets.UTF_8));
            cl = Main.commandLine();
            StringWriter err2 = new StringWriter();
            cl.setErr(new PrintWriter(err2));
            assertEquals(2, cl.execute("invoke", "--event", "../shared/reference/event-timer.json", "--env-file", env.toString()));
            assertTrue(err2.toString().contains("--env-file line 1"), err2.toString());
        } finally {
            SiteFiles.deleteTree(work);
        }
    }
}
