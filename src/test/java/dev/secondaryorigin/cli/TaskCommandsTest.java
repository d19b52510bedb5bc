package dev.secondaryorigin.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task commands round-trip through a registry directory. */
class TaskCommandsTest {
    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Main.commandLine(Collections.emptyMap());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--registry")) {
            all.add("--registry");
            all.add(dir.resolve("reg").toString());
        }
        int code = cl.execute(all.toArray(new String[0]));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void createListUpdateShowDueDelete() throws Exception {
        assertEquals(0, run("task", "create", "shop", "--origin", "http://127.0.0.1:9/", "--domain", "www.shop.example",
                "--target", dir.resolve("shop").toString(), "--at", "03:00", "--days", "MON,THU", "--tz",
                "Asia/Shanghai", "--resource-types", "html,image", "--exclude", "/tmp/**", "--exclude", "/cart/**"), err);
        assertTrue(out.contains("created task shop (www.shop.example"), out);
        assertEquals(0, run("task", "create", "blog", "--origin", "http://127.0.0.1:9/", "--target",
                dir.resolve("blog").toString(), "--every", "30m", "--full"), err);

        // A duplicate is refused before anything is written: the document stays as it was.
        byte[] before = Files.readAllBytes(dir.resolve("reg/tasks/shop.json"));
        assertEquals(2, run("task", "create", "shop", "--origin", "http://127.0.0.1:8/", "--target",
                dir.resolve("other").toString(), "--every", "1h"));
        assertTrue(err.contains("already exists"), err);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("reg/tasks/shop.json"))));

        assertEquals(0, run("task", "list", "--json"));
        JsonArray list = JsonParser.parseString(out).getAsJsonArray();
        assertEquals(2, list.size());
        JsonObject shop = list.get(1).getAsJsonObject();
        assertEquals("shop", shop.get("name").getAsString());
        assertEquals("at 03:00 days MON,THU tz Asia/Shanghai", shop.get("schedule").getAsString());
        assertEquals("idle", shop.get("state").getAsString());
        assertTrue(shop.has("nextRun"));

        assertEquals(0, run("task", "update", "shop", "--every", "2h", "--max-depth", "7"), err);
        assertEquals(0, run("task", "show", "shop"));
        JsonObject doc = JsonParser.parseString(out).getAsJsonObject();
        assertEquals("2h", doc.getAsJsonObject("schedule").get("every").getAsString());
        assertFalse(doc.getAsJsonObject("schedule").has("at"), "a schedule flag replaces the whole schedule");
        assertEquals("7", doc.getAsJsonObject("options").get("maxDepth").getAsString());
        assertEquals("[\"/tmp/**\",\"/cart/**\"]", doc.getAsJsonObject("options").get("exclude").toString());
        assertEquals("html,image", doc.get("resourceTypes").getAsString());

        // A bad update is refused with sync's message and changes nothing.
        before = Files.readAllBytes(dir.resolve("reg/tasks/shop.json"));
        assertEquals(2, run("task", "update", "shop", "--max-depth", "-1"));
        assertTrue(err.contains("--max-depth must be a whole number from 0 to 10000"), err);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("reg/tasks/shop.json"))));

        assertEquals(0, run("task", "due", "--at", "2026-12-01T10:00:00Z"));
        assertEquals(List.of("blog", "shop"), List.of(out.trim().split("\\s+")));
        assertEquals(0, run("task", "due", "--at", "2026-12-01T10:30:00Z"));
        assertEquals("blog", out.trim());

        Files.write(dir.resolve("reg/tasks/hand-edited.json"), "{\"version\":1,\"name\":\"hand-edited\",\"origin\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("task", "list"));
        assertTrue(out.contains("hand-edited") && out.contains("invalid"), out);
        assertTrue(out.contains("blog") && out.contains("shop"), out);

        assertEquals(0, run("task", "history", "shop"));
        assertTrue(out.contains("has not run yet"), out);
        assertEquals(0, run("task", "delete", "blog", "--purge-state"), err);
        assertEquals(2, run("task", "show", "blog"));
        assertTrue(err.contains("no task named \"blog\""), err);
        assertEquals(0, run("task", "delete", "hand-edited"), err);
        assertEquals(0, run("task", "list", "--json"));
        assertEquals(1, JsonParser.parseString(out).getAsJsonArray().size());
    }
}
