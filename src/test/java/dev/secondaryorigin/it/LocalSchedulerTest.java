package dev.secondaryorigin.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scheduler --once} with two tasks of the registry against two real nginx origins: both due tasks run one
 * pass each into their own target, each run is recorded, and a second {@code --once} in the same minute runs
 * nothing again.
 */
class LocalSchedulerTest {
    @TempDir
    Path work;
    Nginx shop;
    Nginx blog;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
        if (blog != null) {
            blog.close();
        }
    }

    private static void site(Path root, String name) throws Exception {
        SiteFiles.write(root, "index.html", "<html><head><link rel=stylesheet href=/main.css></head><body><h1>" + name
                + "</h1><a href=/about.html>about</a><img src=/logo.png></body></html>");
        SiteFiles.write(root, "about.html", "<html><body>about " + name + "</body></html>");
        SiteFiles.write(root, "main.css", "body{color:#123}");
        SiteFiles.write(root, "logo.png", SiteFiles.randomBytes(name.length(), 2000));
    }

    private int cli(StringBuilder stderr, String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = dev.secondaryorigin.cli.MainAccess.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        int code = cl.execute(args);
        stderr.append(err);
        return code;
    }

    /** Moves a task's creation an hour back, as if it had been created then: its current firing is due now. */
    private void createdAnHourAgo(Path registry, String name) throws Exception {
        Path doc = registry.resolve("tasks/" + name + ".json");
        JsonObject o = JsonParser.parseString(new String(Files.readAllBytes(doc), StandardCharsets.UTF_8)).getAsJsonObject();
        o.addProperty("createdAt", java.time.Instant.now().minusSeconds(3600).toString());
        Files.write(doc, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onceRunsTheDueTasksAndRecordsThem() throws Exception {
        site(work.resolve("shop-site"), "shop");
        site(work.resolve("blog-site"), "blog");
        shop = Nginx.serveStatic(work.resolve("shop-site"), "www.shop.example");
        blog = Nginx.serveStatic(work.resolve("blog-site"), "blog.example");
        Path registry = work.resolve("registry");
        StringBuilder err = new StringBuilder();
        assertEquals(0, cli(err, "task", "create", "shop", "--registry", registry.toString(), "--origin", shop.url(),
                "--domain", "www.shop.example", "--target", work.resolve("shop-backup").toString(), "--every", "5m"), err.toString());
        assertEquals(0, cli(err, "task", "create", "blog", "--registry", registry.toString(), "--origin", blog.url(),
                "--domain", "blog.example", "--target", work.resolve("blog-backup").toString(), "--cron",
                "0 0/5 * * * *"), err.toString());
        createdAnHourAgo(registry, "shop");
        createdAnHourAgo(registry, "blog");

        long slot = java.time.Instant.now().getEpochSecond() / 300;
        StringBuilder log = new StringBuilder();
        assertEquals(0, cli(log, "scheduler", "--once", "--registry", registry.toString(), "--max-parallel", "2"),
                log.toString());
        for (String name : new String[] {"shop", "blog"}) {
            for (String f : new String[] {"index.html", "about.html", "main.css", "logo.png"}) {
                assertArrayEquals(Files.readAllBytes(work.resolve(name + "-site").resolve(f)),
                        Files.readAllBytes(work.resolve(name + "-backup").resolve(f)), name + " " + f);
            }
            assertTrue(Files.isDirectory(work.resolve(name + "-backup/.secondary-origin/" + name)),
                    "the task's state lives under its name");
            assertTrue(log.toString().matches("(?s).*task " + name + " \\d{8}T\\d{6}Z: complete \\(exit 0\\) in \\d+ s.*"),
                    log.toString());
        }

        StringBuilder again = new StringBuilder();
        assertEquals(0, cli(again, "scheduler", "--once", "--registry", registry.toString()), again.toString());
        // Within the same five minutes nothing is due again (across a boundary the next firing is, rightly).
        boolean sameSlot = java.time.Instant.now().getEpochSecond() / 300 == slot;
        assertTrue(!sameSlot || !again.toString().contains("complete"), "nothing is due twice: " + again);

        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = dev.secondaryorigin.cli.MainAccess.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        assertEquals(0, cl.execute("task", "history", "shop", "--json", "--registry", registry.toString()));
        JsonArray runs = JsonParser.parseString(out.toString()).getAsJsonArray();
        assertEquals(sameSlot ? 1 : 2, runs.size(), runs.toString());
        assertEquals("complete", runs.get(0).getAsJsonObject().get("result").getAsString());
        assertEquals("schedule", runs.get(0).getAsJsonObject().get("reason").getAsString());
    }
}
