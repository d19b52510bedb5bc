package dev.secondaryorigin.testing.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures an OSS emulator on its own: PUTs every file of a directory (the benchmark site) into a bucket through the
 * real aliyun-sdk-oss client, V4-signed, from N threads, and prints PUT/s and MiB/s per round. The files are read and
 * hashed before the clock starts, so the round measures requests, not the disk or this client's MD5.
 *
 * <pre>
 * java -cp ... dev.secondaryorigin.testing.oss.OssEmulatorBench --endpoint http://127.0.0.1:PORT \
 *     --access-key-id ID --access-key-secret SECRET --bucket NAME --dir SITE [--region cn-hangzhou] \
 *     [--threads 16] [--rounds 2]
 * </pre>
 *
 * Every round PUTs the same keys again (overwrites), so the emulator's memory holds one copy of the site. Each round
 * prints one line {@code round=R puts=N bytes=B seconds=S puts_per_s=P mib_per_s=M p50_ms=.. p99_ms=.. client_cpu_s=..}.
 */
public final class OssEmulatorBench {
    private OssEmulatorBench() {
    }

    /** One file to PUT: key, body, Content-MD5, Content-Type. */
    private static final class Item {
        final String key;
        final byte[] body;
        final String md5;
        final String type;
        final String encodedKey;

        Item(String key, byte[] body, String md5, String type) {
            this.key = key;
            this.encodedKey = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
            this.body = body;
            this.md5 = md5;
            this.type = type;
        }
    }

    public static void main(String[] args) throws Exception {
        String endpoint = null;
        String ak = null;
        String secret = null;
        String bucket = null;
        String region = "cn-hangzhou";
        Path dir = null;
        int threads = 16;
        int rounds = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--endpoint": endpoint = v; break;
                case "--access-key-id": ak = v; break;
                case "--access-key-secret": secret = v; break;
                case "--bucket": bucket = v; break;
                case "--region": region = v; break;
                case "--dir": dir = Paths.get(v); break;
                case "--threads": threads = Integer.parseInt(v); break;
                case "--rounds": rounds = Integer.parseInt(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (endpoint == null || ak == null || secret == null || bucket == null || dir == null || args.length % 2 != 0) {
            System.err.println("usage: OssEmulatorBench --endpoint URL --access-key-id ID --access-key-secret SECRET "
                    + "--bucket NAME --dir DIR [--region R] [--threads N] [--rounds N]");
            System.exit(2);
        }
        List<Item> items = load(dir);
        long totalBytes = items.stream().mapToLong(it -> it.body.length).sum();
        OSS client = client(endpoint, ak, secret, region, threads);
        try {
            for (int round = 1; round <= rounds; round++) {
                runRound(client, bucket, items, totalBytes, threads, round);
            }
        } finally {
            client.shutdown();
        }
    }

    private static List<Item> load(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        List<Item> items = new ArrayList<>(files.size());
        for (Path f : files) {
            byte[] body = Files.readAllBytes(f);
            String key = dir.relativize(f).toString().replace('\\', '/');
            items.add(new Item(key, body, md5Base64(body), type(key)));
        }
        return items;
    }

    /** The shape of the product's client (OssClients): V4 with the region, path-style, no SDK retries. */
    private static OSS client(String endpoint, String ak, String secret, String region, int threads) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setSLDEnabled(true);
        conf.setMaxErrorRetry(0);
        conf.setMaxConnections(Math.max(threads, conf.getMaxConnections()));
        conf.setConnectionTimeout(10_000);
        conf.setSocketTimeout(60_000);
        conf.setUserAgent("oss-emulator-bench");
        return OSSClientBuilder.create()
                .endpoint(endpoint)
                .credentialsProvider(new DefaultCredentialProvider(ak, secret))
                .clientConfiguration(conf)
                .region(region)
                .build();
    }

    private static void runRound(OSS client, String bucket, List<Item> items, long totalBytes, int threads, int round)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] latencyNanos = new long[items.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < items.size()) {
                    Item it = items.get(i);
                    ObjectMetadata om = new ObjectMetadata();
                    om.setContentLength(it.body.length);
                    om.setContentMD5(it.md5);
                    om.setContentType(it.type);
                    // The product also sends the origin's validators, MD5 and source URL as user metadata.
                    om.addUserMetadata("etag", "\"bench-" + i + "\"");
                    om.addUserMetadata("last-modified", "Wed, 25 Nov 2026 03:37:52 GMT");
                    // Percent-encoded, as the product does: the SDK breaks the signature of non-Latin-1 values.
                    om.addUserMetadata("source-url", "http://www.example.com/" + it.encodedKey);
                    long s = System.nanoTime();
                    try {
                        client.putObject(new PutObjectRequest(bucket, it.key, new ByteArrayInputStream(it.body), om));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, new IOException("PUT " + it.key + " failed: " + e, e));
                        return;
                    }
                    latencyNanos[i] = System.nanoTime() - s;
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (failure.get() != null) {
            throw failure.get();
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        double seconds = wall / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "round=%d puts=%d bytes=%d seconds=%.3f puts_per_s=%.0f mib_per_s=%.1f p50_ms=%.2f p99_ms=%.2f "
                        + "client_cpu_s=%.2f threads=%d",
                round, items.size(), totalBytes, seconds, items.size() / seconds, totalBytes / 1048576.0 / seconds,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, cpu / 1e9, threads));
        System.out.flush();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    private static String md5Base64(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".html")) {
            return "text/html";
        } else if (k.endsWith(".css")) {
            return "text/css";
        } else if (k.endsWith(".js")) {
            return "application/javascript";
        } else if (k.endsWith(".png")) {
            return "image/png";
        } else if (k.endsWith(".jpg")) {
            return "image/jpeg";
        } else if (k.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
