package dev.secondaryorigin.state;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes manifest entries as the manifest file's JSON lines straight into bytes. Saving a million-URL manifest went
 * through Gson's {@code JsonWriter} and a character {@code Writer}, which widened every string to UTF-16 and encoded
 * it back, and took a fifth of a 100 000-URL first pass with its checkpoints. The output is the same text: the same
 * field order, and strings escaped as Gson escapes them ({@code "}, {@code \}, control characters, U+2028, U+2029;
 * other characters as UTF-8).
 */
final class ManifestLineWriter {
    private final OutputStream out;
    private byte[] buf = new byte[512];
    private int n;
    private boolean first;

    ManifestLineWriter(OutputStream out) {
        this.out = out;
    }

    void write(ManifestEntry e) throws IOException {
        n = 0;
        first = true;
        put('{');
        string("p", e.path());
        if (e.etag() != null) {
            string("e", e.etag());
        }
        if (e.lastModified() != null) {
            string("lm", e.lastModified());
        }
        if (e.md5() != null) {
            string("m", e.md5());
        }
        if (e.size() >= 0) {
            number("s", e.size());
        }
        if (e.contentType() != null) {
            string("ct", e.contentType());
        }
        if (e.headersHash() != 0) {
            number("h", e.headersHash());
        }
        number("t", e.lastSeen());
        number("st", e.status());
        number("d", e.depth());
        if (e.stored()) {
            number("k", 1);
        }
        if (e.misses() > 0) {
            number("x", e.misses());
        }
        if (e.redirect() != null) {
            string("r", e.redirect());
        }
        if (e.speculative()) {
            number("sp", 1);
        }
        if (e.redirectObject() != null) {
            string("ro", e.redirectObject());
            if (e.redirectFinal() != null) {
                string("rf", e.redirectFinal());
            }
        }
        if (e.revisitSeconds() > 0) {
            number("ri", e.revisitSeconds());
        }
        put('}');
        put('\n');
        out.write(buf, 0, n);
    }

    private void name(String name) {
        if (!first) {
            put(',');
        }
        first = false;
        put('"');
        ascii(name);
        put('"');
        put(':');
    }

    private void number(String name, long v) {
        name(name);
        ascii(Long.toString(v));
    }

    private void string(String name, String v) {
        name(name);
        put('"');
        int len = v.length();
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                escaped(v); // nothing of v is written yet
                put('"');
                return;
            }
        }
        ascii(v);
        put('"');
    }

    /** {@code v} escaped as Gson's JsonWriter escapes it (not HTML-safe), as UTF-8. */
    private void escaped(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 16);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\f': sb.append("\\f"); break;
                case '\u2028': sb.append("\\u2028"); break;
                case '\u2029': sb.append("\\u2029"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        bytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void ascii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    private void put(char c) {
        ensure(1);
        buf[n++] = (byte) c;
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }
}
