package dev.secondaryorigin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code invoke} fails when the handler's answer is an error, says which, and warns about misspelt variables. */
class InvokeExitCodeTest {
    @TempDir
    Path work;

    private String[] invoke(String event, String envFile) throws Exception {
        Path e = work.resolve("event.json");
        Files.write(e, event.getBytes(StandardCharsets.UTF_8));
        Path env = work.resolve("task.env");
        Files.write(env, envFile.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("invoke", "--event", e.toString(), "--env-file", env.toString());
        return new String[]{Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void anErrorAnswerIsANonZeroExitNamingStatusAndError() throws Exception {
        String[] r = invoke("{\"action\":\"status\"}", "ORIGIN=http://127.0.0.1:1/\nSECONDARY_ORIGN=" + work.resolve("b")
                + "\nCONCURENCY=2\n");
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].contains("error: the handler answered 500 InvalidConfiguration: SECONDARY_ORIGIN is required"), r[2]);
        assertTrue(r[2].contains("unknown variable CONCURENCY is ignored; did you mean CONCURRENCY?"), r[2]);
        assertTrue(r[2].contains("unknown variable SECONDARY_ORIGN is ignored; did you mean SECONDARY_ORIGIN?"), r[2]);
        assertTrue(r[1].contains("\"ok\":false"), "the answer is still printed: " + r[1]);
    }

    @Test
    void aRefusedEventExitsTwo() throws Exception {
        String[] r = invoke("[1, 2, 3]", "ORIGIN=http://127.0.0.1:1/\nSECONDARY_ORIGIN=" + work.resolve("b") + "\n");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("error: the handler answered 400"), r[2]);
    }

    @Test
    void aGoodAnswerExitsZeroWithoutWarnings() throws Exception {
        Path backup = Files.createDirectories(work.resolve("b"));
        String[] r = invoke("{\"action\":\"status\"}", "ORIGIN=http://127.0.0.1:1/\nSECONDARY_ORIGIN=" + backup
                + "\nCONCURRENCY=2\nREGION=cn-hangzhou\nSCHEDULE=@every 60m\n");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("\"ok\":true"), r[1]);
        assertFalse(r[2].contains("warning"), r[2]);
        assertFalse(r[2].contains("error"), r[2]);
    }
}
