package dev.secondaryorigin.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
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

    static byte[] write(WriterBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes, 65536), StandardCharsets.UTF_8)) {
            body.write(w);
        }
        return bytes.toByteArray();
    }

    static Reader reader(byte[] gz) throws IOException {
        return new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gz), 65536), StandardCharsets.UTF_8);
    }
}
