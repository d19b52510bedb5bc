package dev.secondaryorigin.state;

import dev.secondaryorigin.store.Payload;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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

    /** The body gzip'd in memory: for small files and tests; the stores take {@link #gzip} instead. */
    static byte[] write(WriterBody body) throws IOException {
        return inMemory(gzip(body));
    }

    /** {@link #write} for a body that writes UTF-8 bytes itself. */
    static byte[] writeBytes(BytesBody body) throws IOException {
        return inMemory(gzipBytes(body));
    }

    private static byte[] inMemory(Payload.Writer gz) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        gz.writeTo(bytes);
        return bytes.toByteArray();
    }

    /** The body gzip'd as it is written, for {@code ObjectStore.putState} to stream: never whole in memory. */
    static Payload.Writer gzip(WriterBody body) {
        return gzipBytes(out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.write(w);
            w.flush(); // the stream under it is closed by gzipBytes
        });
    }

    /** {@link #gzip} for a body that writes UTF-8 bytes itself. */
    static Payload.Writer gzipBytes(BytesBody body) {
        return out -> {
            try (OutputStream gz = new BufferedOutputStream(new GZIPOutputStream(out, 65536), 65536)) {
                body.write(gz);
            }
        };
    }

    static Reader reader(byte[] gz) throws IOException {
        return reader(new ByteArrayInputStream(gz));
    }

    static Reader reader(InputStream gz) throws IOException {
        return new InputStreamReader(new GZIPInputStream(gz, 65536), StandardCharsets.UTF_8);
    }
}
