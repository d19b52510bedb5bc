package dev.secondaryorigin.sync;

import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.OssStore;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.task.ConfigException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A failover drill: "if the origin died now, what would visitors get?". Requests each planned URL
 * ({@link DrillPlan}) through an HTTP base that serves the backup (the bucket's endpoint, a CDN edge, or
 * {@code serve}), with bounded concurrency and within a deadline, and judges every answer against what the
 * origin served at the last pass ({@link DrillJudge}).
 */
public final class Drill {
    public static final int MAX_CONCURRENCY = 64;
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^/\\s?#]+(/[^\\s#]*)?");

    private final String via;
    private final String host;
    private final int concurrency;
    private final int timeoutSeconds;

    /**
     * {@code via}: an http(s) base URL; {@code host}: the Host header to send, or null for the URL's own.
     * Throws a {@link ConfigException} naming {@code via} for anything else.
     */
    public Drill(String via, String host, int concurrency, int timeoutSeconds) {
        this.via = checkVia(via);
        this.host = host == null || host.trim().isEmpty() ? null : host.trim();
        this.concurrency = Math.max(1, Math.min(MAX_CONCURRENCY, concurrency));
        this.timeoutSeconds = Math.max(1, timeoutSeconds);
    }

    /** The base normalised to end in '/', or a {@link ConfigException} saying what is accepted. */
    public static String checkVia(String via) {
        if (via == null || !HTTP_URL.matcher(via.trim()).matches()) {
            throw new ConfigException("via", "must be an http:// or https:// URL of the bucket's website endpoint, a "
                    + "CDN edge or `serve` (e.g. https://my-backup.oss-cn-hangzhou.aliyuncs.com/ or "
                    + "http://127.0.0.1:8081/), got \"" + via + "\"");
        }
        String v = via.trim();
        int q = v.indexOf('?');
        if (q >= 0) {
            v = v.substring(0, q);
        }
        return v.endsWith("/") ? v : v + "/";
    }

    /**
     * Where visitors' requests reach an OSS target when the CDN fails over: the bucket's own domain over the
     * endpoint the task uses (so the internal endpoint inside the region), or, for an http(s)://host:port
     * gateway, that address with the bucket's public domain as Host. Null for a store that is not OSS.
     */
    public static Via defaultVia(ObjectStore store) {
        if (!(store instanceof OssStore)) {
            return null;
        }
        OssTarget t = ((OssStore) store).target();
        String endpoint = t.endpoint();
        if (t.pathStyle()) {
            return new Via(endpoint.replaceAll("/+$", "") + "/" + t.keyPrefix(), t.publicEndpoint());
        }
        int sep = endpoint.indexOf("://");
        String scheme = sep > 0 ? endpoint.substring(0, sep) : "https";
        String hostPart = sep > 0 ? endpoint.substring(sep + 3) : endpoint;
        return new Via(scheme + "://" + t.bucket() + "." + hostPart.replaceAll("/+$", "") + "/" + t.keyPrefix(), null);
    }

    /** An HTTP base and the Host header to send there (null: the base's own). */
    public static final class Via {
        private final String base;
        private final String host;

        Via(String base, String host) {
            this.base = base;
            this.host = host;
        }

        public String base() {
            return base;
        }

        public String host() {
            return host;
        }
    }

    public String via() {
        return via;
    }

    /** Runs the probes; those not started before {@code deadline} are counted as not tried. */
    public DrillReport run(List<DrillProbe> probes, String selection, Deadline deadline) throws IOException {
        long start = System.currentTimeMillis();
        List<DrillOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, probes.size())), r -> {
            Thread t = new Thread(r, "drill");
            t.setDaemon(true);
            return t;
        });
        try (DrillClient client = new DrillClient(via, host, concurrency, timeoutSeconds)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i; !deadline.passed() && (i = next.getAndIncrement()) < probes.size(); ) {
                        outcomes.add(probe(client, probes.get(i)));
                    }
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("drill interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("drill failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new DrillReport(via, selection, probes.size(), new ArrayList<>(outcomes),
                System.currentTimeMillis() - start);
    }

    private static DrillOutcome probe(DrillClient client, DrillProbe p) {
        String url = client.urlOf(p.request());
        DrillAnswer a;
        try {
            a = client.get(p.request());
        } catch (IOException e) {
            return DrillOutcome.missed(p, 0, DrillMiss.UNREACHABLE, "no answer from " + url + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return DrillJudge.judge(p, url, a);
    }
}
