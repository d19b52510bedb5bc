package dev.secondaryorigin.testing.oss;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/** Writes OSS-shaped answers: request id, object headers, XML bodies and errors. */
final class Reply {
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);

    private final Exchange ex;
    private final String requestId;
    private final String hostId;
    private final IntConsumer onAnswer;
    private int status;

    /** {@code onAnswer} gets the status just before it goes out. */
    Reply(Exchange ex, String requestId, String hostId, IntConsumer onAnswer) {
        this.ex = ex;
        this.requestId = requestId;
        this.hostId = hostId;
        this.onAnswer = onAnswer;
        ex.header("Server", "AliyunOSS");
        ex.header("x-oss-request-id", requestId);
    }

    void header(String name, String value) {
        ex.header(name, value);
    }

    /** The status answered, 0 while none (or when the connection was dropped). */
    int status() {
        return status;
    }

    private boolean isHead() {
        return ex.method().equals("HEAD");
    }

    private void send(int code, long length) throws IOException {
        status = code;
        onAnswer.accept(code);
        ex.send(code, length);
    }

    void empty(int code) throws IOException {
        send(code, -1);
    }

    void xml(int code, String xml) throws IOException {
        header("Content-Type", "application/xml");
        bytes(code, xml.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(int code, byte[] b) throws IOException {
        if (isHead()) {
            header("Content-Length", String.valueOf(b.length));
        }
        send(code, b.length);
        OutputStream out = ex.responseBody();
        out.write(b);
        out.close();
    }

    void error(OssError e) throws IOException {
        String xml = e.toXml(requestId, hostId);
        header("x-oss-ec", "0000-00000000");
        if (e.status == 304) {
            send(304, -1); // a 304 has no body; the SDK names it NotModified from the status
            return;
        }
        if (isHead()) {
            // OSS puts a HEAD's error body, base64, in a header; the SDK reads the code from it.
            header("x-oss-err", Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
            send(e.status, -1);
            return;
        }
        xml(e.status, xml);
    }

    /** Headers every object answer carries, in OSS's lower-case spelling where OSS uses it. */
    void objectHeaders(StoredObject o) {
        for (Map.Entry<String, String> e : o.headers().entrySet()) {
            header(e.getKey(), e.getValue());
        }
        if (!o.headers().containsKey("Content-Type")) {
            header("Content-Type", "application/octet-stream");
        }
        for (Map.Entry<String, String> e : o.userMeta().entrySet()) {
            header("x-oss-meta-" + e.getKey(), e.getValue());
        }
        header("ETag", "\"" + o.etag() + "\"");
        header("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(o.lastModifiedMillis())));
        header("Accept-Ranges", "bytes");
        header("x-oss-object-type", o.multipart() ? "Multipart" : "Normal");
        header("x-oss-storage-class", "Standard");
    }

    /** Streams bytes {@code from..to} (exclusive) of an object. */
    void body(int code, StoredObject o, long from, long to) throws IOException {
        long len = to - from;
        if (isHead()) {
            header("Content-Length", String.valueOf(len));
        }
        send(code, len);
        if (isHead()) {
            return;
        }
        OutputStream out = ex.responseBody();
        try (InputStream in = o.body().open(from, to)) {
            in.transferTo(out);
        }
        out.close();
    }
}
