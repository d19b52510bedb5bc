package dev.secondaryorigin.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.Md5;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Is the backup ready to serve? Checks every object the manifest says is stored: present, with the
 * recorded size and MD5; and, given an HTTP base (the bucket's public endpoint or a CDN edge), that
 * fetching the key through it returns the same bytes and Content-Type.
 */
public final class Verifier {
    static final int FAILURE_SAMPLES = 100;

    private final ObjectStore store;
    private final StateRepository state;
    private final String via;
    private final String hostHeader;
    private final int concurrency;

    public Verifier(ObjectStore store, String taskName, String via, String hostHeader, int concurrency) {
        this.store = store;
        this.state = new StateRepository(store, taskName);
        this.via = via == null ? null : (via.endsWith("/") ? via : via + "/");
        this.hostHeader = hostHeader;
        this.concurrency = Math.max(1, concurrency);
    }

    public JsonObject run() throws IOException {
        Manifest m = state.loadManifest();
        List<ManifestEntry> stored = new ArrayList<>();
        for (ManifestEntry e : m.entries()) {
            if (e.stored()) {
                stored.add(e);
            }
        }
        AtomicLong ok = new AtomicLong();
        List<String[]> failures = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (ManifestEntry e : stored) {
                fs.add(pool.submit(() -> {
                    String problem = check(e);
                    if (problem == null) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        synchronized (failures) {
                            if (failures.size() < FAILURE_SAMPLES) {
                                failures.add(new String[]{e.path(), problem});
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (Exception ex) {
                    throw new IOException("verify failed: " + ex.getMessage(), ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        JsonObject r = new JsonObject();
        r.addProperty("target", store.describe());
        if (via != null) {
            r.addProperty("via", via);
        }
        r.addProperty("objects", stored.size());
        r.addProperty("ok", ok.get());
        r.addProperty("failed", failed.get());
        double pct = stored.isEmpty() ? 0 : 100.0 * ok.get() / stored.size();
        r.addProperty("readinessPercent", Math.floor(pct * 10) / 10);
        JsonArray samples = new JsonArray();
        for (String[] f : failures) {
            JsonObject o = new JsonObject();
            o.addProperty("url", f[0]);
            o.addProperty("problem", f[1]);
            samples.add(o);
        }
        r.add("failures", samples);
        return r;
    }

    private String check(ManifestEntry e) {
        String key;
        try {
            key = UrlKeys.keyFor(e.path());
        } catch (RefusedUrlException ex) {
            return "invalid key: " + ex.getMessage();
        }
        try {
            Optional<ObjectMeta> meta = store.head(key);
            if (!meta.isPresent()) {
                return "missing from the store (key " + key + ")";
            }
            if (meta.get().size() != e.size()) {
                return "size " + meta.get().size() + " in the store, " + e.size() + " in the manifest";
            }
            if (meta.get().md5() != null && e.md5() != null && !meta.get().md5().equalsIgnoreCase(e.md5())) {
                return "MD5 in the store differs from the manifest";
            }
            if (via != null) {
                return checkVia(key, e, meta.get());
            }
            return null;
        } catch (IOException ex) {
            return "error: " + ex.getMessage();
        }
    }

    private String checkVia(String key, ManifestEntry e, ObjectMeta meta) throws IOException {
        String path = e.path().substring(1);
        HttpURLConnection c = (HttpURLConnection) new URL(via + path).openConnection();
        c.setInstanceFollowRedirects(true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Accept-Encoding", "identity");
        if (hostHeader != null) {
            c.setRequestProperty("Host", hostHeader);
        }
        int status = c.getResponseCode();
        if (status != 200) {
            return "GET " + via + path + " answered " + status;
        }
        MessageDigest md = Md5.newDigest();
        long n = 0;
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
                n += r;
            }
        }
        if (n != e.size() || !Md5.hex(md.digest()).equalsIgnoreCase(e.md5())) {
            return "bytes served via " + via + " differ from the backup (" + n + " bytes)";
        }
        String want = meta.contentType();
        String got = c.getContentType();
        if (want != null && !want.equalsIgnoreCase(got)) {
            return "Content-Type served is \"" + got + "\", stored \"" + want + "\"";
        }
        return null;
    }
}
