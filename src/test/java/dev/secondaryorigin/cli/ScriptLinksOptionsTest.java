package dev.secondaryorigin.cli;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The script-link options: defaults, --no-script-links, and bad values named with what is accepted. */
class ScriptLinksOptionsTest {
    private static Map<String, List<String>> raw(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        m.put("origin", new ArrayList<>(java.util.Collections.singletonList("http://127.0.0.1:8080")));
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsAndOff() {
        TaskConfig c = TaskConfig.parse(raw());
        assertTrue(c.scriptLinks());
        assertEquals(50, c.scriptLinksPerDocument());
        assertEquals(2000, c.scriptLinksPerPass());
        assertEquals(7, c.scriptLinksRecheckDays());
        assertFalse(TaskConfig.parse(raw("no-script-links", "true")).scriptLinks());
        Map<String, String> env = new HashMap<>();
        env.put("ORIGIN", "http://127.0.0.1:8080");
        env.put("NO_SCRIPT_LINKS", "true");
        env.put("SCRIPT_LINKS_PER_PASS", "10");
        TaskConfig fromEnv = TaskConfig.parse(TaskConfig.fromEnvironment(env));
        assertFalse(fromEnv.scriptLinks());
        assertEquals(10, fromEnv.scriptLinksPerPass());
    }

    @Test
    void badValuesNameTheOptionAndTheRange() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TaskConfig.parse(raw("script-links-per-document", "0")));
        assertTrue(e.getMessage().contains("--script-links-per-document must be a whole number from 1 to 100000"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> TaskConfig.parse(raw("script-links-recheck-days", "soon")));
        assertTrue(e.getMessage().contains("--script-links-recheck-days must be a whole number from 0 to 3650"),
                e.getMessage());

        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = Main.execute("sync", "--origin", "http://127.0.0.1:1/", "--script-links-per-pass", "-5");
        } finally {
            System.setErr(err);
        }
        String out = new String(buf.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(2, code, out);
        assertTrue(out.contains("--script-links-per-pass must be a whole number from 0 to 10000000"), out);
        assertFalse(out.contains("Exception"), out);
    }
}
