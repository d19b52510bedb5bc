package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import dev.secondaryorigin.crawl.LinkExtractor;
import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.ResourceTypes;
import dev.secondaryorigin.crawl.Scope;
import dev.secondaryorigin.crawl.SiteMaps;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.crawl.UrlResolver;
import dev.secondaryorigin.origin.Body;
import dev.secondaryorigin.origin.FetchException;
import dev.secondaryorigin.origin.OriginClient;
import dev.secondaryorigin.origin.OriginResponse;
import dev.secondaryorigin.state.Checkpoint;
import dev.secondaryorigin.state.Lease;
import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.task.ResourceType;
import dev.secondaryorigin.task.TaskConfig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sync pass over a task: discover the site's URLs, fetch what changed from the primary origin
 * (conditionally), store it in the secondary origin, and record it in the manifest. A pass may span
 * several invocations: it stops taking work at the deadline, checkpoints, and the next run resumes.
 *
 * <p>The backup never gets worse: only a complete, verified 200 body is stored, and nothing is
 * deleted unless the user asked for pruning.
 */
public final class SyncPass {
    static final int KIND_PAGE = 0;
    static final int KIND_ROBOTS = 1;
    static final int KIND_SITEMAP = 2;
    /** Bodies larger than this are stored but not read for links. */
    static final int MAX_PARSE_BYTES = 16 << 20;
    /** URLs longer than this are refused before any parsing. */
    static final int MAX_URL_CHARS = 8192;
    /** Health window: this many recent fetches, and the failing share that stops the pass. */
    static final int HEALTH_WINDOW = 40;
    static final int HEALTH_MIN_SAMPLES = 20;
    static final double HEALTH_MAX_FAILING = 0.6;
    /** Entries with no object that the origin said are gone this many passes in a row are forgotten. */
    static final int FORGET_AFTER_MISSES = 3;

    private final TaskConfig config;
    private final ObjectStore store;
    private final PassListener listener;
    private final StateRepository state;
    private final Scope scope;
    private final Path tempDir;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private volatile OriginClient origin;
    private volatile long retryBaseMillis = -1;

    // Pass state, set up by run().
    private Manifest manifest;
    private PassStats stats;
    private final ConcurrentHashMap<String, Checkpoint.Pending> seen = new ConcurrentHashMap<>();
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedSeen = ConcurrentHashMap.newKeySet();
    /** Raw link strings already handled this pass (bounded), a shortcut past URL parsing. */
    private final Set<String> rawSeen = ConcurrentHashMap.newKeySet();
    static final int RAW_SEEN_LIMIT = 200_000;
    /** URLs that failed this invocation because of the origin (network errors, 5xx after retries). */
    private final Set<String> failedByOrigin = ConcurrentHashMap.newKeySet();
    /** Keys written in this pass with their MD5, so two URLs of one key (/ and /index.html) write once. */
    private final ConcurrentHashMap<String, String> writtenThisPass = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<Checkpoint.Pending> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final HealthWindow health = new HealthWindow(HEALTH_WINDOW);
    private String siteBase;
    private Deadline deadline = Deadline.none();
    private final List<String> extraSeeds = new ArrayList<>();
    /** Pending seeds (from CDN log events) read at the start of this run; removed when the pass completes. */
    private List<String> pendingSeeds = new ArrayList<>();

    public SyncPass(TaskConfig config, ObjectStore store, PassListener listener) {
        this(config, store, listener, Paths.get(System.getProperty("java.io.tmpdir"), "cdn-secondary-origin"));
    }

    public SyncPass(TaskConfig config, ObjectStore store, PassListener listener, Path tempDir) {
        this.config = config;
        this.store = store;
        this.listener = listener == null ? PassListener.NONE : listener;
        this.state = new StateRepository(store, config.taskName());
        this.scope = new Scope(config);
        this.tempDir = tempDir;
    }

    /** Asks a running pass to stop taking work, finish what is in flight and checkpoint. */
    public void requestStop() {
        stopReason.compareAndSet(null, "stop requested");
    }

