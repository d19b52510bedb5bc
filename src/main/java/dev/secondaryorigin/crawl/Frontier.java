package dev.secondaryorigin.crawl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The URLs of one pass: which have been seen (each is visited at most once), which wait in the queue, and
 * which are done. Thread-safe; workers take items and mark them done, the checkpoint snapshots it.
 */
public final class Frontier {
    /** A URL waiting to be visited, with the link depth it was found at. */
    public static final class Item {
        private final String path;
        private final int depth;
        private final ItemKind kind;

        public Item(String path, int depth, ItemKind kind) {
            this.path = path;
            this.depth = depth;
            this.kind = kind;
        }

        public String path() {
            return path;
        }

        public int depth() {
            return depth;
        }

        public ItemKind kind() {
            return kind;
        }
    }

    /** What {@link #admit} did with a URL. */
    public enum Admission { ADMITTED, ALREADY_SEEN, TOO_DEEP, FULL }

    private final int maxDepth;
    private final int maxUrls;
    private final ConcurrentHashMap<String, Item> seen = new ConcurrentHashMap<>();
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingDeque<Item> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger outstanding = new AtomicInteger();

    public Frontier(int maxDepth, int maxUrls) {
        this.maxDepth = maxDepth;
        this.maxUrls = maxUrls;
    }

    public Admission admit(String path, int depth, ItemKind kind) {
        if (seen.containsKey(path)) {
            return Admission.ALREADY_SEEN;
        }
        if (depth > maxDepth) {
            return Admission.TOO_DEEP;
        }
        if (seen.size() >= maxUrls) {
            return Admission.FULL;
        }
        Item item = new Item(path, depth, kind);
        if (seen.putIfAbsent(path, item) != null) {
            return Admission.ALREADY_SEEN;
        }
        outstanding.incrementAndGet();
        queue.add(item);
        return Admission.ADMITTED;
    }

    public boolean seen(String path) {
        return seen.containsKey(path);
    }

    public int seenCount() {
        return seen.size();
    }

    /** The next item, or null when none came within the wait. */
    public Item take(long waitMillis) throws InterruptedException {
        return queue.poll(waitMillis, TimeUnit.MILLISECONDS);
    }

    /** Marks an item taken with {@link #take} as finished, whatever its outcome. */
    public void finished(Item item) {
        done.add(item.path());
        outstanding.decrementAndGet();
    }

    /** True when every admitted URL is done. */
    public boolean drained() {
        return outstanding.get() == 0;
    }

    public int outstanding() {
        return outstanding.get();
    }

    /** Puts back URLs that were marked done but must be tried again when the pass resumes. */
    public void reopen(Collection<String> paths) {
        for (String p : paths) {
            if (done.remove(p)) {
                outstanding.incrementAndGet();
            }
        }
    }

    /** Restores a checkpointed frontier: the done URLs are seen and not visited again. */
    public void restore(Collection<String> donePaths, Collection<Item> pending) {
        for (String d : donePaths) {
            done.add(d);
            seen.put(d, new Item(d, 0, ItemKind.PAGE));
        }
        for (Item p : pending) {
            if (seen.putIfAbsent(p.path(), p) == null) {
                queue.add(p);
                outstanding.incrementAndGet();
            }
        }
    }

    /** A consistent-enough copy for a checkpoint: every URL marked done before the call is in the done list. */
    public Snapshot snapshot() {
        Set<String> doneNow = new HashSet<>(done);
        List<Item> pending = new ArrayList<>();
        for (Item p : seen.values()) {
            if (!doneNow.contains(p.path())) {
                pending.add(p);
            }
        }
        return new Snapshot(new ArrayList<>(doneNow), pending);
    }

    /** The done and pending URLs at one moment. */
    public static final class Snapshot {
        private final List<String> done;
        private final List<Item> pending;

        Snapshot(List<String> done, List<Item> pending) {
            this.done = done;
            this.pending = pending;
        }

        public List<String> done() {
            return done;
        }

        public List<Item> pending() {
            return pending;
        }
    }
}
