package dev.secondaryorigin.testing.oss;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP/1.1 server on 127.0.0.1: keep-alive, Content-Length and chunked request bodies, Expect: 100-continue,
 * and header names sent exactly as set (which the JDK's HttpServer cannot do). One thread per connection.
 */
final class LoopbackHttpServer implements AutoCloseable {
    interface Handler {
        void handle(Exchange ex) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService pool;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Listens on {@code port} of 127.0.0.1 (0: a free one). */
    LoopbackHttpServer(Handler handler, int port) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(port, 256, InetAddress.getLoopbackAddress());
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "oss-emulator");
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (Socket sock = s) {
            InputStream in = new BufferedInputStream(sock.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(sock.getOutputStream(), 64 * 1024);
            while (!closed) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts.length != 3) {
                    return;
                }
                Map<String, List<String>> headers = Exchange.newHeaderMap();
                String h;
                while ((h = readLine(in)) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon > 0) {
                        headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                                .add(h.substring(colon + 1).trim());
                    }
                }
                if (h == null) {
                    return;
                }
                URI uri;
                try {
                    uri = new URI(parts[1]);
                } catch (URISyntaxException e) {
                    return;
                }
                String te = first(headers, "Transfer-Encoding");
                String cl = first(headers, "Content-Length");
                InputStream body;
                if (te != null && te.equalsIgnoreCase("chunked")) {
                    body = new ChunkedBody(in);
                } else {
                    body = new LimitedBody(in, cl == null ? 0 : Long.parseLong(cl.trim()));
                }
                if ("100-continue".equalsIgnoreCase(first(headers, "Expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                Exchange ex = new Exchange(sock, out, parts[0], uri, headers, body);
                handler.handle(ex);
                if (ex.aborted()) {
                    return;
                }
                if (!ex.reusable()) {
                    ex.abort();
                    return;
                }
                out.flush();
                body.transferTo(OutputStream.nullOutputStream());
                if ("close".equalsIgnoreCase(first(headers, "Connection"))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent garbage: drop the connection.
        } finally {
            open.remove(s);
        }
    }

    private static String first(Map<String, List<String>> h, String name) {
        List<String> v = h.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String readLine(InputStream in) throws IOException {
        // A plain array: ByteArrayOutputStream synchronizes every byte, and this runs for every header byte.
        byte[] a = new byte[128];
        int size = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = size > 0 && a[size - 1] == '\r' ? size - 1 : size;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (size == a.length) {
                if (size >= 64 * 1024) {
                    throw new IOException("header line too long");
                }
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            a[size++] = (byte) c;
        }
        return size == 0 ? null : new String(a, 0, size, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        pool.shutdownNow();
    }

    /** A request body of known length. */
    private static final class LimitedBody extends InputStream {
        private final InputStream in;
        private long left;

        LimitedBody(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c < 0) {
                throw new SocketException("connection closed inside the request body");
            }
            left--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new SocketException("connection closed inside the request body");
            }
            left -= n;
            return n;
        }

        @Override
        public void close() {
            // The connection outlives the body.
        }
    }

    /** A chunked request body, decoded. */
    private static final class ChunkedBody extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            if (chunkLeft == 0) {
                String size = readLine(in);
                if (size == null) {
                    throw new SocketException("connection closed inside a chunked body");
                }
                if (size.isEmpty()) {
                    size = readLine(in);
                }
                int semi = size.indexOf(';');
                chunkLeft = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunkLeft == 0) {
                    String t;
                    while ((t = readLine(in)) != null && !t.isEmpty()) {
                        // Trailers: ignored.
                    }
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new SocketException("connection closed inside a chunked body");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                readLine(in); // CRLF after the chunk
            }
            return n;
        }

        @Override
        public void close() {
            // The connection outlives the body.
        }
    }
}
