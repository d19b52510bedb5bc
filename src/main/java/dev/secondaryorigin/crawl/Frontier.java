package dev.secondaryorigin.crawl;

import dev.secondaryorigin.compact.ByteQueue;
import dev.secondaryorigin.compact.PackedTable;

import java.nio.charset.StandardCharsets;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The URLs of one pass: which have been seen (each is visited at most once), which wait in the queue, and
 * which are done. Thread-safe; workers take items and mark them done, the checkpoint snapshots it.
 *
 * <p>Compact, for sites of millions of URLs: the seen set is a {@link PackedTable} (path bytes to state, depth and
 * kind, about 45 bytes a URL) and the queue holds packed paths, one FIFO per depth, shallowest first.
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

    private static final byte QUEUED = 0;
    private static final byte DONE = 1;

    private final int maxDepth;
    private final int maxUrls;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Path bytes to {state, depth (4 bytes), kind}: a fixed length, so updates stay in place. */
    private final PackedTable seen = new PackedTable();
    /** Queued items per depth: {kind, path bytes}. */
    private final TreeMap<Integer, ByteQueue> queues = new TreeMap<>();
    private long queued;
    private int outstanding;
    /** Set when the pass's state has used the memory it may: no more URLs, as if --max-objects were reached. */
    private volatile boolean closed;

    public Frontier(int maxDepth, int maxUrls) {
        this.maxDepth = maxDepth;
        this.maxUrls = maxUrls;
    }

    public Admission admit(String path, int depth, ItemKind kind) {
        byte[] key = bytes(path);
        lock.lock();
        try {
            if (seen.containsKey(key)) {
                return Admission.ALREADY_SEEN;
            }
            if (depth > maxDepth) {
                return Admission.TOO_DEEP;
            }
            if (seen.size() >= maxUrls || closed) {
                return Admission.FULL;
            }
            seen.put(key, value(QUEUED, depth, kind));
            enqueue(key, depth, kind);
            outstanding++;
            return Admission.ADMITTED;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(byte[] key, int depth, ItemKind kind) {
        byte[] rec = new byte[key.length + 1];
        rec[0] = (byte) kind.code();
        System.arraycopy(key, 0, rec, 1, key.length);
        queues.computeIfAbsent(depth, d -> new ByteQueue()).add(rec);
        queued++;
        notEmpty.signal();
    }

    /** Admits no more new URLs ({@link Admission#FULL}); the ones admitted are still visited. */
    public void stopAdmitting() {
        closed = true;
    }

    public boolean seen(String path) {
        byte[] key = bytes(path);
        lock.lock();
        try {
            return seen.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    public int seenCount() {
        lock.lock();
        try {
            return seen.size();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the seen set and queues hold on the heap (an estimate for reports). */
    public long heapBytes() {
        lock.lock();
        try {
            return seen.heapBytes() + queued * 24;
        } finally {
            lock.unlock();
        }
    }

    /** The next item (shallowest first), or null when none came within the wait. */
    public Item take(long waitMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lockInterruptibly();
        try {
            while (queued == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            java.util.Map.Entry<Integer, ByteQueue> first = queues.firstEntry();
            byte[] rec = first.getValue().poll();
            if (first.getValue().isEmpty()) {
                queues.remove(first.getKey());
            }
            queued--;
            return new Item(new String(rec, 1, rec.length - 1, StandardCharsets.UTF_8), first.getKey(),
                    ItemKind.ofCode(rec[0]));
        } finally {
            lock.unlock();
        }
    }

    /** Marks an item taken with {@link #take} as finished, whatever its outcome. */
    public void finished(Item item) {
        byte[] key = bytes(item.path());
        lock.lock();
        try {
            byte[] v = seen.get(key);
            if (v != null && v[0] != DONE) {
                v[0] = DONE;
                seen.put(key, v);
            }
            outstanding--;
        } finally {
            lock.unlock();
        }
    }

    /** True when every admitted URL is done. */
    public boolean drained() {
        return outstanding() == 0;
    }

    public int outstanding() {
        lock.lock();
        try {
            return outstanding;
        } finally {
            lock.unlock();
        }
    }

    /** Puts back URLs that were marked done but must be tried again when the pass resumes. */
    public void reopen(Collection<String> paths) {
        lock.lock();
        try {
            for (String p : paths) {
                byte[] key = bytes(p);
                byte[] v = seen.get(key);
                if (v != null && v[0] == DONE) {
                    v[0] = QUEUED;
                    seen.put(key, v);
                    outstanding++;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Restores a checkpointed frontier: the done URLs are seen and not visited again. */
    public void restore(Iterable<String> donePaths, Iterable<Item> pending) {
        for (String d : donePaths) {
            byte[] key = bytes(d);
            lock.lock();
            try {
                seen.put(key, value(DONE, 0, ItemKind.PAGE));
            } finally {
                lock.unlock();
            }
        }
        for (Item p : pending) {
            byte[] key = bytes(p.path());
            lock.lock();
            try {
                if (seen.putIfAbsent(key, value(QUEUED, p.depth(), p.kind()))) {
                    enqueue(key, p.depth(), p.kind());
                    outstanding++;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A consistent-enough copy for a checkpoint: every URL marked done before the call is in the done list. Which
     * URLs are done is fixed at the call; the paths are decoded as the lists are read.
     */
    public Snapshot snapshot() {
        PackedTable.View view;
        long[] done;
        lock.lock();
        try {
            view = seen.view();
            done = new long[(view.size() + 63) / 64];
            for (int i = 0; i < view.size(); i++) {
                if (view.value(i)[0] == DONE) {
                    done[i >>> 6] |= 1L << i;
                }
            }
        } finally {
            lock.unlock();
        }
        return new Snapshot(view, done);
    }

    /** The done and pending URLs at one moment, read lazily (each list can be read more than once). */
    public static final class Snapshot {
        private final PackedTable.View view;
        private final long[] done;
        private final int doneCount;

        Snapshot(PackedTable.View view, long[] done) {
            this.view = view;
            this.done = done;
            int n = 0;
            for (long w : done) {
                n += Long.bitCount(w);
            }
            this.doneCount = n;
        }

        private boolean isDone(int i) {
            return (done[i >>> 6] & (1L << i)) != 0;
        }

        public Collection<String> done() {
            return new Listing<>(doneCount, true, i -> new String(view.key(i), StandardCharsets.UTF_8));
        }

        public Collection<Item> pending() {
            return new Listing<>(view.size() - doneCount, false, i -> {
                byte[] v = view.value(i);
                return new Item(new String(view.key(i), StandardCharsets.UTF_8), depthOf(v), ItemKind.ofCode(v[5]));
            });
        }

        private final class Listing<T> extends AbstractCollection<T> {
            private final int size;
            private final boolean wantDone;
            private final java.util.function.IntFunction<T> at;

            Listing(int size, boolean wantDone, java.util.function.IntFunction<T> at) {
                this.size = size;
                this.wantDone = wantDone;
                this.at = at;
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<T> iterator() {
                return new Iterator<T>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < view.size() && isDone(i) != wantDone) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < view.size();
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        T t = at.apply(next);
                        next = advance(next + 1);
                        return t;
                    }
                };
            }
        }
    }

    private static byte[] value(byte state, int depth, ItemKind kind) {
        return new byte[]{state, (byte) (depth >>> 24), (byte) (depth >>> 16), (byte) (depth >>> 8), (byte) depth,
                (byte) kind.code()};
    }

    private static int depthOf(byte[] v) {
        return ((v[1] & 0xff) << 24) | ((v[2] & 0xff) << 16) | ((v[3] & 0xff) << 8) | (v[4] & 0xff);
    }

    private static byte[] bytes(String path) {
        return path.getBytes(StandardCharsets.UTF_8);
    }
}
