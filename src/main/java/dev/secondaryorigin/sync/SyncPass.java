package dev.secondaryorigin.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.crawl.ExtractedLinks;
import dev.secondaryorigin.crawl.Frontier;
import dev.secondaryorigin.crawl.ItemKind;
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
import java.time.Clock;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sync pass over a task, orchestrated: discover the site's URLs ({@link Discovery}, {@link Frontier}),
 * fetch what changed from the primary origin, decide per URL ({@link UrlDecision}), hold the changes back
 * ({@link HeldChanges}) while the {@link SoftFailureGate} watches them, and publish them ({@link Publisher})
 * only when the gate finds the pass sound. A pass may span several invocations: it stops taking work at
 * the deadline, checkpoints, and the next run resumes.
 *
 * <p>The backup never gets worse: only a complete, verified 200 body is written; while the backup holds a
 * published copy of the site, new bytes are staged under the state prefix and reach their keys only after
 * the gate's verdict; a refused pass leaves every key as it was; nothing is deleted unless the user asked
 * for pruning, and what a pass replaces or deletes is kept for rollback.
 */
public final class SyncPass {
    /** Bodies larger than this are stored but not read for links (never loaded into memory whole). */
    static final int MAX_PARSE_BYTES = LinkExtractor.MAX_PARSE_BYTES;
    private static final String PUBLISH_UNFINISHED =
            "time budget used up while publishing; the next run finishes publishing";
    /** Changed objects the gate needs before it may stop a pass early. */
    static final int EARLY_VERDICT_CHANGES = 200;
    /** Entries with no object that the origin said are gone this many passes in a row are forgotten. */
    static final int FORGET_AFTER_MISSES = 3;
    /**
     * Share of the heap the manifest and the frontier may take before the pass admits no more URLs: the rest is
     * for the bodies in flight, parsing and saving. A site too large for the memory is cut short and says so,
     * rather than failing with OutOfMemoryError and no checkpoint.
     */
    static final double STATE_HEAP_SHARE = 0.6;

    private final TaskConfig config;
    private final ObjectStore store;
    private final PassListener listener;
    private final StateRepository state;
    private final Scope scope;
    private final Path tempDir;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private volatile OriginClient origin;
    private volatile long retryBaseMillis = -1;
    /** The engine's notion of now: when a pass starts, hence when its checks count as made. */
    private Clock clock = Clock.systemUTC();
    private final RevisitPolicy revisitPolicy;
    private RevisitSchedule revisit;
    /** When the pass started (an earlier invocation's start for a resumed pass): the time its checks record. */
    private long passStarted;

