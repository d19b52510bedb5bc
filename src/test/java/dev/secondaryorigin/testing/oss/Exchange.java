package dev.secondaryorigin.testing.oss;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request and its answer on a {@link LoopbackHttpServer} connection. Unlike the JDK's HttpServer it sends
 * header names exactly as set: OSS answers {@code x-oss-meta-*} in lower case and the SDK looks for them that way.
 */
final class Exchange {
    private final Socket socket;
    private final OutputStream rawOut;
    private final String method;
    private final URI uri;
    private final Map<String, List<String>> requestHeaders;
    private final InputStream body;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private boolean sent;
    private boolean aborted;
    private long remainingOut;
    private OutputStream out;

    Exchange(Socket socket, OutputStream rawOut, String method, URI uri, Map<String, List<String>> headers, InputStream body) {
        this.socket = socket;
        this.rawOut = rawOut;
        this.method = method;
        this.uri = uri;
        this.requestHeaders = headers;
        this.body = body;
    }

    static Map<String, List<String>> newHeaderMap() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    String method() {
        return method;
    }

    URI uri() {
        return uri;
    }

    String requestHeader(String name) {
        List<String> v = requestHeaders.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Case-insensitive, names as the client spelled them. */
    Map<String, List<String>> requestHeaders() {
        return requestHeaders;
    }

    InputStream requestBody() {
        return body;
    }

    /** Sets a response header, keeping the name's spelling; replaces one of any case. */
    void header(String name, String value) {
        responseHeaders.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        responseHeaders.put(name, value);
    }

    boolean sent() {
        return sent;
    }

    boolean aborted() {
        return aborted;
    }

    /**
     * Sends the status line and headers. {@code length} is the body length, or -1 for none; a HEAD answer sends
     * no body whatever the Content-Length header says.
     */
    void send(int status, long length) throws IOException {
        if (sent) {
            throw new IllegalStateException("answer already sent");
        }
        sent = true;
        boolean head = method.equals("HEAD");
        if (status == 204 || status == 304) {
            responseHeaders.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Length"));
            length = -1;
        } else if (!head) {
            header("Content-Length", String.valueOf(Math.max(length, 0)));
        }
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        header("Date", Reply.HTTP_DATE.format(java.time.Instant.now()));
        for (Map.Entry<String, String> h : responseHeaders.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        sb.append("\r\n");
        rawOut.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        remainingOut = head || length < 0 ? 0 : length;
        out = new FilterOutputStream(rawOut) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > remainingOut) {
                    throw new IOException("body longer than Content-Length");
                }
                rawOut.write(b, off, len);
                remainingOut -= len;
            }

            @Override
            public void close() throws IOException {
                rawOut.flush();
            }
        };
        if (remainingOut == 0) {
            rawOut.flush();
        }
    }

    OutputStream responseBody() {
        if (!sent) {
            throw new IllegalStateException("send() first");
        }
        return out;
    }

    /** Drops the connection without an answer; with unread request bytes the peer sees a reset. */
    void abort() {
        aborted = true;
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** True when the answer is complete and the connection may carry another request. */
    boolean reusable() {
        return sent && !aborted && remainingOut == 0;
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 204: return "No Content";
            case 206: return "Partial Content";
            case 302: return "Found";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 409: return "Conflict";
            case 412: return "Precondition Failed";
            case 416: return "Requested Range Not Satisfiable";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    static List<String> values(String v) {
        List<String> l = new ArrayList<>(1);
        l.add(v);
        return l;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
