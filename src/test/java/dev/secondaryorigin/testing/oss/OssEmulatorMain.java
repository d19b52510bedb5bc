package dev.secondaryorigin.testing.oss;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link OssEmulator} as its own process, for scripts (the benchmark) that point the CLI at it:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:DEPS dev.secondaryorigin.testing.oss.OssEmulatorMain \
 *     --access-key-id bench-ak --access-key-secret bench-secret --bucket bench-backup [--bucket more] \
 *     [--port 0] [--region cn-hangzhou] [--access-log FILE] [--stats FILE]
 * </pre>
 *
 * Prints the port on stdout once it listens, then serves until killed. With {@code --access-log FILE}, every answered
 * request becomes one line {@code millis TAB method TAB bucket TAB key TAB query TAB status TAB copy-source} as it is
 * answered ({@code -} when the request is no CopyObject or UploadPartCopy), so a script can count what one run sent.
 * With {@code --stats FILE}, a shutdown hook (SIGTERM, SIGINT) writes a summary to FILE: requests by method and
 * status, objects and bytes per bucket.
 * Listens on 127.0.0.1 only, like every emulator here.
 */
public final class OssEmulatorMain {
    private OssEmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String ak = null;
        String secret = null;
        String region = "cn-hangzhou";
        List<String> buckets = new ArrayList<>();
        Path stats = null;
        Path accessLog = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage(System.out);
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--port":
                    port = Integer.parseInt(v);
                    break;
                case "--access-key-id":
                    ak = v;
                    break;
                case "--access-key-secret":
                    secret = v;
                    break;
                case "--region":
                    region = v;
                    break;
                case "--bucket":
                    buckets.add(v);
                    break;
                case "--access-log":
                    accessLog = Paths.get(v);
                    break;
                case "--stats":
                    stats = Paths.get(v);
                    break;
                default:
                    fail("unknown option " + a);
            }
        }
        if (ak == null || secret == null || buckets.isEmpty()) {
            fail("--access-key-id, --access-key-secret and at least one --bucket are required");
        }
        OssEmulator.Builder builder = OssEmulator.builder().credentials(ak, secret).region(region).port(port);
        PrintWriter log = null;
        if (accessLog != null) {
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(accessLog, StandardCharsets.UTF_8));
            log = w;
            builder.onRequest(e -> {
                synchronized (w) {
                    w.print(System.currentTimeMillis() + "\t" + e.method() + "\t" + e.bucket() + "\t" + e.key() + "\t"
                            + e.query() + "\t" + e.status() + "\t"
                            + (e.copySource() == null ? "-" : e.copySource()) + "\n");
                    w.flush();
                }
            });
        }
        OssEmulator oss = builder.start();
        PrintWriter logFile = log;
        for (String b : buckets) {
            oss.createBucket(b);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Path statsFile = stats;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (statsFile != null) {
                    writeStats(oss, buckets, statsFile);
                }
            } catch (IOException e) {
                System.err.println("oss-emulator: cannot write stats to " + statsFile + ": " + e);
            } finally {
                oss.close();
                if (logFile != null) {
                    synchronized (logFile) {
                        logFile.close();
                    }
                }
                stopped.countDown();
            }
        }, "oss-emulator-shutdown"));
        System.out.println(oss.port());
        System.out.flush();
        stopped.await();
    }

    private static void writeStats(OssEmulator oss, List<String> buckets, Path file) throws IOException {
        Map<String, Long> byRequest = new TreeMap<>();
        for (RequestLog.Entry e : oss.requests().entries()) {
            String kind = e.method() + (e.key().isEmpty() ? " bucket" : " object")
                    + (e.query().isEmpty() ? "" : "?" + e.query().replaceAll("=[^&]*", "")) + " " + e.status();
            byRequest.merge(kind, 1L, Long::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("requests ").append(oss.requests().entries().size()).append('\n');
        byRequest.forEach((k, n) -> sb.append("  ").append(k).append(": ").append(n).append('\n'));
        for (String name : buckets) {
            EmulatedBucket b = oss.bucket(name);
            long bytes = 0;
            int objects = 0;
            for (String key : b.keys()) {
                StoredObject o = b.object(key).orElse(null);
                if (o != null) {
                    objects++;
                    bytes += o.size();
                }
            }
            sb.append("bucket ").append(name).append(": ").append(objects).append(" objects, ").append(bytes)
                    .append(" bytes\n");
        }
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void usage(PrintStream out) {
        out.println("usage: OssEmulatorMain --access-key-id ID --access-key-secret SECRET --bucket NAME [--bucket NAME]...");
        out.println("                       [--port N (0 = any free port)] [--region R (cn-hangzhou)]");
        out.println("                       [--access-log FILE] [--stats FILE]");
    }

    private static void fail(String message) {
        System.err.println("oss-emulator: " + message);
        usage(System.err);
        System.exit(2);
    }
}
