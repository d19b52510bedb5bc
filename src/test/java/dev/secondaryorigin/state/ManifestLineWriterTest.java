package dev.secondaryorigin.state;

import com.google.gson.stream.JsonWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The byte-level manifest writer writes the very text Gson's JsonWriter wrote, and it reads back. */
class ManifestLineWriterTest {
    private static final String[] AWKWARD = {
        "/plain/path.html", "/q\"uote", "/back\\slash", "/tab\there", "/nl\nx", "/ctl\u0001\u001f", "/é/ü/中文",
        "/emoji-\uD83D\uDE00", "/sep\u2028\u2029", "/<html>&amp;='", "/del\u007f", "",
    };

    @Test
    void writesWhatGsonWroteForEveryKindOfString() throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        long i = 0;
        for (String s : AWKWARD) {
            entries.add(ManifestEntry.builder(s.isEmpty() ? "/empty" : s).etag("\"" + s + "\"").md5(null)
                    .lastModified("Tue, 01 Dec 2026 17:55:49 GMT").size(i * 1000).contentType("text/html; x=" + s)
                    .headersHash((int) (i * 7919) - 20000).lastSeen(1_700_000_000L + i).status(200).depth((int) i)
                    .stored(i % 2 == 0).misses((int) (i % 3)).redirect(i % 4 == 1 ? s + "/to" : null)
                    .speculative(i % 5 == 2).redirectObject(i % 4 == 1 ? "page" : null, i % 4 == 1 ? s : null)
                    .revisitSeconds((int) (i * 3600)).build());
            i++;
        }
        for (ManifestEntry e : entries) {
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            new ManifestLineWriter(ours).write(e);
            assertEquals(gson(e), ours.toString(StandardCharsets.UTF_8), e.path());
        }
        Manifest m = new Manifest();
        entries.forEach(m::put);
        Manifest back = Manifest.fromBytes(m.toBytes());
        assertEquals(m.size(), back.size());
        for (ManifestEntry e : entries) {
            ManifestEntry b = back.get(e.path());
            assertEquals(e.etag(), b.etag());
            assertEquals(e.contentType(), b.contentType());
            assertEquals(e.redirect(), b.redirect());
            assertEquals(e.redirectFinal(), b.redirectFinal());
            assertEquals(e.revisitSeconds(), b.revisitSeconds());
            assertEquals(e.headersHash(), b.headersHash());
        }
    }

    /** The line as the manifest was written before, with Gson's JsonWriter over a UTF-8 Writer. */
    private static String gson(ManifestEntry e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            JsonWriter j = new JsonWriter(w);
            j.beginObject();
            j.name("p").value(e.path());
            if (e.etag() != null) {
                j.name("e").value(e.etag());
            }
            if (e.lastModified() != null) {
                j.name("lm").value(e.lastModified());
            }
            if (e.md5() != null) {
                j.name("m").value(e.md5());
            }
            if (e.size() >= 0) {
                j.name("s").value(e.size());
            }
            if (e.contentType() != null) {
                j.name("ct").value(e.contentType());
            }
            if (e.headersHash() != 0) {
                j.name("h").value(e.headersHash());
            }
            j.name("t").value(e.lastSeen());
            j.name("st").value(e.status());
            j.name("d").value(e.depth());
            if (e.stored()) {
                j.name("k").value(1);
            }
            if (e.misses() > 0) {
                j.name("x").value(e.misses());
            }
            if (e.redirect() != null) {
                j.name("r").value(e.redirect());
            }
            if (e.speculative()) {
                j.name("sp").value(1);
            }
            if (e.redirectObject() != null) {
                j.name("ro").value(e.redirectObject());
                if (e.redirectFinal() != null) {
                    j.name("rf").value(e.redirectFinal());
                }
            }
            if (e.revisitSeconds() > 0) {
                j.name("ri").value(e.revisitSeconds());
            }
            j.endObject();
            j.flush();
            w.write('\n');
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
