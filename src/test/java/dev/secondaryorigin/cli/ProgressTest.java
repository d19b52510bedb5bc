package dev.secondaryorigin.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code sync --log-json} writes a failed URL as the function's url-failure line; without it, nothing per URL. */
class ProgressTest {
    @Test
    void aFailureIsOneEventLogLine() {
        StringWriter err = new StringWriter();
        new Progress(new PrintWriter(err), false, true, false).failure("/gone.html", "http-404", "not found");
        String[] lines = err.toString().split("\n");
        assertEquals(1, lines.length, err.toString());
        JsonObject o = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals("WARN", o.get("level").getAsString());
        assertEquals("url-failure", o.get("msg").getAsString());
        assertEquals("/gone.html", o.get("path").getAsString());
        assertEquals("http-404", o.get("kind").getAsString());
        assertEquals("not found", o.get("message").getAsString());
        assertFalse(o.get("time").getAsString().isEmpty());
    }

    @Test
    void withoutLogJsonFailuresAreOnlyCounted() {
        StringWriter err = new StringWriter();
        new Progress(new PrintWriter(err), false, false, false).failure("/gone.html", "http-404", "not found");
        assertEquals("", err.toString());
    }
}
