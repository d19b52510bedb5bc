package dev.secondaryorigin.state;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the manifest file's JSON lines from bytes, the twin of {@link ManifestLineWriter}: a line as the writer
 * writes it (known keys, plain strings, whole numbers) is read without widening it to characters or building
 * tokens; any other line (an escape in a string, a value of another type, a field of a future version, spacing of
 * another writer) is read by Gson's lenient reader, as every line was before, with the same result. Loading a
 * million-URL manifest through Gson alone was a tenth of an unchanged pass.
 */
final class ManifestLineReader {
    private static final int P = 0, E = 1, LM = 2, M = 3, S = 4, CT = 5, H = 6, T = 7, ST = 8, D = 9, K = 10, X = 11,
            R = 12, SP = 13, RO = 14, RF = 15, RI = 16, UNKNOWN = -1;
    private static final boolean[] NUMERIC = new boolean[17];

    static {
        for (int k : new int[]{S, H, T, ST, D, K, X, SP, RI}) {
            NUMERIC[k] = true;
        }
    }

    private final Fields fields = new Fields();
    private byte[] line = new byte[1024];

    /** Passes each entry of the gzip'd manifest {@code gz} to {@code sink}; a damaged file is an IOException. */
    static void read(InputStream gz, Consumer<ManifestEntry> sink) throws IOException {
        new ManifestLineReader().readAll(new GZIPInputStream(gz, 65536), sink);
    }

    private void readAll(InputStream in, Consumer<ManifestEntry> sink) throws IOException {
        byte[] block = new byte[65536];
        int n = 0; // bytes of the unfinished line in `line`
        int got;
        while ((got = in.read(block)) >= 0) {
            int start = 0;
            for (int i = 0; i < got; i++) {
                if (block[i] == '\n') {
                    append(block, start, i - start, n);
                    n += i - start;
                    take(n, sink);
                    n = 0;
                    start = i + 1;
                }
            }
            append(block, start, got - start, n);
            n += got - start;
        }
        take(n, sink);
    }

