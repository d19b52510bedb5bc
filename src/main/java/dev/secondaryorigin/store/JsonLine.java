package dev.secondaryorigin.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON object written straight into bytes, escaped as Gson's {@code JsonWriter} escapes (not HTML-safe:
 * {@code "}, {@code \}, control characters, U+2028 and U+2029; every other character as UTF-8), so the files written
 * through it hold the very text Gson wrote and read back as before. The manifest's lines and the metadata logs'
 * records, one per URL and one per stored object, are written through it: building them as Gson trees and encoding
 * them through character writers took several per cent of a pass.
 *
 * <p>Reusable: {@link #reset} starts the next object in the same buffer. Not thread-safe.
 */
public final class JsonLine {
    private byte[] buf = new byte[256];
    private int n;
    /** No member written yet at the current level: the next one needs no comma. */
    private boolean first = true;

    /** Empties the buffer for the next object. */
    public JsonLine reset() {
        n = 0;
        first = true;
        return this;
    }

    public JsonLine beginObject() {
        put('{');
        first = true;
        return this;
    }

    /** A member whose value is an object; its members follow, then {@link #endObject}. */
    public JsonLine beginObject(String name) {
        name(name);
        return beginObject();
    }

    public JsonLine endObject() {
        put('}');
        first = false;
        return this;
    }

    public JsonLine string(String name, String value) {
        name(name);
        quoted(value);
        return this;
    }

    public JsonLine number(String name, long value) {
        name(name);
        ascii(Long.toString(value));
        return this;
    }

    public JsonLine newline() {
        put('\n');
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, n);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, n);
    }

    private void name(String name) {
        if (!first) {
            put(',');
        }
        first = false;
        quoted(name);
        put(':');
    }

    private void quoted(String v) {
        put('"');
        int len = v.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c <= 0x7f && c != '"' && c != '\\') {
                buf[n++] = (byte) c;
            } else if (c < 0x80) {
                escapeAscii(c);
                ensure(len - i);
            } else {
                beyondAscii(v, i);
                break;
            }
        }
        put('"');
    }

    private void escapeAscii(char c) {
        switch (c) {
            case '"': ascii("\\\""); break;
            case '\\': ascii("\\\\"); break;
            case '\t': ascii("\\t"); break;
            case '\b': ascii("\\b"); break;
            case '\n': ascii("\\n"); break;
            case '\r': ascii("\\r"); break;
            case '\f': ascii("\\f"); break;
            default:
                ascii("\\u00");
                put(Character.forDigit(c >> 4, 16));
                put(Character.forDigit(c & 0xf, 16));
        }
    }

    /**
     * The rest of {@code v} from its first non-ASCII character: escaped, then encoded as a String's UTF-8 (a lone
     * surrogate becomes {@code ?}, as it did through Gson's UTF-8 writer).
     */
    private void beyondAscii(String v, int from) {
        StringBuilder sb = new StringBuilder(v.length() - from + 16);
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\u2028' || c == '\u2029') {
                sb.append("\\u").append(Integer.toHexString(c));
            } else if (c < 0x20 || c == '"' || c == '\\') {
                flush(sb);
                escapeAscii(c);
            } else {
                sb.append(c);
            }
        }
        flush(sb);
    }

    private void flush(StringBuilder sb) {
        if (sb.length() > 0) {
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
            sb.setLength(0);
        }
    }

    private void ascii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[n++] = (byte) s.charAt(i);
        }
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
