package dev.secondaryorigin.state;

import dev.secondaryorigin.store.JsonLine;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes manifest entries as the manifest file's JSON lines straight into bytes. Saving a million-URL manifest went
 * through Gson's {@code JsonWriter} and a character {@code Writer}, which widened every string to UTF-16 and encoded
 * it back, and took a fifth of a 100 000-URL first pass with its checkpoints. The output is the same text: the same
 * field order, and strings escaped as Gson escapes them ({@code "}, {@code \}, control characters, U+2028, U+2029;
 * other characters as UTF-8), by {@link JsonLine}.
 */
final class ManifestLineWriter {
    private final OutputStream out;
    private final JsonLine line = new JsonLine();

    ManifestLineWriter(OutputStream out) {
        this.out = out;
    }

    void write(ManifestEntry e) throws IOException {
        JsonLine j = line.reset().beginObject();
        j.string("p", e.path());
        if (e.etag() != null) {
            j.string("e", e.etag());
        }
        if (e.lastModified() != null) {
            j.string("lm", e.lastModified());
        }
        if (e.md5() != null) {
            j.string("m", e.md5());
        }
        if (e.size() >= 0) {
            j.number("s", e.size());
        }
        if (e.contentType() != null) {
            j.string("ct", e.contentType());
        }
        if (e.headersHash() != 0) {
            j.number("h", e.headersHash());
        }
        j.number("t", e.lastSeen());
        j.number("st", e.status());
        j.number("d", e.depth());
        if (e.stored()) {
            j.number("k", 1);
        }
        if (e.misses() > 0) {
            j.number("x", e.misses());
        }
        if (e.redirect() != null) {
            j.string("r", e.redirect());
        }
        if (e.speculative()) {
            j.number("sp", 1);
        }
        if (e.redirectObject() != null) {
            j.string("ro", e.redirectObject());
            if (e.redirectFinal() != null) {
                j.string("rf", e.redirectFinal());
            }
        }
        if (e.revisitSeconds() > 0) {
            j.number("ri", e.revisitSeconds());
        }
        j.endObject().newline().writeTo(out);
    }
}
