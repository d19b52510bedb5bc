package dev.secondaryorigin.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * A listener that remembers the paths a run stored (for the CDN warm-up) and passes everything on to
 * another listener. Keeps at most {@code max} paths; later ones are only counted.
 */
public final class StoredPaths implements PassListener {
    private final PassListener delegate;
    private final int max;
    private final List<String> paths = new ArrayList<>();
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
            paths.add(path);
        } else {
            dropped++;
        }
        delegate.stored(path, key);
    }

    public synchronized List<String> paths() {
        return new ArrayList<>(paths);
    }

    /** Stored paths beyond the limit, not remembered. */
    public synchronized long dropped() {
        return dropped;
    }
}
