package dev.secondaryorigin.store;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The byte-level JSON writer writes the very text Gson wrote for the same object (names, values, nesting). */
class JsonLineTest {
    private static final String[] AWKWARD = {
        "plain", "q\"uote", "back\\slash", "tab\there", "nl\nx", "ctl\u0001\u001f\u007f", "é/ü/中文", "emoji-\uD83D\uDE00",
        "sep\u2028\u2029", "<html>&amp;='", "", "mixé\"\\\n\u2028end", "lone\uD800surrogate", "\b\f\r",
    };

    @Test
    void writesWhatGsonWrote() {
        for (String s : AWKWARD) {
            JsonObject o = new JsonObject();
            o.addProperty("n", s);
            o.addProperty(s + "-name", -42L);
            JsonObject inner = new JsonObject();
            inner.addProperty(s, s);
            o.add("meta", inner);
            o.add("empty", new JsonObject());
            o.addProperty("after", Long.MIN_VALUE);
            byte[] ours = new JsonLine().beginObject().string("n", s).number(s + "-name", -42L).beginObject("meta")
                    .string(s, s).endObject().beginObject("empty").endObject().number("after", Long.MIN_VALUE)
                    .endObject().toByteArray();
            // Compared as UTF-8 bytes, as the files hold them (a lone surrogate is written as "?" either way).
            assertEquals(new String(o.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    new String(ours, StandardCharsets.UTF_8), s);
        }
    }

    @Test
    void randomStringsAndReuse() {
        Random rnd = new Random(2026);
        JsonLine line = new JsonLine();
        for (int k = 0; k < 2000; k++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(40);
            for (int i = 0; i < len; i++) {
                int pick = rnd.nextInt(10);
                sb.append(pick < 5 ? (char) (0x20 + rnd.nextInt(0x60)) : pick < 7 ? (char) rnd.nextInt(0x20)
                        : pick < 8 ? (char) (0x80 + rnd.nextInt(0x800)) : pick < 9 ? '\u2028' : (char) rnd.nextInt(0x10000));
            }
            String s = sb.toString();
            JsonObject o = new JsonObject();
            o.addProperty("v", s);
            byte[] ours = line.reset().beginObject().string("v", s).endObject().newline().toByteArray();
            assertEquals(new String((o + "\n").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    new String(ours, StandardCharsets.UTF_8));
            assertEquals(java.util.Arrays.toString((o + "\n").getBytes(StandardCharsets.UTF_8)),
                    java.util.Arrays.toString(ours), "bytes of " + s);
        }
    }
}
