package dev.secondaryorigin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status} and {@code verify} read a backup; pointed at the wrong directory they say so and create nothing. */
class ReadOnlyCommandsTest {
    @TempDir
    Path work;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[]{Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aMissingDirectoryIsReportedAndNotCreated() {
        Path typo = work.resolve("bakcup");
        for (String command : new String[]{"status", "verify", "rollback"}) {
            String[] r = command.equals("rollback")
                    ? run(command, "--target", typo.toString(), "--to-pass", "2025-01-01-000000000Z-abcdef")
                    : run(command, "--target", typo.toString());
            assertEquals("2", r[0], command + ": " + r[1] + r[2]);
            assertTrue(r[2].contains("--target directory \"" + typo + "\" does not exist"), command + ": " + r[2]);
            assertFalse(Files.exists(typo), command + " created " + typo);
        }
    }

    @Test
    void aDirectoryThatIsNoBackupIsLeftAsItIs() throws Exception {
        Path plain = Files.createDirectory(work.resolve("plain"));
        String[] status = run("status", "--target", plain.toString());
        assertEquals("0", status[0], status[2]);
        assertTrue(status[1].contains("No task has run against dir " + plain), status[1]);

        String[] verify = run("verify", "--target", plain.toString());
        assertEquals("2", verify[0], verify[2]);
        assertTrue(verify[2].contains("--target directory \"" + plain + "\" holds no backup"), verify[2]);
        assertFalse(verify[2].contains("--task-name"), "the task name is not the problem: " + verify[2]);

        try (java.util.stream.Stream<Path> s = Files.list(plain)) {
            assertEquals(0, s.count(), "nothing written into " + plain);
        }
    }
}