    // Pass state, set up by run().
    private Manifest manifest;
    private PassStats stats;
    private Frontier frontier;
    private Discovery discovery;
    private final HeldChanges held = new HeldChanges();
    private SoftFailureGate gate;
    /** True when the backup already holds a published copy to protect: changes are staged, then judged. */
    private boolean staging;
    private String passId;
    /** System.nanoTime() at the start of this invocation: durations are real whatever the clock says. */
    private long realStart = System.nanoTime();
    /** Where this pass writes objects (staged or in place); set once the mode is known. */
    private PassWrites writes;
    /** URLs that failed this invocation because of the origin (network errors, 5xx after retries). */
    private final Set<String> failedByOrigin = ConcurrentHashMap.newKeySet();
    /** Keys written in this pass with their MD5, so two URLs of one key (/ and /index.html) write once. */
    private final WrittenKeys writtenThisPass = new WrittenKeys();
    private final PassHealth health = new PassHealth();
    private final LinkExtractor.Limits linkLimits;
    private String siteBase;
    private Deadline deadline = Deadline.none();
    private final List<String> extraSeeds = new ArrayList<>();
    /** Damaged state files this run set aside; reported. */
    private final List<String> stateProblems = new ArrayList<>();
    /**
     * The manifest was unreadable and set aside: objects already at their keys are compared by their stored
     * metadata (one HEAD per new URL), so an unchanged object is not rewritten and the gate sees changes.
     */
    private boolean recovering;
    /** The periodic checkpoint skips its turns until then (the ticker thread only). */
    private long checkpointDueAt;
    /** Set once the frontier stopped admitting URLs because the state reached {@link #STATE_HEAP_SHARE}. */
    private volatile boolean stateMemoryFull;
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
        this.linkLimits = LinkExtractor.Limits.DEFAULT.withScriptLinks(config.scriptLinks()
                ? config.scriptLinksPerDocument() : 0);
        this.revisitPolicy = RevisitPolicy.of(config);
    }

    /** The clock passes start by (tests and the revisit simulation run days in seconds). */
    public SyncPass clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Asks a running pass to stop taking work, finish what is in flight and checkpoint. */
    public void requestStop() {
        stopReason.compareAndSet(null, StopReason.STOP_REQUESTED);
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
        long started = clock.millis();
        realStart = System.nanoTime();
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

    private Publisher publisher() {
        return new Publisher(state, config.keepPasses(), config.concurrency());
    }

    private PassReport runLeased(Lease lease, long started) throws IOException {
        // A publish or rollback cut short by an earlier run is finished before anything else.
        Optional<Publisher.Outcome> interrupted = publisher().finishInterrupted(deadline);
        if (interrupted.isPresent()) {
            return publishedEarlierPass(interrupted.get(), started);
        }
        new Rollback(state).finishInterrupted();

        long loading = System.currentTimeMillis();
        Manifest published = state.loadManifestOrSetAside(stateProblems);
        // Saving a manifest takes about as long as reading it did: the first checkpoint waits nineteen times that
        // too, as every later one does, so a large pass spends a twentieth of its time on checkpoints from the start.
        checkpointDueAt = System.currentTimeMillis() + 19 * (System.currentTimeMillis() - loading);
        recovering = !stateProblems.isEmpty() || state.recovering();
        Optional<Checkpoint> cp = config.full() ? Optional.<Checkpoint>empty()
                : state.loadCheckpointOrSetAside(stateProblems);
        int invocations;
        boolean resumed = cp.isPresent();
        frontier = new Frontier(config.maxDepth(), (int) Math.min(Integer.MAX_VALUE, config.maxObjects()));
        gate = new SoftFailureGate(config.gateMinObjects(), config.gateShare());
        if (resumed) {
            Checkpoint c = cp.get();
            passId = c.passId();
            passStarted = c.startedAt();
            invocations = c.invocations() + 1;
            stats = PassStats.fromJson(c.stats());
            staging = c.held().has("staging") && c.held().get("staging").getAsBoolean();
            manifest = staging ? state.loadWorkingManifestOrSetAside(stateProblems).orElse(published) : published;
            held.restore(c.heldChanges());
            gate.restore(c.held().has("gate") ? c.held().getAsJsonObject("gate") : null);
            discovery = newDiscovery();
            frontier.restore(c.done(), Mapped.of(c.pending(),
                    p -> new Frontier.Item(p.path(), p.depth(), ItemKind.ofCode(p.kind()))));
        } else {
            passId = Instant.ofEpochMilli(started).toString().replaceAll("[:.]", "").replace("T", "-") + "-"
                    + UUID.randomUUID().toString().substring(0, 6);
            passStarted = started;
            invocations = 1;
            stats = new PassStats();
            manifest = published;
            // A manifest set aside says nothing of what the target holds: protect it as if it held a backup.
            staging = recovering || holdsPublishedObjects(published);
            // What an abandoned pass (--full over a checkpoint, a crash) staged is never published.
            state.deleteAll(state.stagingRoot());
            store.delete(state.workingManifestKey());
            discovery = newDiscovery();
            discovery.seed(config.entries(), config.useSitemaps(), manifest.entries());
            if (recovering) {
                seedFromTarget();
            }
        }
        seedExtra();
        writes = new PassWrites(store, state, passId, staging);

        String entry = config.entries().get(0);
        // The guard's body text describes the pages it probes; a dedicated /health page's text is not the home page's.
        String entryText = config.guardPaths().contains(entry) ? config.guardBody() : null;
        PassHealth.ProbeProblem problem = PassHealth.probe(origin, entry, manifest.get(entry), config.domain(),
                entryText, deadline.epochMillis());
        if (problem != null) {
            JsonObject r = baseReport(passId, started);
            r.addProperty("result", problem.result.id());
            r.addProperty("complete", false);
            r.addProperty("resumed", resumed);
            r.addProperty("message", (problem.result == PassReport.Result.ORIGIN_SUSPECT ? "origin suspect: "
                    : "origin unhealthy: ") + problem.message + "; the backup was left untouched");
            r.add("counters", stats.toJson());
            addStateProblems(r);
            state.saveReport(passId + "-" + invocations, r);
            return new PassReport(problem.result, r);
        }

        crawl(lease, passStarted, invocations);
        return finish(passStarted, invocations, resumed, started);
    }

    /**
     * Without a manifest, the URLs of a backup are only known from its keys: visit each, so every object already
     * in the target is compared with what the origin serves now (and the gate sees a failing origin).
     */
    private void seedFromTarget() throws IOException {
        store.list("", key -> {
            if (!key.startsWith(ObjectStore.STATE_PREFIX)) {
                discovery.path("/" + key, 1, ItemKind.PAGE);
            }
        });
    }

    /** Discovery for this pass, taking URLs from scripts and JSON unless --no-script-links. */
    private Discovery newDiscovery() {
        revisit = RevisitSchedule.of(revisitPolicy, manifest, passStarted, config.full());
        Discovery d = new Discovery(scope, frontier, stats).revisit(revisit);
        return config.scriptLinks() ? d.speculative(manifest, new SpeculativeMisses(config.scriptLinksRecheckDays(),
                passStarted), config.scriptLinksPerPass()) : d;
    }

    private static boolean holdsPublishedObjects(Manifest m) {
        for (ManifestEntry e : m.entries()) {
            if (e.stored()) {
                return true;
            }
        }
        return false;
    }

    /** Workers take URLs until the frontier is empty, the deadline passes or a stop is asked for. */
    private void crawl(Lease lease, long passStarted, int invocations) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("sync-ticker"));
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(), daemon("sync-worker"));
        try {
            ticker.scheduleAtFixedRate(() -> listener.progress(stats), 1, 1, TimeUnit.SECONDS);
            ticker.scheduleAtFixedRate(this::guardStateMemory, 1, 1, TimeUnit.SECONDS);
            ticker.scheduleAtFixedRate(() -> {
                synchronized (this) {
                    try {
                        if (!lease.renew()) {
                            stopReason.compareAndSet(null, StopReason.LEASE_LOST);
                            return;
                        }
                        long now = System.currentTimeMillis();
                        if (now >= checkpointDueAt) {
                            checkpoint(passStarted, invocations);
                            // Saving a million-URL manifest takes seconds: keep it to about a twentieth of the time
                            // (a tenth was a tenth of a long first pass's CPU; a crash then loses at most 20 saves' time).
                            checkpointDueAt = now + 19 * (System.currentTimeMillis() - now);
                        }
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
                    stopReason.compareAndSet(null, StopReason.INTERRUPTED);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof OutOfMemoryError) {
                        throw (OutOfMemoryError) e.getCause();
                    }
                    throw new IllegalStateException("sync worker failed", e.getCause());
                }
            }
        } finally {
            ticker.shutdownNow();
            workers.shutdownNow();
        }
    }

    private void guardStateMemory() {
        long state = manifest.heapBytes() + frontier.heapBytes();
        if (!stateMemoryFull && state > STATE_HEAP_SHARE * Runtime.getRuntime().maxMemory()) {
            stateMemoryFull = true;
            frontier.stopAdmitting();
            listener.failure("/", "state-memory", "the pass's state takes " + (state >> 20) + " MiB of a "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap: no more URLs are admitted this pass");
        }
    }

    /**
     * Adds why a complete pass did not visit the whole site, when it did not: URLs left out at {@code --max-objects}
     * or because the state filled its share of the memory. Such a pass exits 7.
     */
    private void addCutShort(JsonObject r) {
        Long notVisited = stats.skippedByReason().get("max-objects");
        if (notVisited == null || notVisited == 0) {
            return;
        }
        JsonObject cut = new JsonObject();
        cut.addProperty("reason", stateMemoryFull ? "memory" : "max-objects");
        cut.addProperty("limit", stateMemoryFull ? frontier.seenCount() : config.maxObjects());
        cut.addProperty("urlsNotVisited", notVisited);
        r.add("cutShort", cut);
        r.addProperty("message", "cut short: " + (stateMemoryFull
                ? "the pass's state filled its share of the memory (" + Math.round(STATE_HEAP_SHARE * 100) + " % of the "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap) at " + frontier.seenCount() + " URLs; give the "
                + "function (or -Xmx) more memory"
                : "the site has more URLs than --max-objects " + config.maxObjects() + "; raise it")
                + ". At least " + notVisited + " URLs found were not visited (they are not in the backup); after raising "
                + "the limit, run once with --full: unchanged pages are not read for links again.");
    }

    private synchronized PassReport finish(long passStarted, int invocations, boolean resumed, long started)
            throws IOException {
        StopReason stop = stopReason.get();
        boolean complete = stop == null && frontier.drained();
        PassReport.Result result;
        String message = null;
        JsonObject gateJson = null;
        Publisher.Outcome outcome = null;
        JsonObject counters = null;
        if (stop == StopReason.ORIGIN_SUSPECT) {
            // Judged early: the rest of the site would only have cost the origin requests.
            GateVerdict verdict = gate.judge();
            gateJson = verdict.toJson(false);
            result = PassReport.Result.ORIGIN_SUSPECT;
            message = refuse(verdict, " The pass stopped early.");
        } else if (complete) {
            redirectObjects();
            planPrune();
            GateVerdict verdict = gate.judge();
            if (staging) {
                gateJson = verdict.toJson(config.acceptChanges());
            }
            if (staging && verdict.suspect() && !config.acceptChanges()) {
                result = PassReport.Result.ORIGIN_SUSPECT;
                message = refuse(verdict, "");
            } else {
                Publisher p = publisher();
                p.begin(passId, held, manifest);
                outcome = p.run(passId, deadline, false);
                if (outcome.finished()) {
                    if (!pendingSeeds.isEmpty()) {
                        state.removePendingSeeds(pendingSeeds);
                    }
                    result = PassReport.Result.COMPLETE;
                } else {
                    result = PassReport.Result.INCOMPLETE;
                    message = PUBLISH_UNFINISHED;
                }
                for (String path : outcome.publishedPaths()) {
                    listener.stored(path, path);
                }
            }
        } else {
            if (stop == StopReason.ORIGIN_UNHEALTHY) {
                // These URLs failed while the origin was going down, so they were never really tried: put
                // them back in the frontier, or the resumed pass would end "complete" without them.
                // The report still shows what this invocation met.
                counters = stats.toJson();
                counters.addProperty("requests", stats.requests.get() + origin.requestsSent());
                Set<String> retry = new HashSet<>(failedByOrigin);
                frontier.reopen(retry);
                stats.forgetFailures(retry);
            }
            checkpoint(passStarted, invocations);
            result = stop == StopReason.ORIGIN_UNHEALTHY ? PassReport.Result.ORIGIN_UNHEALTHY
                    : stop == StopReason.LEASE_LOST ? PassReport.Result.LEASE_LOST : PassReport.Result.INCOMPLETE;
            message = stop != null ? stop.message() : "time budget used up; the next run resumes from the checkpoint";
        }
        stats.requests.addAndGet(origin.requestsSent());
        RevisitSchedule.Tally tally = revisit.tally();
        stats.notDue.set(tally.notDue);
        stats.oldestCheckAgeSeconds.set(tally.oldestCheckAgeSeconds);
        if (counters != null) {
            counters.addProperty("notDue", tally.notDue);
            counters.addProperty("oldestCheckAgeSeconds", tally.oldestCheckAgeSeconds);
        }
        JsonObject r = baseReport(passId, started);
        r.addProperty("result", result.id());
        r.addProperty("complete", result == PassReport.Result.COMPLETE);
        r.addProperty("resumed", resumed);
        r.addProperty("invocations", invocations);
        r.addProperty("passStartedAt", Instant.ofEpochMilli(passStarted).toString());
        if (result != PassReport.Result.COMPLETE) {
            r.addProperty("pending", frontier.outstanding());
            r.addProperty("message", message);
        }
        for (Map.Entry<String, JsonElement> e : (counters != null ? counters : stats.toJson()).entrySet()) {
            r.add(e.getKey(), e.getValue());
        }
        r.addProperty("manifestUrls", manifest.size());
        r.addProperty("stateHeapBytes", manifest.heapBytes() + frontier.heapBytes());
        if (result == PassReport.Result.COMPLETE) {
            addCutShort(r);
        }
        r.addProperty("staged", staging);
        r.addProperty("held", held.size());
        if (outcome != null) {
            addPublished(r, outcome);
        }
        if (gateJson != null) {
            r.add("gate", gateJson);
        }
        addStateProblems(r);
        if (!extraSeeds.isEmpty() || !pendingSeeds.isEmpty()) {
            r.addProperty("cdnSeeds", extraSeeds.size());
            r.addProperty("pendingSeeds", pendingSeeds.size());
        }
        state.saveReport(passId + (result == PassReport.Result.COMPLETE && invocations == 1 ? "" : "-" + invocations), r);
        if (result == PassReport.Result.COMPLETE) {
            state.saveLastComplete(r);
        }
        return new PassReport(result, r);
    }

    private void addStateProblems(JsonObject r) {
        if (!stateProblems.isEmpty()) {
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            stateProblems.forEach(a::add);
            r.add("stateSetAside", a);
        }
    }

    private static void addPublished(JsonObject r, Publisher.Outcome o) {
        r.addProperty("published", o.published());
        r.addProperty("pruned", o.deleted());
        r.addProperty("previousVersionsKept", o.previousKept());
        r.addProperty("versionsExpired", o.versionsExpired());
        if (o.refused() > 0) {
            r.addProperty("publishRefused", o.refused());
        }
    }

    /** The report of a run that only finished publishing a pass an earlier run had judged. */
    private PassReport publishedEarlierPass(Publisher.Outcome o, long started) throws IOException {
        JsonObject r = baseReport(o.passId(), started);
        PassReport.Result result = o.finished() ? PassReport.Result.COMPLETE : PassReport.Result.INCOMPLETE;
        r.addProperty("result", result.id());
        r.addProperty("complete", o.finished());
        r.addProperty("resumed", true);
        r.addProperty("message", o.finished() ? "finished publishing pass " + o.passId() + ", which an earlier run "
                + "had begun" : PUBLISH_UNFINISHED);
        addPublished(r, o);
        state.saveReport(o.passId() + "-publish", r);
        if (o.finished()) {
            state.saveLastComplete(r);
        }
        return new PassReport(result, r);
    }

    /**
     * The gate refused the pass: drop everything it staged (the published manifest and objects stay) and say why.
     * {@code how} tells how the pass ended, e.g. that it stopped early.
     */
    private String refuse(GateVerdict verdict, String how) throws IOException {
        state.deleteAll(state.stagingRoot());
        store.delete(state.checkpointKey());
        store.delete(state.workingManifestKey());
        return "origin suspect: the origin answers, but its answers look like a failure: "
                + String.join("; ", verdict.reasons()) + "." + how + " Nothing in the backup was changed. If this "
                + "change of the site is real, run again with --accept-changes.";
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
        long duration = (System.nanoTime() - realStart) / 1_000_000;
        r.addProperty("finishedAt", Instant.ofEpochMilli(started + duration).toString());
        r.addProperty("durationMs", duration);
        return r;
    }

    /** CDN seeds given by the front end and pending seeds left by CDN log events, new or resumed pass alike. */
    private void seedExtra() throws IOException {
        // A visitor asked the CDN for these: worth a check now, whatever their schedule says.
        for (String u : extraSeeds) {
            discovery.dueNow(u, 0, ItemKind.PAGE);
        }
        pendingSeeds = state.loadPendingSeeds();
        for (String u : pendingSeeds) {
            discovery.dueNow(u, 0, ItemKind.PAGE);
        }
    }

    private void workLoop() {
        while (true) {
            if (stopReason.get() != null || deadline.passed()) {
                return;
            }
            Frontier.Item item;
            try {
                item = frontier.take(50);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                if (frontier.drained()) {
                    return;
                }
                continue;
            }
            try {
                ManifestEntry before = manifest.get(item.path());
                process(item);
                scheduleRevisit(item.path(), before);
                stats.done.incrementAndGet();
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                // Whatever one response holds, it fails only its own URL.
                stats.fail(item.path(), "internal: " + e);
                listener.failure(item.path(), "internal", String.valueOf(e));
            } finally {
                frontier.finished(item);
            }
        }
    }

    /**
     * After a URL was asked: its next revisit, from whether the answer changed what the manifest held. A URL not
     * asked (refused, type not selected) or whose fetch failed keeps its entry, so it stays due.
     */
    private void scheduleRevisit(String path, ManifestEntry before) {
        ManifestEntry after = manifest.get(path);
        if (after == null || after == before || after.lastSeen() != passStarted) {
            return;
        }
        int interval = revisitPolicy.intervalAfter(before, after);
        if (interval != after.revisitSeconds()) {
            manifest.put(after.toBuilder().revisitSeconds(interval).build());
        }
    }

    /** Fetches one URL and does whatever its answer calls for. */
    private void process(Frontier.Item item) {
        String path = item.path();
        String key;
        try {
            key = UrlKeys.keyFor(path);
        } catch (RefusedUrlException e) {
            stats.skip(e.reason());
            return;
        }
        ManifestEntry known = manifest.get(path);
        boolean speculative = item.kind() == ItemKind.SPECULATIVE;
        if ((item.kind() == ItemKind.PAGE || speculative) && !wouldReadLinks(path)
                && ResourceTypes.hasKnownExtension(path)) {
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
        boolean conditional = UrlDecision.askConditionally(known, config.full(),
                known != null && wouldStore(known.contentType(), path));
        // Checks count as made when the pass started, so revisit intervals line up with the passes.
        long now = passStarted;
        if (known != null) {
            stats.revalidated.incrementAndGet();
        }
        OriginResponse resp;
        try {
            resp = origin.fetch(path, conditional ? known.etag() : null, conditional ? known.lastModified() : null,
                    deadline.epochMillis());
        } catch (FetchException e) {
            if (speculative) {
                speculativeError(e);
                return;
            }
            health.record(e.originFault());
            if (e.originFault()) {
                failedByOrigin.add(path);
            }
            failed(path, e.kind(), e.getMessage());
            if (known == null) {
                manifest.put(ManifestEntry.builder(path).depth(item.depth()).lastSeen(now).status(0).build());
            }
            if (health.failing()) {
                stopReason.compareAndSet(null, StopReason.ORIGIN_UNHEALTHY);
            }
            return;
        }
        if (speculative) {
            // A guess at a URL says nothing about the origin's health, whatever it answers.
            stats.speculativeTried.incrementAndGet();
        } else {
            health.record(false);
        }
        try (OriginResponse r = resp) {
            int status = r.status();
            if (speculative && (status >= 400 && status < 500 || status == 200
                    && SpeculativeMisses.softNotFound(path, r.header("content-type")))) {
                speculativeMiss(item, known, status == 200 ? 404 : status, now);
                return;
            }
            if (speculative && (status == 200 || status == 304)) {
                stats.speculativeFound.incrementAndGet();
            }
            switch (FetchOutcome.of(status)) {
                case NOT_MODIFIED:
                    if (known == null) {
                        failed(path, "http-304", "origin answered 304 to an unconditional request");
                        return;
                    }
                    stats.notModified.incrementAndGet();
                    if (known.stored()) {
                        gate.unchanged();
                    }
                    manifest.put(known.toBuilder().lastSeen(now).misses(0)
                            .depth(Math.min(known.depth(), item.depth())).build());
                    return;
                case OK:
                    handleOk(item, key, known, r, now);
                    return;
                case REDIRECT:
                    handleRedirect(item, known, r, now);
                    return;
                case GONE:
                    if (known != null && known.stored()) {
                        gate.gone();
                    }
                    ManifestEntry.Builder b = known != null ? known.toBuilder()
                            : ManifestEntry.builder(path).depth(item.depth());
                    manifest.put(b.lastSeen(now).status(status).misses((known == null ? 0 : known.misses()) + 1).build());
                    if (item.kind() != ItemKind.PAGE) {
                        stats.skip("absent-" + (item.kind() == ItemKind.ROBOTS ? "robots" : "sitemap"));
                    } else {
                        failed(path, "http-" + status, "origin answered " + status + (known != null && known.stored()
                                ? "; the stored copy is kept" : ""));
                    }
                    return;
                default:
                    failed(path, "http-" + status, "origin answered " + status);
                    if (known == null) {
                        manifest.put(ManifestEntry.builder(path).depth(item.depth()).lastSeen(now).status(status).build());
                    }
            }
        } catch (IOException e) {
            failed(path, "io", String.valueOf(e.getMessage()));
        }
    }

    /**
     * A speculative URL the origin does not have (a 4xx, or HTML where the extension names another type):
     * no failure, not "gone" for the gate, no change; remembered so later passes ask again only on the slow
     * schedule ({@link SpeculativeMisses}). A stored copy (the file existed once) is kept.
     */
    private void speculativeMiss(Frontier.Item item, ManifestEntry known, int status, long now) {
        stats.speculativeMissed.incrementAndGet();
        ManifestEntry.Builder b = known != null ? known.toBuilder() : ManifestEntry.builder(item.path()).depth(item.depth());
        manifest.put(b.lastSeen(now).status(status).speculative(true)
                .misses((known == null ? 0 : known.misses()) + 1).build());
    }

    /**
     * A speculative URL that failed by network or 5xx: not remembered (it may be there next time), no failure.
     * A connection-level failure still counts in the health window: it speaks of the origin, not of the URL.
     */
    private void speculativeError(FetchException e) {
        stats.speculativeTried.incrementAndGet();
        stats.speculativeMissed.incrementAndGet();
        stats.skip("speculative-error");
        if (e.originFault() && !e.kind().startsWith("http-")) {
            health.record(true);
            if (health.failing()) {
                stopReason.compareAndSet(null, StopReason.ORIGIN_UNHEALTHY);
            }
        }
    }

    private boolean wouldReadLinks(String path) {
        ResourceType t = ResourceTypes.byExtension(path);
        return t == ResourceType.HTML || t == ResourceType.CSS || path.toLowerCase(java.util.Locale.ROOT).endsWith(".svg")
                || SiteMaps.isSitemapPath(path) || (config.scriptLinks() && LinkExtractor.readsScript(null, path));
    }

    private boolean wouldStore(String contentType, String path) {
        return config.resourceTypes().contains(ResourceTypes.classify(contentType, path)) && scope.included(path);
    }

    private void handleOk(Frontier.Item item, String key, ManifestEntry known, OriginResponse r, long now)
            throws IOException {
        String path = item.path();
        Body body = r.body();
        stats.fetched.incrementAndGet();
        stats.bytesFetched.addAndGet(body.length());
        String contentType = r.header("content-type");
        String url = siteBase + path;
        readLinksSafely(item, contentType, body, url);
        ObjectMeta meta = metaFor(r, url);
        int headersHash = meta.httpHeaders().hashCode();
        String md5 = body.md5Hex();
        if (known == null && recovering) {
            known = storedObjectAsEntry(path, key);
        }
        ManifestEntry.Builder entry = (known != null ? known.toBuilder() : ManifestEntry.builder(path))
                .etag(r.header("etag")).lastModified(r.header("last-modified")).contentType(contentType)
                .lastSeen(now).status(200).misses(0).redirect(null)
                .depth(known == null ? item.depth() : Math.min(known.depth(), item.depth()))
                .md5(md5).size(body.length()).headersHash(headersHash).speculative(item.kind() == ItemKind.SPECULATIVE);
        UrlDecision.Action action = UrlDecision.forOk(known, md5, headersHash,
                config.resourceTypes().contains(ResourceTypes.classify(contentType, path)), scope.included(path),
                config.full(), md5.equals(writtenThisPass.md5(key)));
        switch (action) {
            case TYPE_NOT_SELECTED:
                stats.skip("type-not-selected");
                manifest.put(entry.stored(known != null && known.stored() && md5.equals(known.md5())).build());
                return;
            case NOT_INCLUDED:
                stats.skip("not-included");
                manifest.put(entry.stored(false).build());
                return;
            case UNCHANGED:
                stats.unchanged.incrementAndGet();
                if (known != null && known.stored()) {
                    gate.unchanged();
                }
                manifest.put(entry.stored(true).build());
                return;
            default:
        }
        boolean replaces = UrlDecision.replacesPublished(known);
        try {
            writes.put(key, body.payload(), meta);
        } catch (IOException e) {
            // The previous object (if any) is still in place, and so is its manifest entry.
            stats.storeFailed.incrementAndGet();
            failed(path, "store", "could not store " + key + ": " + e.getMessage());
            if (known == null) {
                // Remembered as failing, so the next pass tries it again even if no changed page links to it.
                manifest.put(ManifestEntry.builder(path).depth(item.depth()).lastSeen(now).status(0).build());
            }
            return;
        }
        if (staging) {
            // Recorded before the manifest entry, so a checkpoint that has the entry has the change too.
            held.add(new HeldChanges.Change(key, replaces ? HeldChanges.Op.REPLACE : HeldChanges.Op.ADD, path));
            if (replaces && !md5.equals(known.md5())) {
                gate.changed(known, path, md5, body.length(), contentType);
                judgeEarly();
            } else if (replaces) {
                gate.unchanged();
            } else {
                gate.added();
            }
        } else {
            listener.stored(path, key);
        }
        writtenThisPass.put(key, md5);
        stats.stored.incrementAndGet();
        stats.bytesStored.addAndGet(body.length());
        manifest.put(entry.stored(true).build());
    }

    /**
     * Once enough changes are in, a verdict that is already damning stops the pass: the gate would refuse it
     * at the end anyway, and every further request costs the origin and the function. Needs
     * {@link #EARLY_VERDICT_CHANGES} changes, so a few odd objects never decide a pass.
     */
    private void judgeEarly() {
        long changed = gate.changedCount();
        if (config.acceptChanges() || changed < EARLY_VERDICT_CHANGES || changed % 25 != 0) {
            return;
        }
        if (gate.judge().suspect()) {
            stopReason.compareAndSet(null, StopReason.ORIGIN_SUSPECT);
        }
    }

    /** What the target already holds at a key, as a manifest entry (recovery from a set-aside manifest). */
    private ManifestEntry storedObjectAsEntry(String path, String key) {
        try {
            Optional<ObjectMeta> meta = store.head(key);
            if (!meta.isPresent() || meta.get().md5() == null) {
                return null;
            }
            ObjectMeta m = meta.get();
            return ManifestEntry.builder(path).md5(m.md5()).size(m.size()).contentType(m.contentType())
                    .headersHash(m.httpHeaders().hashCode())
                    .status(200).stored(true).build();
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a document for links; a document that defeats the parser is still stored, and counted. */
    private void readLinksSafely(Frontier.Item item, String contentType, Body body, String url) {
        if (body.length() > MAX_PARSE_BYTES) {
            if (item.kind() != ItemKind.PAGE || ResourceTypes.isParsed(contentType, item.path())) {
                stats.skip(ExtractedLinks.TOO_LARGE);
            }
            return;
        }
        try {
            readLinks(item, contentType, body, url);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            stats.skip(ExtractedLinks.PARSE_ERROR);
            listener.failure(item.path(), ExtractedLinks.PARSE_ERROR, "links not read: " + e);
        }
    }

    private void readLinks(Frontier.Item item, String contentType, Body body, String url) throws IOException {
        String path = item.path();
        if (item.kind() == ItemKind.ROBOTS) {
            for (String sm : SiteMaps.sitemapsInRobots(body.bytes(), url)) {
                discovery.url(sm, 0, ItemKind.SITEMAP);
            }
            return;
        }
        if (item.kind() == ItemKind.SITEMAP || SiteMaps.isSitemapPath(path)) {
            for (SiteMaps.Listed l : SiteMaps.listedInSitemap(body.bytes(), contentType, url)) {
                String u = l.url();
                boolean nested = SiteMaps.isSitemapPath(u.replaceAll("[?#].*$", ""));
                discovery.sitemapUrl(u, nested ? 0 : 1, nested ? ItemKind.SITEMAP : ItemKind.PAGE, l.lastModified());
            }
            return;
        }
        boolean script = config.scriptLinks() && LinkExtractor.readsScript(contentType, path);
        if (!ResourceTypes.isParsed(contentType, path) && !script) {
            return;
        }
        ExtractedLinks links = LinkExtractor.extractLinks(body.bytes(), contentType, path, url, linkLimits);
        for (String link : links.urls()) {
            discovery.url(link, item.depth() + 1, ItemKind.PAGE);
        }
        for (String guess : links.speculative()) {
            discovery.speculative(guess, item.depth() + 1);
        }
        if (links.speculative().size() >= linkLimits.maxScriptLinks() && linkLimits.maxScriptLinks() > 0) {
            stats.skip("script-links-document-limit");
        }
        if (!links.complete()) {
            // The document is still stored; only some of its links were read.
            stats.skip(links.incompleteReason());
            listener.failure(path, links.incompleteReason(), links.detail());
        }
    }

    private void handleRedirect(Frontier.Item item, ManifestEntry known, OriginResponse r, long now) {
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
            discovery.skipOnce(target, "redirect-" + e.reason());
            targetPath = null;
        }
        ManifestEntry.Builder b = known != null ? known.toBuilder() : ManifestEntry.builder(path).depth(item.depth());
        manifest.put(b.lastSeen(now).status(r.status()).misses(0).redirect(targetPath != null ? targetPath : target)
                .build());
        if (targetPath != null) {
            discovery.admit(targetPath, item.depth(), item.kind());
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

    /** Objects at redirect sources, held back and judged like any change (before pruning, which they follow). */
    private void redirectObjects() {
        new RedirectObjects(config, scope, writes, siteBase)
                .run(manifest, held, gate, stats, listener, deadline);
    }

    /**
     * Objects the origin has said are gone for {@code --prune-after} passes in a row become held deletions
     * (published with the pass, kept for rollback); entries without an object are forgotten after a while.
     */
    private void planPrune() {
        for (ManifestEntry e : manifest.entries()) {
            if (e.status() != 404 && e.status() != 410) {
                continue;
            }
            if (e.stored() && config.pruneAfter() > 0 && e.misses() >= config.pruneAfter()) {
                try {
                    held.add(new HeldChanges.Change(UrlKeys.keyFor(e.path()), HeldChanges.Op.DELETE, e.path()));
                    manifest.remove(e.path());
                } catch (RefusedUrlException ex) {
                    failed(e.path(), "prune", String.valueOf(ex.getMessage()));
                }
            } else if (!e.stored() && e.misses() >= FORGET_AFTER_MISSES) {
                manifest.remove(e.path());
            }
        }
    }

    /**
     * Saves the frontier's done URLs first, then the manifest, then the held changes: every URL marked done
     * is in the saved manifest, and every staged entry in the saved manifest has its change saved.
     */
    private synchronized void checkpoint(long passStarted, int invocations) throws IOException {
        Frontier.Snapshot snap = frontier.snapshot();
        java.util.Collection<Checkpoint.Pending> pending = Mapped.of(snap.pending(),
                p -> new Checkpoint.Pending(p.path(), p.depth(), p.kind().code()));
        JsonObject counters = stats.toJson();
        counters.addProperty("requests", stats.requests.get() + (origin == null ? 0 : origin.requestsSent()));
        if (staging) {
            state.saveWorkingManifest(manifest);
        } else {
            state.saveManifest(manifest);
        }
        JsonObject heldJson = new JsonObject();
        heldJson.addProperty("staging", staging);
        heldJson.add("gate", gate.toJson());
        state.saveCheckpoint(new Checkpoint(passId, passStarted, invocations, counters, snap.done(), pending, heldJson,
                held));
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
}
