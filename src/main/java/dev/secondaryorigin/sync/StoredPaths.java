package dev.secondaryorigin.sync;

import dev.secondaryorigin.compact.ByteQueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that remembers the paths a run stored (for the CDN warm-up) and passes everything on to
 * another listener. Keeps at most {@code max} paths; later ones are only counted. Packed: a first pass of a
 * million-URL site stores a million paths while the pass's own state needs the memory.
 */
public final class StoredPaths implements PassListener {
    private final PassListener delegate;
    private final int max;
    private ByteQueue paths = new ByteQueue();
    private long dropped;

    public StoredPaths(PassListener delegate, int max) {
        this.delegate = delegate == null ? PassListener.NONE : delegate;
        this.max = max;
    }

    @Override
    public void progress(PassStats stats) {
        delegate.progress(stats);
    }

    @Override
    public void failure(String path, String kind, String message) {
        delegate.failure(path, kind, message);
    }

    @Override
    public synchronized void stored(String path, String key) {
        if (paths.size() < max) {
            paths.add(path.getBytes(StandardCharsets.UTF_8));
        } else {
            dropped++;
        }
        delegate.stored(path, key);
    }

    public synchronized List<String> paths() {
        List<String> out = new ArrayList<>();
        ByteQueue again = new ByteQueue();
        for (byte[] p; (p = paths.poll()) != null; ) {
            out.add(new String(p, StandardCharsets.UTF_8));
            again.add(p);
        }
        paths = again;
        return out;
    }

    /** Stored paths beyond the limit, not remembered. */
    public synchronized long dropped() {
        return dropped;
    }
}
