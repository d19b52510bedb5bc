package dev.secondaryorigin.fc;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generated site served from memory on 127.0.0.1: {@code /} links to {@code /page-0.html} ..., each
 * page links to the next page and to {@code /css/site.css}. Each response may be delayed, so a pass
 * under a small time budget spans several invocations.
 */
final class TestSite implements AutoCloseable {
    final int pages;
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private volatile long delayMillis;

    TestSite(int pages) throws IOException {
        this.pages = pages;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String path = ex.getRequestURI().getPath();
            String body;
            String type = "text/html; charset=utf-8";
            int status = 200;
            if (path.equals("/")) {
                StringBuilder b = new StringBuilder("<!doctype html><html><head><title>home</title>"
                        + "<link rel=stylesheet href=/css/site.css></head><body><h1>Home</h1>");
                for (int i = 0; i < pages; i++) {
                    b.append("<a href=\"/page-").append(i).append(".html\">page ").append(i).append("</a> ");
                }
                body = b.append("</body></html>").toString();
            } else if (path.equals("/css/site.css")) {
                body = "body { font-family: sans-serif }";
                type = "text/css";
            } else if (path.matches("/page-\\d+\\.html")) {
                int n = Integer.parseInt(path.replaceAll("\\D", ""));
                if (n >= pages) {
                    status = 404;
                    body = "not found";
                } else {
                    body = "<!doctype html><html><head><link rel=stylesheet href=css/site.css></head><body><p>page "
                            + n + "</p><a href=/page-" + ((n + 1) % pages) + ".html>next</a></body></html>";
                }
            } else {
                status = 404;
                body = "not found";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
    }

    TestSite delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
