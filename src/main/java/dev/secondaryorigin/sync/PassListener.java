package dev.secondaryorigin.sync;

/** What a front end hears from a running pass. Called from worker threads; keep it quick. */
public interface PassListener {
    PassListener NONE = new PassListener() {
    };

    /** About once a second while the pass runs. */
    default void progress(PassStats stats) {
    }

    /** A URL failed (after retries); {@code kind} is a short label such as timeout or http-503. */
    default void failure(String path, String kind, String message) {
    }

    /** The object for {@code path} was written to the store (new or changed) under {@code key}. */
    default void stored(String path, String key) {
    }
}
