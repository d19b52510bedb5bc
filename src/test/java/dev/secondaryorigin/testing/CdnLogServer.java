package dev.secondaryorigin.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/** Serves gzip'd CDN access logs on 127.0.0.1, as the CDN's log storage would; for tests. */
public final class CdnLogServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();

    public CdnLogServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            downloads.incrementAndGet();
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/gzip");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    /** One log line in the Alibaba CDN offline log format. */
    public static String line(String method, String url, int status) {
        return "[9/Jun/2024:01:58:09 +0800] 198.51.100.7 - 12 \"-\" \"" + method + " " + url + "\" " + status
                + " 191 2830 MISS \"Mozilla/5.0\" \"text/html\"";
    }

    public static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Serves {@code text}, gzip'd, at {@code path}; returns the compressed size. */
    public int put(String path, String text) throws IOException {
        byte[] gz = gzip(text);
        files.put(path, gz);
        return gz.length;
    }

    /** {@code 127.0.0.1:PORT}, as DescribeCdnDomainLogs gives log paths (no scheme). */
    public String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int downloads() {
        return downloads.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
