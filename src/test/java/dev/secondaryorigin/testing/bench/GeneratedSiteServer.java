package dev.secondaryorigin.testing.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a {@link GeneratedSite} on 127.0.0.1 with ETag, Last-Modified and 304s, for the "generated" benchmark
 * profile. Run as its own JVM:
 * {@code java -cp target/classes:target/test-classes dev.secondaryorigin.testing.bench.GeneratedSiteServer
 * --objects 1000000 [--port 0] [--fanout 10] [--seed 0] [--change-share 1%] [--threads 4]}; it prints
 * {@code listening <port>} once ready, and its request counts ({@code /__stats}) as JSON.
 */
public final class GeneratedSiteServer implements AutoCloseable {
    public static final String STATS_PATH = "/__stats";
    private final HttpServer server;
    private final ExecutorService pool;
    private final GeneratedSite site;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();

    public GeneratedSiteServer(GeneratedSite site, int port, int threads) throws IOException {
        this.site = site;
        // Without it, a response's headers and body leave in two segments and Nagle holds the second one back.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "generated-site");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String stats() {
        return "{\"requests\":" + requests.get() + ",\"ok\":" + ok.get() + ",\"notModified\":" + notModified.get()
                + ",\"notFound\":" + notFound.get() + "}";
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getRawPath();
            if (path.equals(STATS_PATH)) {
                send(x, 200, "application/json", stats().getBytes(StandardCharsets.US_ASCII));
                return;
            }
            requests.incrementAndGet();
            GeneratedSite.Resource r = site.resource(path);
            if (r == null) {
                notFound.incrementAndGet();
                send(x, 404, "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            x.getResponseHeaders().set("ETag", r.etag);
            x.getResponseHeaders().set("Last-Modified", r.lastModified);
            if (notModified(x, r)) {
                notModified.incrementAndGet();
                x.sendResponseHeaders(304, -1);
                return;
            }
            ok.incrementAndGet();
            send(x, 200, r.contentType, r.body);
        } finally {
            x.close();
        }
    }

    private static boolean notModified(HttpExchange x, GeneratedSite.Resource r) {
        String inm = x.getRequestHeaders().getFirst("If-None-Match");
        if (inm != null) {
            return inm.equals(r.etag);
        }
        String ims = x.getRequestHeaders().getFirst("If-Modified-Since");
        if (ims == null) {
            return false;
        }
        try {
            return ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond() >= r.lastModifiedSeconds;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        long objects = 0;
        int port = 0, fanout = 10, threads = 4, changeBp = 100;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (a) {
                case "--objects": objects = Long.parseLong(v); i++; break;
                case "--port": port = Integer.parseInt(v); i++; break;
                case "--fanout": fanout = Integer.parseInt(v); i++; break;
                case "--threads": threads = Integer.parseInt(v); i++; break;
                case "--seed": seed = Long.parseLong(v); i++; break;
                case "--change-share":
                    changeBp = (int) Math.round(Double.parseDouble(v.replace("%", "")) * 100);
                    i++;
                    break;
                default:
                    System.err.println("usage: GeneratedSiteServer --objects N [--port P] [--fanout F] [--seed S]"
                            + " [--change-share PCT%] [--threads T]; unknown argument " + a);
                    System.exit(2);
            }
        }
        GeneratedSiteServer s = new GeneratedSiteServer(new GeneratedSite(objects, fanout, seed, changeBp), port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("generated-site " + s.stats())));
        System.out.println("listening " + s.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