    /**
     * Absolute URLs to visit in this run besides what the crawl finds (top URLs or access-log URLs from the
     * CDN). They pass the same scope and URL rules as discovered links: another host is refused.
     */
    public SyncPass extraSeeds(java.util.Collection<String> urls) {
        extraSeeds.addAll(urls);
        return this;
    }

    /** Shortens the origin client's retry backoff (tests of retry storms). */
    public SyncPass retryBaseMillis(long millis) {
        retryBaseMillis = millis;
        return this;
    }

    public PassReport run(Deadline deadline) throws IOException {
        this.deadline = deadline == null ? Deadline.none() : deadline;
        long started = System.currentTimeMillis();
        String holder = "pass-" + UUID.randomUUID().toString().substring(0, 8);
        Lease lease;
        try {
            lease = Lease.acquire(store, state.leaseKey(), holder, where(), config.leaseSeconds() * 1000);
        } catch (LeaseHeldException e) {
            JsonObject r = baseReport(null, started);
            r.addProperty("result", PassReport.Result.LEASE_HELD.id());
            r.addProperty("complete", false);
            r.addProperty("message", e.getMessage());
            r.add("leaseHolder", e.holder().toJson());
            return new PassReport(PassReport.Result.LEASE_HELD, r);
        }
        try (OriginClient client = new OriginClient(config, tempDir)) {
            origin = client;
            if (retryBaseMillis >= 0) {
                client.retryBaseMillis(retryBaseMillis);
            }
            siteBase = client.siteBase();
            return runLeased(lease, started);
        } finally {
            origin = null;
            try {
                lease.release();
            } catch (IOException e) {
                // The lease expires by itself; a failed release costs at most one skipped run.
            }
        }
    }

