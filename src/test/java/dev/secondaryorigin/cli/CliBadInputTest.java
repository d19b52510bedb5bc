package dev.secondaryorigin.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad option is refused before any network call, with one clear line and exit code 2. */
class CliBadInputTest {
    private static String[] run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        picocli.CommandLine cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        try {
            code = cl.execute(args);
        } finally {
            System.setErr(oldErr);
        }
        return new String[]{Integer.toString(code), new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }

    private static void assertBad(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains(expected), "stderr was: " + r[1]);
        assertEquals(1, r[1].trim().split("\n").length <= 2 ? 1 : 0, "one clear line: " + r[1]);
    }

    @Test
    void badOptionsGetExitCode2AndNameTheOption() throws Exception {
        assertBad("--origin is required", "sync");
        assertBad("--origin must be an http(s) URL, got \"ftp://x\"", "sync", "--origin", "ftp://x");
        assertBad("--resource-types has unknown resource type \"pics\"; accepted: html, css",
                "sync", "--origin", "http://127.0.0.1:1/", "--resource-types", "html,pics");
        assertBad("--max-objects must be a whole number from 1", "sync", "--origin", "http://127.0.0.1:1/", "--max-objects", "-5");
        assertBad("Unknown option: '--frobnicate'", "sync", "--origin", "http://127.0.0.1:1/", "--frobnicate");
        Path file = Files.createTempFile("not-a-dir", ".txt");
        try {
            assertBad("--target must be a directory, but", "sync", "--origin", "http://127.0.0.1:1/", "--target", file.toString());
        } finally {
            Files.delete(file);
        }
        assertBad("--port must be from 0 to 65535", "serve", "--port", "70000");
    }

    @Test
    void helpDocumentsEveryOptionWithItsDefault() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(out));
        assertEquals(0, cl.execute("sync", "--help"));
        String help = out.toString();
        for (dev.secondaryorigin.task.OptionDef d : dev.secondaryorigin.task.TaskOptions.ALL) {
            assertTrue(help.contains("--" + d.name()), d.name());
            assertTrue(help.contains(d.envName()), d.envName());
            if (d.defaultValue() != null && !d.isBoolean()) {
                assertTrue(help.replaceAll("\\s+", " ").contains("Default: " + d.defaultValue()), "default of " + d.name());
            }
        }
    }

    @Test
    void readmeListsEveryOption() throws Exception {
        String readme = new String(Files.readAllBytes(java.nio.file.Paths.get("README.md")), StandardCharsets.UTF_8);
        for (dev.secondaryorigin.task.OptionDef d : dev.secondaryorigin.task.TaskOptions.ALL) {
            assertTrue(readme.contains("`--" + d.name()), "README lacks --" + d.name());
            assertTrue(readme.contains("`" + d.envName() + "`"), "README lacks " + d.envName());
        }
    }
}
