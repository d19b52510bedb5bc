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
 * recorded size and MD5; a redirect page leads to an object of the backup, a redirect copy has its target's
 * bytes; and, given an HTTP base (the bucket's public endpoint or a CDN edge), that
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
        long redirectPages = 0;
        long redirectCopies = 0;
        for (ManifestEntry e : m.entries()) {
            if (e.stored()) {
                stored.add(e);
                if (ManifestEntry.REDIRECT_PAGE.equals(e.redirectObject())) {
                    redirectPages++;
                } else if (ManifestEntry.REDIRECT_COPY.equals(e.redirectObject())) {
                    redirectCopies++;
                }
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
                    String problem = check(e, m);
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
        r.addProperty("redirectPages", redirectPages);
        r.addProperty("redirectCopies", redirectCopies);
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

    private String check(ManifestEntry e, Manifest m) {
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
            String redirectProblem = checkRedirectObject(e, meta.get(), m);
            if (redirectProblem != null) {
                return redirectProblem;
            }
            if (via != null) {
                return checkVia(key, e, meta.get());
            }
            return null;
        } catch (IOException ex) {
            return "error: " + ex.getMessage();
        }
    }

    /** A redirect page must lead to an object of the backup; a redirect copy must hold its target's bytes. */
    private String checkRedirectObject(ManifestEntry e, ObjectMeta meta, Manifest m) throws IOException {
        if (e.redirectObject() == null) {
            return null;
        }
        String target = e.redirectFinal();
        if (target == null) {
            return "redirect object without a target in the manifest";
        }
        if (ManifestEntry.REDIRECT_PAGE.equals(e.redirectObject())) {
            if (meta.contentType() == null || !meta.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
                return "redirect page stored as \"" + meta.contentType() + "\", not text/html";
            }
            String targetKey;
            try {
                targetKey = UrlKeys.keyFor(target);
            } catch (RefusedUrlException ex) {
                return "redirect page leads to " + target + ", which has no key: " + ex.getMessage();
            }
            if (!store.head(targetKey).isPresent()) {
                return "redirect page leads to " + target + ", which is missing from the store (key " + targetKey + ")";
            }
            return null;
        }
        ManifestEntry t = m.get(target);
        if (t == null || !t.stored()) {
            return "redirect copy of " + target + ", which is not in the backup";
        }
        if (t.md5() != null && !t.md5().equalsIgnoreCase(e.md5())) {
            return "redirect copy differs from its target " + target;
        }
        return null;
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