    private void append(byte[] from, int off, int len, int at) {
        if (at + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, at + len));
        }
        System.arraycopy(from, off, line, at, len);
    }

    /** Reads the line in {@code line[0, n)}, if any. */
    private void take(int n, Consumer<ManifestEntry> sink) throws IOException {
        if (n == 0 || skipSpace(line, 0, n) == n) {
            return;
        }
        fields.reset();
        if (!fast(line, n)) {
            fields.reset();
            slow(new String(line, 0, n, StandardCharsets.UTF_8));
        }
        ManifestEntry e = fields.entry();
        if (e != null) {
            sink.accept(e);
        }
    }

    /** Reads a line as the writer writes it; false (having set fields partly) for anything else. */
    private boolean fast(byte[] b, int len) {
        int i = skipSpace(b, 0, len);
        if (i >= len || b[i] != '{') {
            return false;
        }
        i = skipSpace(b, i + 1, len);
        if (i < len && b[i] == '}') {
            return skipSpace(b, i + 1, len) == len;
        }
        while (true) {
            if (i >= len || b[i] != '"') {
                return false;
            }
            int ks = ++i;
            while (i < len && b[i] != '"') {
                if (b[i] == '\\') {
                    return false;
                }
                i++;
            }
            if (i >= len) {
                return false;
            }
            int key = keyIndex(b, ks, i - ks);
            i = skipSpace(b, i + 1, len);
            if (i >= len || b[i] != ':') {
                return false;
            }
            i = skipSpace(b, i + 1, len);
            if (i >= len) {
                return false;
            }
            if (b[i] == '"') {
                int vs = ++i;
                boolean escaped = false;
                while (i < len && b[i] != '"') {
                    if (b[i] == '\\') {
                        escaped = true;
                        i++;
                    }
                    i++;
                }
                if (i >= len || key != UNKNOWN && NUMERIC[key]) {
                    return false;
                }
                if (key != UNKNOWN) {
                    String v = escaped ? unescape(b, vs, i) : new String(b, vs, i - vs, StandardCharsets.UTF_8);
                    if (v == null) {
                        return false;
                    }
                    fields.string(key, v);
                }
                i++;
            } else {
                int vs = i;
                if (b[i] == '-') {
                    i++;
                }
                int digits = i;
                while (i < len && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i == digits || i - digits > 18 || key != UNKNOWN && !NUMERIC[key]) {
                    return false;
                }
                if (i < len && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
                    return false;
                }
                if (key != UNKNOWN) {
                    long v = 0;
                    for (int k = digits; k < i; k++) {
                        v = v * 10 + (b[k] - '0');
                    }
                    if (!fields.number(key, b[vs] == '-' ? -v : v)) {
                        return false;
                    }
                }
            }
            i = skipSpace(b, i, len);
            if (i < len && b[i] == ',') {
                i = skipSpace(b, i + 1, len);
            } else if (i < len && b[i] == '}') {
                return skipSpace(b, i + 1, len) == len;
            } else {
                return false;
            }
        }
    }

    /**
     * The JSON string in {@code b[from, to)} with the escapes the writer writes ({@code \\"}, {@code \\\\}, the
     * control characters' short forms and {@code \\uXXXX}) decoded; null for any other escape, which the lenient
     * reader then judges. An ETag is a quoted string, so nearly every entry's line has escapes.
     */
    private static String unescape(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int run = from;
        for (int i = from; i < to; i++) {
            if (b[i] != '\\') {
                continue;
            }
            // A UTF-8 sequence never holds the byte of a backslash, so the runs between escapes decode alone.
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= to) {
                return null;
            }
            char c;
            switch (b[++i]) {
                case '"': c = '"'; break;
                case '\\': c = '\\'; break;
                case '/': c = '/'; break;
                case 'b': c = '\b'; break;
                case 'f': c = '\f'; break;
                case 'n': c = '\n'; break;
                case 'r': c = '\r'; break;
                case 't': c = '\t'; break;
                case 'u':
                    if (i + 4 >= to) {
                        return null;
                    }
                    int v = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0) {
                            return null;
                        }
                        v = v << 4 | d;
                    }
                    i += 4;
                    c = (char) v;
                    break;
                default:
                    return null;
            }
            sb.append(c);
            run = i + 1;
        }
        return sb.append(new String(b, run, to - run, StandardCharsets.UTF_8)).toString();
    }

    /** The line through Gson's lenient reader, as the manifest was read before. */
    private void slow(String text) throws IOException {
        JsonReader j = new JsonReader(new StringReader(text));
        j.setLenient(true);
        try {
            j.beginObject();
            while (j.hasNext()) {
                byte[] name = j.nextName().getBytes(StandardCharsets.UTF_8);
                int key = keyIndex(name, 0, name.length);
                if (key == UNKNOWN) {
                    j.skipValue();
                } else if (NUMERIC[key]) {
                    if (!fields.number(key, key == S || key == T ? j.nextLong() : j.nextInt())) {
                        throw new IOException("a number out of range in the manifest: " + text);
                    }
                } else {
                    fields.string(key, j.nextString());
                }
            }
            j.endObject();
            if (j.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("more than one entry on a line of the manifest: " + text);
            }
        } catch (IllegalStateException | NumberFormatException e) {
            throw new IOException("a damaged line in the manifest (" + e.getMessage() + "): " + text, e);
        }
    }

    private static int skipSpace(byte[] b, int i, int len) {
        while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int keyIndex(byte[] b, int s, int n) {
        if (n == 1) {
            switch (b[s]) {
                case 'p': return P;
                case 'e': return E;
                case 'm': return M;
                case 's': return S;
                case 'h': return H;
                case 't': return T;
                case 'd': return D;
                case 'k': return K;
                case 'x': return X;
                case 'r': return R;
                default: return UNKNOWN;
            }
        }
        if (n == 2) {
            switch (b[s] << 8 | b[s + 1]) {
                case 'l' << 8 | 'm': return LM;
                case 'c' << 8 | 't': return CT;
                case 's' << 8 | 't': return ST;
                case 's' << 8 | 'p': return SP;
                case 'r' << 8 | 'o': return RO;
                case 'r' << 8 | 'f': return RF;
                case 'r' << 8 | 'i': return RI;
                default: return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    /** One line's fields, with the defaults an absent field has. */
    private static final class Fields {
        private final String[] strings = new String[17];
        private long size, seen;
        private int h, st, d, x, ri;
        private boolean stored, speculative;

        void reset() {
            Arrays.fill(strings, null);
            size = -1;
            seen = 0;
            h = st = d = x = ri = 0;
            stored = speculative = false;
        }

        void string(int key, String v) {
            strings[key] = v;
        }

        /** False when an int field gets a value out of its range. */
        boolean number(int key, long v) {
            if (key == S) {
                size = v;
                return true;
            }
            if (key == T) {
                seen = v;
                return true;
            }
            if (v != (int) v) {
                return false;
            }
            int i = (int) v;
            switch (key) {
                case H: h = i; break;
                case ST: st = i; break;
                case D: d = i; break;
                case K: stored = i == 1; break;
                case X: x = i; break;
                case SP: speculative = i == 1; break;
                case RI: ri = i; break;
                default: break;
            }
            return true;
        }

        /** The entry, or null for a line without a path (skipped, as before). */
        ManifestEntry entry() {
            if (strings[P] == null) {
                return null;
            }
            return ManifestEntry.builder(strings[P]).etag(strings[E]).lastModified(strings[LM]).md5(strings[M])
                    .size(size).contentType(strings[CT]).headersHash(h).lastSeen(seen).status(st).depth(d)
                    .stored(stored).misses(x).redirect(strings[R]).speculative(speculative)
                    .redirectObject(strings[RO], strings[RF]).revisitSeconds(ri).build();
        }
    }
}
