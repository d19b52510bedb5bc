package dev.secondaryorigin.state;

import dev.secondaryorigin.store.Payload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip'd UTF-8 text, the format of every state file that can grow with the site. */
final class GzipJson {
    private GzipJson() {
    }

    interface WriterBody {
        void write(Writer w) throws IOException;
    }

    interface BytesBody {
        void write(OutputStream out) throws IOException;
    }

    /** {@link #write} for a body that writes UTF-8 bytes itself. */
    static byte[] writeBytes(BytesBody body) throws IOException {
        ChunkedBytes bytes = new ChunkedBytes();
        try (OutputStream out = new java.io.BufferedOutputStream(new GZIPOutputStream(bytes, 65536), 65536)) {
            body.write(out);
        }
        return bytes.toByteArray();
    }

    static byte[] write(WriterBody body) throws IOException {
        ChunkedBytes bytes = new ChunkedBytes();
        gzip(body).writeTo(bytes);
        return bytes.toByteArray();
    }

    /** The body gzip'd as it is written, for {@code ObjectStore.putState} to stream: never whole in memory. */
    static Payload.Writer gzip(WriterBody body) {
        return out -> {
            try (Writer w = new OutputStreamWriter(new GZIPOutputStream(out, 65536), StandardCharsets.UTF_8)) {
                body.write(w);
            }
        };
    }

    /** {@link #gzip} for a body that writes UTF-8 bytes itself. */
    static Payload.Writer gzipBytes(BytesBody body) {
        return out -> {
            try (OutputStream gz = new java.io.BufferedOutputStream(new GZIPOutputStream(out, 65536), 65536)) {
                body.write(gz);
            }
        };
    }

    /**
     * Output in 256 KiB chunks (not humongous for G1), copied once at the end: a growing array would double (and
     * copy) its way to the size of a million-URL manifest, needing two or three times it at once in one piece.
     */
    private static final class ChunkedBytes extends OutputStream {
        private static final int CHUNK = 1 << 18;
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[8192];
        private int used;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == current.length) {
                    if (current.length < CHUNK) {
                        current = Arrays.copyOf(current, Math.min(CHUNK, current.length * 2));
                    } else {
                        full.add(current);
                        current = new byte[CHUNK];
                        used = 0;
                    }
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        byte[] toByteArray() {
            byte[] out = new byte[full.size() * CHUNK + used];
            int p = 0;
            for (byte[] c : full) {
                System.arraycopy(c, 0, out, p, CHUNK);
                p += CHUNK;
            }
            System.arraycopy(current, 0, out, p, used);
            return out;
        }
    }

    static Reader reader(byte[] gz) throws IOException {
        return reader(new ByteArrayInputStream(gz));
    }

    static Reader reader(InputStream gz) throws IOException {
        return new InputStreamReader(new GZIPInputStream(gz, 65536), StandardCharsets.UTF_8);
    }
}
