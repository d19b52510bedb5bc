package dev.secondaryorigin.testing.oss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An unsigned HTTP/1.1 request with a Host header of our choosing, as a CDN edge sends back to its OSS origin
 * ({@code Host: bucket.oss-cn-hangzhou.aliyuncs.com}). For tests.
 */
public final class RawHttp {
    /** A complete answer. Immutable. */
    public static final class Response {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String header(String name) {
            return headers.get(name);
        }

        public byte[] body() {
            return body;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    public static Response get(int port, String host, String rawPath) throws IOException {
        return request("GET", port, host, rawPath);
    }

    public static Response request(String method, int port, String host, String rawPath) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + rawPath + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String status = LoopbackHttpServer.readLine(in);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String line;
            while ((line = LoopbackHttpServer.readLine(in)) != null && !line.isEmpty()) {
                int c = line.indexOf(':');
                headers.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (!method.toUpperCase(Locale.ROOT).equals("HEAD")) {
                String cl = headers.get("Content-Length");
                byte[] b = cl == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(cl));
                body.write(b);
            }
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, body.toByteArray());
        }
    }
}
