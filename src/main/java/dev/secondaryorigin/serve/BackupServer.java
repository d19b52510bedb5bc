package dev.secondaryorigin.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.ConfigException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a local backup as an HTTP origin, the way OSS static-website hosting serves the bucket:
 * stored bytes with stored headers, {@code dir/} → {@code dir/index.html}, {@code /dir} → redirect to
 * {@code /dir/} when that index exists, 404 for missing keys, never anything under
 * {@code .secondary-origin/}; conditional GET and single byte ranges.
 */
public final class BackupServer implements Closeable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final LocalStore store;
    private final HttpServer server;
    private final ExecutorService pool;

    static {
        // The JDK server writes headers and body separately; with Nagle on, every keep-alive request then waits
        // for the client's delayed ACK (about 40 ms), which makes a drill of a thousand URLs take a minute.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * The server for the backup directory {@code target} (the {@code serve} command's): refuses anything but an
     * existing local directory, before it listens.
     */
    public static BackupServer forDirectory(String target, String bind, int port) throws IOException {
        checkDirectory(target);
        return new BackupServer(ObjectStores.openLocal(target), bind, port);
    }

    /** Refuses a {@code --target} that is not an existing local directory. */
    public static void checkDirectory(String target) {
        if (ObjectStores.isOss(target) || !Files.isDirectory(java.nio.file.Paths.get(target))) {
            throw new ConfigException("target", "must be an existing backup directory, got \"" + target + "\"");
        }
    }

    public BackupServer(LocalStore store, String bind, int port) throws IOException {
        this.store = store;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        this.pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    /** The directory served. */
    public Path root() {
        return store.root();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private boolean isIndexDirectory(String key) {
        try {
            return Files.isRegularFile(store.fileFor(key + "/" + UrlKeys.INDEX));
        } catch (IOException e) {
            return false;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "method not allowed\n");
                return;
            }
            String rawPath = ex.getRequestURI().getRawPath();
            String key;
            try {
                key = UrlKeys.keyFor(UrlKeys.canonicalPath(rawPath));
            } catch (RefusedUrlException e) {
                send(ex, e.reason().equals("reserved-key") ? 403 : 400, "bad path\n");
                return;
            }
            Path file;
            try {
                file = store.fileFor(key);
            } catch (dev.secondaryorigin.store.LocalStore.SymbolicLinkInTargetException e) {
                // A link could lead out of the backup: never served.
                send(ex, 403, "forbidden\n");
                return;
            }
            if (!Files.isRegularFile(file)) {
                if (!key.endsWith(UrlKeys.INDEX) && isIndexDirectory(key)) {
                    ex.getResponseHeaders().set("Location", rawPath + "/");
                    send(ex, 301, "");
                    return;
                }
                send(ex, 404, "not found\n");
                return;
            }
            Optional<ObjectMeta> meta = store.head(key);
            ObjectMeta m = meta.orElse(ObjectMeta.builder().build());
            long size = Files.size(file);
            String etag = "\"" + (m.md5() != null ? m.md5().toUpperCase() : Long.toHexString(m.lastModifiedMillis())
                    + "-" + Long.toHexString(size)) + "\"";
            String lastModified = dev.secondaryorigin.task.HttpDate.format(m.lastModifiedMillis());
            Headers h = ex.getResponseHeaders();
            for (Map.Entry<String, String> e : m.httpHeaders().entrySet()) {
                h.set(e.getKey(), e.getValue());
            }
            if (m.contentType() == null) {
                h.set("Content-Type", MimeTypes.guess(key));
            }
            h.set("ETag", etag);
            h.set("Last-Modified", lastModified);
            h.set("Accept-Ranges", "bytes");
            if (notModified(ex, etag, m.lastModifiedMillis())) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null && size > 0) {
                Matcher rm = RANGE.matcher(range.trim());
                if (rm.matches() && !(rm.group(1).isEmpty() && rm.group(2).isEmpty())) {
                    if (rm.group(1).isEmpty()) {
                        start = Math.max(0, size - Long.parseLong(rm.group(2)));
                    } else {
                        start = Long.parseLong(rm.group(1));
                        end = rm.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(rm.group(2)));
                    }
                    if (start >= size || start > end) {
                        h.set("Content-Range", "bytes */" + size);
                        send(ex, 416, "");
                        return;
                    }
                    status = 206;
                    h.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
                }
            }
            long length = end - start + 1;
            if (method.equals("HEAD")) {
                h.set("Content-Length", Long.toString(size == 0 ? 0 : length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, size == 0 ? -1 : length);
            if (size == 0) {
                return;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                 InputStream in = Channels.newInputStream(ch.position(start));
                 OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[65536];
                long left = length;
                int n;
                while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        } finally {
            ex.close();
        }
    }

    private static boolean notModified(HttpExchange ex, String etag, long lastModified) {
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        if (inm != null) {
            for (String t : inm.split(",")) {
                String tag = t.trim();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals(etag) || tag.equals("*")) {
                    return true;
                }
            }
            return false;
        }
        String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
        if (ims != null) {
            java.util.Date d = org.apache.http.client.utils.DateUtils.parseDate(ims);
            return d != null && lastModified / 1000 <= d.getTime() / 1000;
        }
        return false;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD") || b.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

}