    private PassReport runLeased(Lease lease, long started) throws IOException {
        manifest = state.loadManifest();
        Optional<Checkpoint> cp = config.full() ? Optional.<Checkpoint>empty() : state.loadCheckpoint();
        String passId;
        long passStarted;
        int invocations;
        boolean resumed = cp.isPresent();
        if (resumed) {
            Checkpoint c = cp.get();
            passId = c.passId();
            passStarted = c.startedAt();
            invocations = c.invocations() + 1;
            stats = PassStats.fromJson(c.stats());
            for (String d : c.done()) {
                done.add(d);
                seen.put(d, new Checkpoint.Pending(d, 0, KIND_PAGE));
            }
            for (Checkpoint.Pending p : c.pending()) {
                if (seen.putIfAbsent(p.path(), p) == null) {
                    queue.add(p);
                    outstanding.incrementAndGet();
                }
            }
        } else {
            passId = Instant.ofEpochMilli(started).toString().replaceAll("[:.]", "").replace("T", "-") + "-"
                    + UUID.randomUUID().toString().substring(0, 6);
            passStarted = started;
            invocations = 1;
            stats = new PassStats();
            seed();
        }
        seedExtra();

        String unhealthy = probeOrigin();
        if (unhealthy != null) {
            JsonObject r = baseReport(passId, started);
            r.addProperty("result", PassReport.Result.ORIGIN_UNHEALTHY.id());
            r.addProperty("complete", false);
            r.addProperty("resumed", resumed);
            r.addProperty("message", "origin unhealthy: " + unhealthy + "; the backup was left untouched");
            r.add("counters", stats.toJson());
            state.saveReport(passId + "-" + invocations, r);
            return new PassReport(PassReport.Result.ORIGIN_UNHEALTHY, r);
        }

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("sync-ticker"));
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(), daemon("sync-worker"));
        Object checkpointLock = new Object();
        try {
            ticker.scheduleAtFixedRate(() -> listener.progress(stats), 1, 1, TimeUnit.SECONDS);
            ticker.scheduleAtFixedRate(() -> {
                synchronized (checkpointLock) {
                    try {
                        if (!lease.renew()) {
                            stopReason.compareAndSet(null, "lease lost");
                            return;
                        }
                        checkpoint(passId, passStarted, invocations);
                    } catch (IOException | RuntimeException e) {
                        listener.failure(state.checkpointKey(), "checkpoint", String.valueOf(e.getMessage()));
                    }
                }
            }, config.checkpointSeconds(), config.checkpointSeconds(), TimeUnit.SECONDS);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < config.concurrency(); i++) {
                futures.add(workers.submit(this::workLoop));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopReason.compareAndSet(null, "interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    stopReason.compareAndSet(null, "worker failed: " + e.getCause());
                }
            }
        } finally {
            ticker.shutdownNow();
            workers.shutdownNow();
        }
        synchronized (checkpointLock) {
            return finish(passId, passStarted, invocations, resumed, started);
        }
    }

    private PassReport finish(String passId, long passStarted, int invocations, boolean resumed, long started)
            throws IOException {
        String stop = stopReason.get();
        boolean complete = stop == null && outstanding.get() == 0;
        PassReport.Result result;
        JsonObject counters = null;
        if (complete) {
            prune();
            state.saveManifest(manifest);
            state.deleteCheckpoint();
            if (!pendingSeeds.isEmpty()) {
                state.removePendingSeeds(pendingSeeds);
            }
            result = PassReport.Result.COMPLETE;
        } else {
            if (stop != null && stop.startsWith("origin unhealthy")) {
                // These URLs failed while the origin was going down, so they were never really tried: put
                // them back in the frontier, or the resumed pass would end "complete" without them.
                counters = stats.toJson();
                counters.addProperty("requests", stats.requests.get() + origin.requestsSent());
                Set<String> retry = new HashSet<>(failedByOrigin);
                done.removeAll(retry);
                stats.forgetFailures(retry);
                outstanding.addAndGet(retry.size());
            }
            state.saveManifest(manifest);
            checkpoint(passId, passStarted, invocations);
            if (stop != null && stop.startsWith("origin unhealthy")) {
                result = PassReport.Result.ORIGIN_UNHEALTHY;
            } else if ("lease lost".equals(stop)) {
                result = PassReport.Result.LEASE_LOST;
            } else {
                result = PassReport.Result.INCOMPLETE;
            }
        }
        // Only now: checkpoint() adds this invocation's requests to the carried count by itself.
        stats.requests.addAndGet(origin.requestsSent());
        JsonObject r = baseReport(passId, started);
        r.addProperty("result", result.id());
        r.addProperty("complete", complete);
        r.addProperty("resumed", resumed);
        r.addProperty("invocations", invocations);
        r.addProperty("passStartedAt", Instant.ofEpochMilli(passStarted).toString());
        if (!complete) {
            r.addProperty("pending", outstanding.get());
            r.addProperty("message", stop != null ? stop
                    : "time budget used up; the next run resumes from the checkpoint");
        }
        for (Map.Entry<String, com.google.gson.JsonElement> e
                : (counters != null ? counters : stats.toJson()).entrySet()) {
            r.add(e.getKey(), e.getValue());
        }
        r.addProperty("manifestUrls", manifest.size());
        if (!extraSeeds.isEmpty() || !pendingSeeds.isEmpty()) {
            r.addProperty("cdnSeeds", extraSeeds.size());
            r.addProperty("pendingSeeds", pendingSeeds.size());
        }
        state.saveReport(passId + (complete && invocations == 1 ? "" : "-" + invocations), r);
        if (complete) {
            state.saveLastComplete(r);
        }
        return new PassReport(result, r);
    }

    private JsonObject baseReport(String passId, long started) {
        JsonObject r = new JsonObject();
        if (passId != null) {
            r.addProperty("passId", passId);
        }
        r.addProperty("task", config.taskName());
        r.addProperty("domain", config.domain());
        r.addProperty("origin", config.origin().toString());
        r.addProperty("target", store.describe());
        r.addProperty("startedAt", Instant.ofEpochMilli(started).toString());
        long now = System.currentTimeMillis();
        r.addProperty("finishedAt", Instant.ofEpochMilli(now).toString());
        r.addProperty("durationMs", now - started);
        return r;
    }

    /** Entry URLs, robots.txt and the conventional sitemap, and every URL the manifest knows. */
    private void seed() {
        for (String e : config.entries()) {
            enqueuePath(e, 0, KIND_PAGE);
        }
        if (config.useSitemaps()) {
            enqueuePath(SiteMaps.ROBOTS_PATH, 0, KIND_ROBOTS);
            enqueuePath(SiteMaps.DEFAULT_SITEMAP_PATH, 0, KIND_SITEMAP);
        }
        List<ManifestEntry> known = manifest.snapshot();
        known.sort((a, b) -> Integer.compare(a.depth(), b.depth()));
        for (ManifestEntry e : known) {
            int kind = e.path().equals(SiteMaps.ROBOTS_PATH) ? KIND_ROBOTS
                    : SiteMaps.isSitemapPath(e.path()) ? KIND_SITEMAP : KIND_PAGE;
            enqueuePath(e.path(), e.depth(), kind);
        }
    }

    /** CDN seeds given by the front end and pending seeds left by CDN log events, new or resumed pass alike. */
    private void seedExtra() throws IOException {
        for (String u : extraSeeds) {
            enqueueUrl(u, 0, KIND_PAGE);
        }
        pendingSeeds = state.loadPendingSeeds();
        for (String u : pendingSeeds) {
            enqueueUrl(u, 0, KIND_PAGE);
        }
    }

    /**
     * Before touching anything: can the origin serve the first entry page? A refused connection, a
     * timeout or a 5xx there means the origin is down, and the pass must leave the backup alone.
     */
    private String probeOrigin() {
        String path = config.entries().get(0);
        ManifestEntry known = manifest.get(path);
        try (OriginResponse r = origin.fetch(path, known == null ? null : known.etag(),
                known == null ? null : known.lastModified(), deadline.epochMillis())) {
            if (r.status() >= 400) {
                // 401/403/421 for the entry page usually means a wrong --domain (Host) or a missing --header.
                return "the origin answered " + r.status() + " for the entry page " + path + " (sent Host: "
                        + config.domain() + "); check --domain and --header";
            }
            return null;
        } catch (FetchException e) {
            return e.originFault() ? e.kind() + " fetching " + path + " (" + e.getMessage() + ")" : null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private void enqueueUrl(String absoluteUrl, int depth, int kind) {
        // Most links of a site point to pages already seen: skip them before parsing the URL again.
        if (rawSeen.contains(absoluteUrl)) {
            return;
        }
        if (absoluteUrl.length() > MAX_URL_CHARS) {
            skipOnce(absoluteUrl.substring(0, 200), "url-too-long");
            return;
        }
        String path;
        try {
            path = scope.pathOf(absoluteUrl);
        } catch (RefusedUrlException e) {
            skipOnce(absoluteUrl, e.reason());
            rememberRaw(absoluteUrl);
            return;
        }
        admit(path, depth, kind);
        if (seen.containsKey(path)) {
            // Not remembered when refused for depth: the same link may come again from a shallower page.
            rememberRaw(absoluteUrl);
        }
    }

    private void rememberRaw(String absoluteUrl) {
        if (rawSeen.size() < RAW_SEEN_LIMIT) {
            rawSeen.add(absoluteUrl);
        }
    }

    private void enqueuePath(String rawPath, int depth, int kind) {
        try {
            admit(scope.checkPath(UrlKeys.canonicalPath(rawPath)), depth, kind);
        } catch (RefusedUrlException e) {
            skipOnce(rawPath, e.reason());
        }
    }

    private void admit(String path, int depth, int kind) {
        if (seen.containsKey(path)) {
            return;
        }
        if (depth > config.maxDepth()) {
            skipOnce(path, "max-depth");
            return;
        }
        if (seen.size() >= config.maxObjects()) {
            skipOnce(path, "max-objects");
            return;
        }
        Checkpoint.Pending p = new Checkpoint.Pending(path, depth, kind);
        if (seen.putIfAbsent(path, p) == null) {
            stats.discovered.incrementAndGet();
            outstanding.incrementAndGet();
            queue.add(p);
        }
    }

    /** Counts a refused URL once per pass, however many pages link to it. */
    private void skipOnce(String url, String reason) {
        if (refusedSeen.size() < 200_000 ? refusedSeen.add(reason + " " + url) : true) {
            stats.skip(reason);
        }
    }

    private void workLoop() {
        while (true) {
            if (stopReason.get() != null || deadline.passed()) {
                return;
            }
            Checkpoint.Pending item;
            try {
                item = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                if (outstanding.get() == 0) {
                    return;
                }
                continue;
            }
            try {
                process(item);
                done.add(item.path());
                stats.done.incrementAndGet();
            } catch (RuntimeException e) {
                stats.fail(item.path(), "internal: " + e);
                listener.failure(item.path(), "internal", String.valueOf(e));
                done.add(item.path());
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    /** Fetches one URL and does whatever its answer calls for. */
    private void process(Checkpoint.Pending item) {
        String path = item.path();
        String key;
        try {
            key = UrlKeys.keyFor(path);
        } catch (RefusedUrlException e) {
            stats.skip(e.reason());
            return;
        }
        ManifestEntry known = manifest.get(path);
        if (item.kind() == KIND_PAGE && !wouldReadLinks(path) && ResourceTypes.hasKnownExtension(path)) {
            ResourceType guess = ResourceTypes.byExtension(path);
            if (!config.resourceTypes().contains(guess)) {
                stats.skip("type-not-selected");
                return;
            }
            if (!scope.included(path)) {
                stats.skip("not-included");
                return;
            }
        }
        boolean conditional = known != null && !config.full() && known.status() == 200
                && (known.stored() || !wouldStore(known.contentType(), path));
        long now = System.currentTimeMillis();
        OriginResponse resp;
        try {
            resp = origin.fetch(path, conditional ? known.etag() : null, conditional ? known.lastModified() : null,
                    deadline.epochMillis());
        } catch (FetchException e) {
            health.record(e.originFault());
            if (e.originFault()) {
                failedByOrigin.add(path);
            }
            failed(path, e.kind(), e.getMessage());
            if (known == null) {
                manifest.put(ManifestEntry.builder(path).depth(item.depth()).lastSeen(now).status(0).build());
            }
            checkHealth();
            return;
        }
        health.record(false);
        try (OriginResponse r = resp) {
            int status = r.status();
            if (status == 304) {
                if (known == null) {
                    failed(path, "http-304", "origin answered 304 to an unconditional request");
                    return;
                }
                stats.notModified.incrementAndGet();
                manifest.put(known.toBuilder().lastSeen(now).misses(0).depth(Math.min(known.depth(), item.depth()))
                        .build());
            } else if (status == 200) {
                handleOk(item, key, known, r, now);
            } else if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                handleRedirect(item, known, r, now);
            } else if (status == 404 || status == 410) {
                ManifestEntry.Builder b = known != null ? known.toBuilder() : ManifestEntry.builder(path).depth(item.depth());
                manifest.put(b.lastSeen(now).status(status).misses((known == null ? 0 : known.misses()) + 1).build());
                if (item.kind() != KIND_PAGE) {
                    stats.skip("absent-" + (item.kind() == KIND_ROBOTS ? "robots" : "sitemap"));
                } else {
                    failed(path, "http-" + status, "origin answered " + status + (known != null && known.stored()
                            ? "; the stored copy is kept" : ""));
                }
            } else {
                failed(path, "http-" + status, "origin answered " + status);
                if (known == null) {
                    manifest.put(ManifestEntry.builder(path).depth(item.depth()).lastSeen(now).status(status).build());
                }
            }
        } catch (IOException e) {
            failed(path, "io", String.valueOf(e.getMessage()));
        }
    }

    private boolean wouldReadLinks(String path) {
        ResourceType t = ResourceTypes.byExtension(path);
        return t == ResourceType.HTML || t == ResourceType.CSS || path.toLowerCase(java.util.Locale.ROOT).endsWith(".svg")
                || SiteMaps.isSitemapPath(path);
    }

    private boolean wouldStore(String contentType, String path) {
        return config.resourceTypes().contains(ResourceTypes.classify(contentType, path)) && scope.included(path);
    }

    private void handleOk(Checkpoint.Pending item, String key, ManifestEntry known, OriginResponse r, long now)
            throws IOException {
        String path = item.path();
        Body body = r.body();
        stats.fetched.incrementAndGet();
        stats.bytesFetched.addAndGet(body.length());
        String contentType = r.header("content-type");
        String url = siteBase + path;
        if (body.length() <= MAX_PARSE_BYTES) {
            readLinks(item, contentType, body, url);
        }
        ObjectMeta meta = metaFor(r, url);
        int headersHash = meta.httpHeaders().hashCode();
        ManifestEntry.Builder entry = (known != null ? known.toBuilder() : ManifestEntry.builder(path))
                .etag(r.header("etag")).lastModified(r.header("last-modified")).contentType(contentType)
                .lastSeen(now).status(200).misses(0).redirect(null)
                .depth(known == null ? item.depth() : Math.min(known.depth(), item.depth()));
        ResourceType type = ResourceTypes.classify(contentType, path);
        if (!config.resourceTypes().contains(type)) {
            stats.skip("type-not-selected");
            manifest.put(entry.stored(known != null && known.stored() && body.md5Hex().equals(known.md5()))
                    .md5(body.md5Hex()).size(body.length()).headersHash(headersHash).build());
            return;
        }
        if (!scope.included(path)) {
            stats.skip("not-included");
            manifest.put(entry.md5(body.md5Hex()).size(body.length()).headersHash(headersHash).stored(false).build());
            return;
        }
        boolean same = known != null && known.stored() && body.md5Hex().equals(known.md5())
                && known.headersHash() == headersHash && !config.full();
        if (same || body.md5Hex().equals(writtenThisPass.get(key))) {
            stats.unchanged.incrementAndGet();
            manifest.put(entry.md5(body.md5Hex()).size(body.length()).headersHash(headersHash).stored(true).build());
            return;
        }
        try {
            store.put(key, body.payload(), meta);
        } catch (IOException e) {
            // The previous object (if any) is still in place, and so is its manifest entry.
            stats.storeFailed.incrementAndGet();
            failed(path, "store", "could not store " + key + ": " + e.getMessage());
            return;
        }
        writtenThisPass.put(key, body.md5Hex());
        listener.stored(path, key);
        stats.stored.incrementAndGet();
        stats.bytesStored.addAndGet(body.length());
        manifest.put(entry.md5(body.md5Hex()).size(body.length()).headersHash(headersHash).stored(true).build());
    }

    private void readLinks(Checkpoint.Pending item, String contentType, Body body, String url) throws IOException {
        String path = item.path();
        if (item.kind() == KIND_ROBOTS) {
            for (String sm : SiteMaps.sitemapsInRobots(body.bytes(), url)) {
                enqueueUrl(sm, 0, KIND_SITEMAP);
            }
            return;
        }
        if (item.kind() == KIND_SITEMAP || SiteMaps.isSitemapPath(path)) {
            for (String u : SiteMaps.urlsInSitemap(body.bytes(), contentType, url)) {
                boolean nested = SiteMaps.isSitemapPath(u.replaceAll("[?#].*$", ""));
                enqueueUrl(u, nested ? 0 : 1, nested ? KIND_SITEMAP : KIND_PAGE);
            }
            return;
        }
        if (!ResourceTypes.isParsed(contentType, path)) {
            return;
        }
        for (String link : LinkExtractor.extract(body.bytes(), contentType, path, url)) {
            enqueueUrl(link, item.depth() + 1, KIND_PAGE);
        }
    }

    private void handleRedirect(Checkpoint.Pending item, ManifestEntry known, OriginResponse r, long now) {
        String path = item.path();
        String location = r.header("location");
        stats.redirects.incrementAndGet();
        if (location == null || location.isEmpty()) {
            failed(path, "http-" + r.status(), "redirect without Location");
            return;
        }
        String target = UrlResolver.resolve(siteBase + path, location);
        String targetPath;
        try {
            targetPath = scope.pathOf(target);
        } catch (RefusedUrlException e) {
            skipOnce(target, "redirect-" + e.reason());
            targetPath = null;
        }
        ManifestEntry.Builder b = known != null ? known.toBuilder() : ManifestEntry.builder(path).depth(item.depth());
        manifest.put(b.lastSeen(now).status(r.status()).misses(0).redirect(targetPath != null ? targetPath : target)
                .build());
        if (targetPath != null) {
            admit(targetPath, item.depth(), item.kind());
        }
    }

    /** The object metadata for a 200: the kept headers, validators, source URL. */
    private static ObjectMeta metaFor(OriginResponse r, String url) {
        ObjectMeta.Builder b = ObjectMeta.builder();
        for (String h : new String[]{"Content-Type", "Cache-Control", "Content-Encoding", "Content-Language",
                "Content-Disposition", "Expires"}) {
            String v = r.header(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        b.userMeta(ObjectMeta.ORIGIN_ETAG, r.header("etag"));
        b.userMeta(ObjectMeta.ORIGIN_LAST_MODIFIED, r.header("last-modified"));
        b.userMeta(ObjectMeta.SOURCE_URL, url);
        return b.build();
    }

    private void failed(String path, String kind, String message) {
        stats.fail(path, kind + ": " + message);
        listener.failure(path, kind, message);
    }

    private void checkHealth() {
        if (health.failingShare(HEALTH_MIN_SAMPLES) > HEALTH_MAX_FAILING) {
            stopReason.compareAndSet(null, "origin unhealthy: most recent fetches failed; stopped early, "
                    + "the backup keeps its last good copies");
        }
    }

    /** Deletes objects the origin has said are gone for {@code --prune-after} passes in a row. */
    private void prune() {
        List<ManifestEntry> gone = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if (e.status() == 404 || e.status() == 410) {
                if (e.stored() && config.pruneAfter() > 0 && e.misses() >= config.pruneAfter()) {
                    gone.add(e);
                } else if (!e.stored() && e.misses() >= FORGET_AFTER_MISSES) {
                    manifest.remove(e.path());
                }
            }
        }
        for (ManifestEntry e : gone) {
            try {
                store.delete(UrlKeys.keyFor(e.path()));
                manifest.remove(e.path());
                stats.pruned.incrementAndGet();
            } catch (IOException | RefusedUrlException ex) {
                failed(e.path(), "prune", String.valueOf(ex.getMessage()));
            }
        }
    }

    /** Saves the manifest, then the frontier, so every URL marked done is in the saved manifest. */
    private void checkpoint(String passId, long passStarted, int invocations) throws IOException {
        Set<String> doneNow = new HashSet<>(done);
        List<Checkpoint.Pending> pending = new ArrayList<>();
        for (Checkpoint.Pending p : seen.values()) {
            if (!doneNow.contains(p.path())) {
                pending.add(p);
            }
        }
        JsonObject counters = stats.toJson();
        counters.addProperty("requests", stats.requests.get() + (origin == null ? 0 : origin.requestsSent()));
        state.saveManifest(manifest);
        state.saveCheckpoint(new Checkpoint(passId, passStarted, invocations, counters,
                new ArrayList<>(doneNow), pending));
    }

    private static String where() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + " pid " + ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Recent fetch outcomes, to notice an origin that started failing mid-pass. */
    static final class HealthWindow {
        private final boolean[] ring;
        private int next;
        private int count;

        HealthWindow(int size) {
            ring = new boolean[size];
        }

        synchronized void record(boolean failed) {
            ring[next] = failed;
            next = (next + 1) % ring.length;
            count = Math.min(count + 1, ring.length);
        }

        synchronized double failingShare(int minSamples) {
            if (count < minSamples) {
                return 0;
            }
            int f = 0;
            for (int i = 0; i < count; i++) {
                if (ring[i]) {
                    f++;
                }
            }
            return (double) f / count;
        }
    }
}
