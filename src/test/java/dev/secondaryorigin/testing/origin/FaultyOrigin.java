package dev.secondaryorigin.testing.origin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM primary origin for fault tests, speaking HTTP/1.1 over raw sockets so it can misbehave
 * the ways a real origin does: reset a connection mid-body, promise more bytes than it sends, stall
 * past the client's timeout, answer 5xx, redirect in circles. It serves a site of in-memory resources
 * with ETag/Last-Modified and answers conditional requests with 304.
 *
 * <p>Faults are switched per path ({@link #fault}) or for every path ({@link #faultAll}); a per-path
 * fault wins. Everything is thread-safe so a test may flip faults while a pass runs.
 */
public final class FaultyOrigin implements Closeable {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** How a response goes wrong. */
    public static final class Fault {
        enum Kind { NONE, RESET, SHORT_BODY, STALL, STATUS }

        final Kind kind;
        final int status;
        final long stallMillis;

        private Fault(Kind kind, int status, long stallMillis) {
            this.kind = kind;
            this.status = status;
            this.stallMillis = stallMillis;
        }

        /** Serves the path normally, overriding {@link #faultAll} for it. */
        public static Fault none() {
            return new Fault(Kind.NONE, 200, 0);
        }

        /** Sends the headers and half the body, then resets the connection (RST). */
        public static Fault resetMidBody() {
            return new Fault(Kind.RESET, 200, 0);
        }

        /** Declares the full Content-Length, sends half the body, then closes normally (FIN). */
        public static Fault shortBody() {
            return new Fault(Kind.SHORT_BODY, 200, 0);
        }

        /** Sends the headers and half the body, then goes silent for this long before closing. */
        public static Fault stall(long millis) {
            return new Fault(Kind.STALL, 200, millis);
        }

        /** Answers this status (e.g. 500, 503) with a small error page. */
        public static Fault status(int status) {
            return new Fault(Kind.STATUS, status, 0);
        }

        @Override
        public String toString() {
            return kind == Kind.STATUS ? "status " + status : kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** One resource of the site: a body with its validators, or a redirect. */
    public static final class Resource {
        final byte[] body;
        final String contentType;
        final String etag;
        final String lastModified;
        final int redirectStatus;
        final String location;

        Resource(byte[] body, String contentType, String etag, String lastModified, int redirectStatus,
                 String location) {
            this.body = body;
            this.contentType = contentType;
            this.etag = etag;
            this.lastModified = lastModified;
            this.redirectStatus = redirectStatus;
            this.location = location;
        }

        public byte[] body() {
            return body.clone();
        }

        public String contentType() {
            return contentType;
        }

        public boolean isRedirect() {
            return location != null;
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Map<String, Resource> site = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private volatile Fault faultAll;
    private volatile long delayMillis;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger version = new AtomicInteger();

    private FaultyOrigin(ServerSocket server) {
        this.server = server;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-origin-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.submit(this::acceptLoop);
    }

    /** Starts an empty origin on 127.0.0.1 and a free port. */
    public static FaultyOrigin start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        return new FaultyOrigin(s);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>/}, the value of {@code --origin}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    // ---- the site ----

    /** Serves a body at a path; a new body gets a new ETag and a later Last-Modified. */
    public FaultyOrigin put(String path, String contentType, byte[] body) {
        int v = version.incrementAndGet();
        String etag = "\"" + md5(body).substring(0, 16) + "-" + v + "\"";
        String lastModified = HTTP_DATE.format(ZonedDateTime.ofInstant(
                Instant.ofEpochSecond(1_700_000_000L + v * 10L), ZoneOffset.UTC));
        site.put(path, new Resource(body.clone(), contentType, etag, lastModified, 0, null));
        return this;
    }

    public FaultyOrigin put(String path, String contentType, String body) {
        return put(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves a redirect at a path. */
    public FaultyOrigin redirect(String path, int status, String location) {
        site.put(path, new Resource(new byte[0], null, null, null, status, location));
        return this;
    }

    public void remove(String path) {
        site.remove(path);
    }

    /** The site as served now, path to resource (redirects included). */
    public Map<String, Resource> resources() {
        return Collections.unmodifiableMap(new TreeMap<>(site));
    }

    // ---- behaviour ----

    /** Every response (including errors) waits this long before its first byte. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    public void fault(String path, Fault f) {
        faults.put(path, f);
    }

    public void faultAll(Fault f) {
        faultAll = f;
    }

    public void clearFaults() {
        faults.clear();
        faultAll = null;
    }

    /** Requests received for a path so far. */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public int totalHits() {
        int n = 0;
        for (AtomicInteger a : hits.values()) {
            n += a.get();
        }
        return n;
    }

    public int connections() {
        return connections.get();
    }

    // ---- serving ----

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            open.add(s);
            try {
                threads.submit(() -> serve(s));
            } catch (RuntimeException e) {
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        try (Socket sock = s) {
            sock.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(sock.getInputStream());
            OutputStream out = sock.getOutputStream();
            while (true) {
                Map<String, String> headers = new LinkedHashMap<>();
                String requestLine = readHead(in, headers);
                if (requestLine == null) {
                    return;
                }
                String[] parts = requestLine.split(" ");
                String target = parts.length > 1 ? parts[1] : "/";
                int q = target.indexOf('?');
                String path = q >= 0 ? target.substring(0, q) : target;
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                if (delayMillis > 0 && closed.await(delayMillis, TimeUnit.MILLISECONDS)) {
                    return;
                }
                if (!respond(sock, out, path, headers)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away, or the test closed the origin.
        } finally {
            open.remove(s);
        }
    }

    /** Writes one response; false when the connection must not be reused. */
    private boolean respond(Socket sock, OutputStream out, String path, Map<String, String> req)
            throws IOException, InterruptedException {
        Fault f = faults.get(path);
        if (f == null) {
            f = faultAll;
        }
        if (f != null && f.kind == Fault.Kind.NONE) {
            f = null;
        }
        Resource r = site.get(path);
        if (f != null && f.kind == Fault.Kind.STATUS) {
            byte[] page = ("<h1>" + f.status + " origin trouble</h1>").getBytes(StandardCharsets.UTF_8);
            write(out, f.status, reason(f.status), headers("text/html", page.length, null, null, null), page);
            return true;
        }
        if (r == null) {
            byte[] page = "<h1>404 not found</h1>".getBytes(StandardCharsets.UTF_8);
            write(out, 404, "Not Found", headers("text/html", page.length, null, null, null), page);
            return true;
        }
        if (r.isRedirect()) {
            write(out, r.redirectStatus, reason(r.redirectStatus), headers(null, -1, null, null, r.location),
                    new byte[0]);
            return true;
        }
        if (f == null && notModified(r, req)) {
            write(out, 304, "Not Modified", headers(null, -1, r.etag, r.lastModified, null), new byte[0]);
            return true;
        }
        String head = headers(r.contentType, r.body.length, r.etag, r.lastModified, null);
        if (f == null) {
            write(out, 200, "OK", head, r.body);
            return true;
        }
        // A faulty 200: the full length is promised, half the body is sent.
        int half = Math.max(1, r.body.length / 2);
        out.write(("HTTP/1.1 200 OK\r\n" + head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body, 0, Math.min(half, r.body.length - 1));
        out.flush();
        switch (f.kind) {
            case RESET:
                // Let the client read what was sent, then abort: SO_LINGER 0 makes close() send RST.
                Thread.sleep(50);
                sock.setSoLinger(true, 0);
                sock.close();
                return false;
            case SHORT_BODY:
                sock.shutdownOutput();
                return false;
            case STALL:
                closed.await(f.stallMillis, TimeUnit.MILLISECONDS);
                return false;
            default:
                throw new IllegalStateException(f.toString());
        }
    }

    private static boolean notModified(Resource r, Map<String, String> req) {
        String inm = req.get("if-none-match");
        if (inm != null) {
            for (String t : inm.split(",")) {
                String tag = t.trim();
                if (tag.equals("*") || tag.equals(r.etag) || tag.equals("W/" + r.etag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = req.get("if-modified-since");
        if (ims != null) {
            try {
                Instant since = ZonedDateTime.parse(ims.trim(), HTTP_DATE).toInstant();
                Instant modified = ZonedDateTime.parse(r.lastModified, HTTP_DATE).toInstant();
                return !modified.isAfter(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static String headers(String contentType, long length, String etag, String lastModified,
                                  String location) {
        StringBuilder b = new StringBuilder();
        b.append("Server: faulty-origin\r\n");
        if (contentType != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (length >= 0) {
            b.append("Content-Length: ").append(length).append("\r\n");
        }
        if (etag != null) {
            b.append("ETag: ").append(etag).append("\r\n");
        }
        if (lastModified != null) {
            b.append("Last-Modified: ").append(lastModified).append("\r\n");
        }
        if (location != null) {
            b.append("Location: ").append(location).append("\r\n");
            b.append("Content-Length: 0\r\n");
        }
        b.append("Cache-Control: max-age=60\r\n");
        return b.toString();
    }

    private static void write(OutputStream out, int status, String reason, String head, byte[] body)
            throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\n" + head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 307: return "Temporary Redirect";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    /** Reads a request line and headers (lower-cased names); null at end of stream. */
    private static String readHead(InputStream in, Map<String, String> headers) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in);
        }
        if (requestLine == null) {
            return null;
        }
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return requestLine;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 16384) {
                throw new IOException("request line too long");
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    static String md5(byte[] b) {
        try {
            StringBuilder s = new StringBuilder();
            for (byte x : MessageDigest.getInstance("MD5").digest(b)) {
                s.append(String.format("%02x", x & 0xff));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting, wakes stalled responses and drops every open connection. */
    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (SocketException e) {
                // already gone
            }
            closeQuietly(s);
        }
        threads.shutdownNow();
    }
}
