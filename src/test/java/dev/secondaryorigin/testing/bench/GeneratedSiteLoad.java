package dev.secondaryorigin.testing.bench;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generated-site origin's ceiling: T keep-alive clients GET random objects for S seconds, half of them
 * conditionally (a 304), and print requests per second. {@code java -cp target/classes:target/test-classes
 * dev.secondaryorigin.testing.bench.GeneratedSiteLoad PORT OBJECTS THREADS SECONDS}.
 */
public final class GeneratedSiteLoad {
    private GeneratedSiteLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long objects = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        GeneratedSite site = new GeneratedSite(objects, 10, 0, 0);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final long salt = t;
            Thread th = new Thread(() -> {
                byte[] buf = new byte[8192];
                long i = salt * 7919;
                while (System.nanoTime() < end) {
                    long id = Math.floorMod(i++ * 2654435761L, objects);
                    try {
                        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + site.pathOf(id))
                                .openConnection();
                        if ((i & 1) == 0) {
                            c.setRequestProperty("If-None-Match", site.resource(site.pathOf(id)).etag);
                        }
                        int status = c.getResponseCode();
                        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                            while (in != null && in.read(buf) >= 0) {
                                // drained, so the connection is reused
                            }
                        }
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        System.out.printf("requests %d errors %d rate %.0f/s%n", done.get(), errors.get(), done.get() / (double) seconds);
    }
}
