package dev.secondaryorigin.state;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The byte-level manifest reader reads every line as Gson's lenient reader read it, and refuses damaged ones. */
class ManifestLineReaderTest {
    private static final String[] LINES = {
        "{\"p\":\"/a.html\",\"e\":\"\\\"abc\\\"\",\"lm\":\"Tue, 01 Dec 2026 17:55:49 GMT\",\"s\":12,\"ct\":\"text/html\","
                + "\"h\":-77,\"t\":1700000000,\"st\":200,\"d\":2,\"k\":1,\"ri\":3600}",
        "{\"p\":\"/b\",\"t\":1,\"st\":404,\"d\":0,\"x\":3,\"sp\":1}",
        "  { \"p\" : \"/spaced\" , \"s\" : 5 , \"t\" : 9 }  ",
        "{\"p\":\"/future\",\"zz\":{\"nested\":[1,2,{\"a\":null}]},\"t\":2,\"yy\":true,\"ww\":1.5e3,\"st\":301}",
        "{\"p\":\"/strnum\",\"s\":\"42\",\"st\":\"200\",\"t\":\"7\"}",
        "{\"p\":\"/esc\\u00e9\\n\\t\",\"r\":\"/to\\/x\",\"ro\":\"page\",\"rf\":\"/final\",\"t\":3}",
        "{\"p\":\"/é/中文/\uD83D\uDE00\",\"t\":4,\"m\":\"d41d8cd98f00b204e9800998ecf8427e\"}",
        "{\"s\":10,\"t\":5}",
        "{}",
        "{\"p\":\"/crlf\",\"t\":6}\r",
        "",
        "   ",
        "{\"p\":\"/all\\\\escapes\\b\\f\\r\\u2028\\u2029\\u0001\\uD83D\\uDE00\\u00E9\",\"e\":\"W/\\\"x\\\"\",\"t\":8}",
        "{\"p\":\"/\\\"q\\\"\\/\",\"ct\":\"text/html; charset=\\\"utf-8\\\"\",\"e\":\"\\\"\\\"\",\"t\":9}",
        "{\"\\u0070\":\"/escaped-key\",\"t\":10}",
        "{\"p\":\"/neg\",\"h\":-2147483648,\"s\":-1,\"t\":-5}",
    };

    @Test
    void readsEveryLineAsGsonDid() throws IOException {
        Random rnd = new Random(14);
        List<String> lines = new ArrayList<>(List.of(LINES));
        for (int i = 0; i < 2000; i++) {
            lines.add(LINES[rnd.nextInt(LINES.length)].replace("\"/", "\"/" + i + "-"));
        }
        String text = String.join("\n", lines) + "\n";
        List<ManifestEntry> ours = new ArrayList<>();
        ManifestLineReader.read(new ByteArrayInputStream(gzip(text)), ours::add);
        List<ManifestEntry> gson = gson(text);
        assertEquals(gson.size(), ours.size());
        for (int i = 0; i < gson.size(); i++) {
            assertEquals(describe(gson.get(i)), describe(ours.get(i)));
        }
    }

    @Test
    void readsAManifestItWroteItself() throws IOException {
        Manifest m = new Manifest();
        for (int i = 0; i < 5000; i++) {
            m.put(ManifestEntry.builder("/p/" + i + (i % 7 == 0 ? "/\"q\"" : "") + ".html").etag("\"" + i + "\"")
                    .size(i).contentType("text/html").lastSeen(1_700_000_000L + i).status(200).depth(i % 5)
                    .stored(i % 2 == 0).revisitSeconds(i % 3 * 3600).build());
        }
        Manifest back = Manifest.fromBytes(m.toBytes());
        assertEquals(m.size(), back.size());
        for (ManifestEntry e : m.entries()) {
            assertEquals(describe(e), describe(back.get(e.path())));
        }
        assertEquals(0, Manifest.fromBytes(gzip("")).size(), "an empty manifest");
    }

    @Test
    void aDamagedLineIsAnIoErrorNotAWrongEntry() {
        for (String bad : new String[]{"{\"p\":\"/a\",\"s\":}", "{\"p\":\"/a\",\"t\":1", "{\"p\":\"/a\",\"h\":99999999999}",
            "{\"p\":null}", "{\"p\":\"/a\"} {\"p\":\"/b\"}", "{\"p\":\"/a\",\"s\":\"many\"}",
            "{\"p\":\"/a\\x\"}", "{\"p\":\"/a\\u12\"}", "{\"p\":\"/a\\\"}"}) {
            assertThrows(IOException.class, () -> ManifestLineReader.read(new ByteArrayInputStream(gzip(bad + "\n")),
                    e -> { }), bad);
        }
    }

    private static String describe(ManifestEntry e) {
        return String.join("|", e.path(), String.valueOf(e.etag()), String.valueOf(e.lastModified()),
                String.valueOf(e.md5()), Long.toString(e.size()), String.valueOf(e.contentType()),
                Integer.toString(e.headersHash()), Long.toString(e.lastSeen()), Integer.toString(e.status()),
                Integer.toString(e.depth()), Boolean.toString(e.stored()), Integer.toString(e.misses()),
                String.valueOf(e.redirect()), Boolean.toString(e.speculative()), String.valueOf(e.redirectObject()),
                String.valueOf(e.redirectFinal()), Integer.toString(e.revisitSeconds()));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** The manifest as it was read before: Gson's lenient reader over the whole text. */
    private static List<ManifestEntry> gson(String text) throws IOException {
        List<ManifestEntry> out = new ArrayList<>();
        JsonReader j = new JsonReader(new StringReader(text));
        j.setLenient(true);
        while (j.peek() != JsonToken.END_DOCUMENT) {
            j.beginObject();
            String path = null, etag = null, lm = null, md5 = null, ct = null, redirect = null, ro = null, rf = null;
            long size = -1, seen = 0;
            int h = 0, st = 0, d = 0, x = 0, ri = 0;
            boolean stored = false, speculative = false;
            while (j.hasNext()) {
                switch (j.nextName()) {
                    case "p": path = j.nextString(); break;
                    case "e": etag = j.nextString(); break;
                    case "lm": lm = j.nextString(); break;
                    case "m": md5 = j.nextString(); break;
                    case "s": size = j.nextLong(); break;
                    case "ct": ct = j.nextString(); break;
                    case "h": h = j.nextInt(); break;
                    case "t": seen = j.nextLong(); break;
                    case "st": st = j.nextInt(); break;
                    case "d": d = j.nextInt(); break;
                    case "k": stored = j.nextInt() == 1; break;
                    case "x": x = j.nextInt(); break;
                    case "r": redirect = j.nextString(); break;
                    case "sp": speculative = j.nextInt() == 1; break;
                    case "ro": ro = j.nextString(); break;
                    case "rf": rf = j.nextString(); break;
                    case "ri": ri = j.nextInt(); break;
                    default: j.skipValue();
                }
            }
            j.endObject();
            if (path != null) {
                out.add(ManifestEntry.builder(path).etag(etag).lastModified(lm).md5(md5).size(size).contentType(ct)
                        .headersHash(h).lastSeen(seen).status(st).depth(d).stored(stored).misses(x).redirect(redirect)
                        .speculative(speculative).redirectObject(ro, rf).revisitSeconds(ri).build());
            }
        }
        return out;
    }
}
