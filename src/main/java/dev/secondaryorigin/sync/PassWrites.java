package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;

import java.io.IOException;

/**
 * Where a pass writes an object for a key: in place when nothing is published yet, else under
 * {@code staging/<pass>/} (private) for the gate to judge, after checking that the key could ever be published.
 * The one place both the crawl's objects and the redirect objects go through.
 */
final class PassWrites {
    private final ObjectStore store;
    private final StateRepository state;
    private final String passId;
    private final boolean staging;

    PassWrites(ObjectStore store, StateRepository state, String passId, boolean staging) {
        this.store = store;
        this.state = state;
        this.passId = passId;
        this.staging = staging;
    }

    boolean staging() {
        return staging;
    }

    /** Where this pass's new bytes for {@code key} are until they are published. */
    String stagedKey(String key) {
        return state.stagingPrefix(passId) + key;
    }

    void put(String key, Payload body, ObjectMeta meta) throws IOException {
        if (staging) {
            store.checkWritable(key);
            store.put(stagedKey(key), body, meta.toBuilder().privateAcl(true).build());
        } else {
            store.put(key, body, meta);
        }
    }

    /** Copies another object's bytes and headers to {@code key}; false when that object is missing. */
    boolean copy(String fromKey, String key) throws IOException {
        if (staging) {
            store.checkWritable(key);
            return store.copy(fromKey, stagedKey(key));
        }
        return store.copy(fromKey, key);
    }
}
