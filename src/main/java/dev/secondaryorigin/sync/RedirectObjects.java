package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.ResourceTypes;
import dev.secondaryorigin.crawl.Scope;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.store.Md5;
import dev.secondaryorigin.store.Payload;
import dev.secondaryorigin.task.ResourceType;
import dev.secondaryorigin.task.TaskConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the redirects of the site survive failover. OSS has no per-object redirect, so at the end of a complete
 * pass every URL the origin redirects inside the site gets an object at its own key: a {@link RedirectPage} when
 * the final target is HTML, a server-side copy of the target's object (bytes and headers) otherwise. They are
 * written like any change (staged and held back for the gate, or in place in a first pass), follow their target
 * in the same pass, and are recorded in the manifest as what they are.
 *
 * <p>Left out, and counted: redirects to hosts the task does not cover, loops, chains over
 * {@link RedirectChains#MAX_HOPS} hops, targets not in the backup, and {@code /dir} → {@code /dir/}, which static
 * website hosting answers by itself. A key that also holds an object the origin serves keeps that object. An
 * object at a source that can no longer be represented is kept, as any object the origin stops serving is kept;
 * only when the target is pruned ({@code --prune-after}) is its redirect object pruned with it.
 */
final class RedirectObjects {
    private final TaskConfig config;
    private final Scope scope;
    private final PassWrites writes;
    private final boolean staging;
    private final String siteBase;

    /** One object to write at a redirect source's key. */
    private static final class Write {
        final ManifestEntry source;
        final String key;
        final String target;
        final String kind;
        final byte[] page;
        final String copyFrom;
        final String md5;
        final long size;
        final String contentType;
        final int headersHash;

        Write(ManifestEntry source, String key, String target, String kind, byte[] page, String copyFrom, String md5,
              long size, String contentType, int headersHash) {
            this.source = source;
            this.key = key;
            this.target = target;
            this.kind = kind;
            this.page = page;
            this.copyFrom = copyFrom;
            this.md5 = md5;
            this.size = size;
            this.contentType = contentType;
            this.headersHash = headersHash;
        }
    }

    RedirectObjects(TaskConfig config, Scope scope, PassWrites writes, String siteBase) {
        this.config = config;
        this.scope = scope;
        this.writes = writes;
        this.staging = writes.staging();
        this.siteBase = siteBase;
    }

    /** Plans, writes and records the redirect objects of a complete pass, before the gate judges it. */
    void run(Manifest manifest, HeldChanges held, SoftFailureGate gate, PassStats stats, PassListener listener,
             Deadline deadline) {
        List<ManifestEntry> entries = new ArrayList<>();
        Set<String> sourceKeys = new HashSet<>();
        for (ManifestEntry e : manifest.entries()) {
            if (RedirectChains.isRedirect(e.status())) {
                entries.add(e);
                keyOf(e).ifPresent(sourceKeys::add);
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        entries.sort((a, b) -> a.path().compareTo(b.path()));
        Set<String> ownedKeys = keysOfServedObjects(manifest, sourceKeys);
        RedirectChains chains = new RedirectChains(manifest, scope);
        Map<String, String> claimed = new HashMap<>();
        List<Write> writes = new ArrayList<>();
        for (ManifestEntry e : entries) {
            Optional<String> sourceKey = keyOf(e);
            if (!sourceKey.isPresent()) {
                continue;
            }
            String key = sourceKey.get();
            RedirectChains.Resolution r = chains.resolve(e);
            if ((e.path() + "/").equals(r.firstHop)) {
                stats.skip("redirect-directory");
                continue;
            }
            if (ownedKeys.contains(key)) {
                // The key's object is another URL's (/dir/index.html → /dir/ shares dir/index.html with /dir/).
                stats.skip("redirect-key-has-object");
                disown(manifest, e);
                continue;
            }
            switch (r.end) {
                case TARGET:
                    break;
                case OFF_SITE:
                    stats.redirectsOffSite.incrementAndGet();
                    continue;
                case GONE:
                    targetGone(manifest, held, gate, stats, e, key, r.entry);
                    continue;
                case REFUSED:
                    stats.skip("redirect-" + r.reason);
                    continue;
                case LOOP:
                    stats.skip("redirect-loop");
                    continue;
                case TOO_LONG:
                    stats.skip("redirect-chain-too-long");
                    continue;
                default:
                    stats.skip("redirect-target-not-stored");
                    continue;
            }
            String targetKey;
            try {
                targetKey = UrlKeys.keyFor(r.target);
            } catch (RefusedUrlException ex) {
                stats.skip("redirect-target-not-stored");
                continue;
            }
            if (targetKey.equals(key)) {
                // /index.html → /: a page here would send the visitor to itself.
                stats.skip("redirect-same-key");
                continue;
            }
            if (!scope.included(e.path())) {
                stats.skip("not-included");
                continue;
            }
            Write w = plan(e, key, r.target, targetKey, r.entry, held);
            String other = claimed.putIfAbsent(key, w.md5);
            if (other != null && !other.equals(w.md5)) {
                stats.skip("redirect-key-taken");
                disown(manifest, e);
                continue;
            }
            boolean unchanged = !config.full() && e.stored() && w.kind.equals(e.redirectObject())
                    && w.md5.equals(e.md5()) && w.headersHash == e.headersHash();
            if (unchanged || other != null) {
                if (e.stored()) {
                    gate.unchanged();
                }
                manifest.put(recorded(w));
                counted(stats, w.kind);
            } else {
                writes.add(w);
            }
        }
        write(writes, manifest, held, gate, stats, listener, deadline);
    }

    /**
     * Of the redirect sources' keys, those that hold (or will hold) an object some URL of the site answered
     * itself. Only these keys are remembered, so a large site's keys are never all in memory at once.
     */
    private static Set<String> keysOfServedObjects(Manifest manifest, Set<String> sourceKeys) {
        Set<String> keys = new HashSet<>();
        for (ManifestEntry e : manifest.entries()) {
            if (e.stored() && e.redirectObject() == null && !RedirectChains.isRedirect(e.status())) {
                keyOf(e).filter(sourceKeys::contains).ifPresent(keys::add);
            }
        }
        return keys;
    }

    private static Optional<String> keyOf(ManifestEntry e) {
        try {
            return Optional.of(UrlKeys.keyFor(e.path()));
        } catch (RefusedUrlException ex) {
            return Optional.empty(); // never fetched, so no object
        }
    }

    private Write plan(ManifestEntry e, String key, String target, String targetKey, ManifestEntry t,
                       HeldChanges held) {
        if (ResourceTypes.classify(t.contentType(), target) == ResourceType.HTML) {
            byte[] page = RedirectPage.render(target);
            String md5 = Md5.hex(Md5.newDigest().digest(page));
            return new Write(e, key, target, ManifestEntry.REDIRECT_PAGE, page, null, md5, page.length,
                    RedirectPage.CONTENT_TYPE, RedirectPage.headersHash());
        }
        // The target's new bytes, when this pass changed them, are still staged.
        HeldChanges.Op op = staging ? held.opFor(targetKey) : null;
        String from = op == HeldChanges.Op.ADD || op == HeldChanges.Op.REPLACE ? writes.stagedKey(targetKey) : targetKey;
        return new Write(e, key, target, ManifestEntry.REDIRECT_COPY, null, from, t.md5(), t.size(), t.contentType(),
                t.headersHash());
    }

    /**
     * The final target is gone. The source's object stays like any object, unless the target's object is pruned
     * in this pass (or was already) and the source's is a redirect object: then it goes with it.
     */
    private void targetGone(Manifest manifest, HeldChanges held, SoftFailureGate gate, PassStats stats,
                            ManifestEntry e, String key, ManifestEntry target) {
        stats.skip("redirect-target-gone");
        if (!e.stored()) {
            return;
        }
        gate.gone();
        // The same rule as SyncPass.planPrune, which prunes the target itself after this.
        boolean targetPruned = !target.stored() || target.misses() >= config.pruneAfter();
        if (e.redirectObject() != null && config.pruneAfter() > 0 && targetPruned) {
            held.add(new HeldChanges.Change(key, HeldChanges.Op.DELETE, e.path()));
            disown(manifest, e);
        }
    }

    /** Records that the source's key holds no object of its own. */
    private static void disown(Manifest manifest, ManifestEntry e) {
        if (e.stored() || e.redirectObject() != null) {
            manifest.put(e.toBuilder().stored(false).redirectObject(null, null).build());
        }
    }

    private static ManifestEntry recorded(Write w) {
        return w.source.toBuilder().stored(true).md5(w.md5).size(w.size).contentType(w.contentType)
                .headersHash(w.headersHash).etag(null).lastModified(null).redirectObject(w.kind, w.target).build();
    }

    private static void counted(PassStats stats, String kind) {
        (ManifestEntry.REDIRECT_PAGE.equals(kind) ? stats.redirectPages : stats.redirectCopies).incrementAndGet();
    }

    private void write(List<Write> writes, Manifest manifest, HeldChanges held, SoftFailureGate gate, PassStats stats,
                       PassListener listener, Deadline deadline) {
        if (writes.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), writes.size()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Write w : writes) {
                done.add(pool.submit(() -> writeOne(w, manifest, held, gate, stats, listener, deadline)));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException ex) {
                    throw new IllegalStateException("redirect object failed", ex.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeOne(Write w, Manifest manifest, HeldChanges held, SoftFailureGate gate, PassStats stats,
                          PassListener listener, Deadline deadline) {
        String path = w.source.path();
        if (deadline.passed()) {
            // The source keeps what it had; the next pass writes it.
            stats.skip("redirect-deadline");
            return;
        }
        try {
            if (w.page != null) {
                writes.put(w.key, Payload.ofBytes(w.page, w.md5), RedirectPage.meta(siteBase + path, w.target));
            } else if (!writes.copy(w.copyFrom, w.key)) {
                throw new IOException("the target's object " + w.copyFrom + " is missing");
            }
        } catch (IOException | RuntimeException ex) {
            // Whatever the key held is still in place, and so is the source's manifest entry.
            stats.storeFailed.incrementAndGet();
            stats.fail(path, "store: could not store the redirect object " + w.key + " (to " + w.target + "): "
                    + ex.getMessage());
            listener.failure(path, "store", "redirect object " + w.key + ": " + ex.getMessage());
            return;
        }
        ManifestEntry e = w.source;
        if (staging) {
            held.add(new HeldChanges.Change(w.key, e.stored() ? HeldChanges.Op.REPLACE : HeldChanges.Op.ADD, path));
            if (!e.stored()) {
                gate.added();
            } else if (!w.target.equals(e.redirectFinal())) {
                // A real object turned redirect, or a redirect that now leads elsewhere.
                gate.redirected(w.target);
            } else if (!w.md5.equals(e.md5())) {
                gate.changed(e, path, w.md5, w.size, w.contentType);
            } else {
                gate.unchanged();
            }
        } else {
            listener.stored(path, w.key);
        }
        stats.redirectObjectsWritten.incrementAndGet();
        stats.bytesStored.addAndGet(w.size);
        manifest.put(recorded(w));
        counted(stats, w.kind);
    }
}
