package dev.secondaryorigin.state;

import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;

import java.io.IOException;
import java.util.Optional;

/**
 * One pass per task at a time. The lease is a small state object created only if absent
 * ({@code x-oss-forbid-overwrite} on OSS, a hard link locally); it carries an expiry so a crashed
 * pass never blocks the task for good, and the holder renews it at every checkpoint.
 */
public final class Lease {
    private final ObjectStore store;
    private final String key;
    private final String holder;
    private final String where;
    private final long ttlMillis;
    private volatile LeaseInfo current;

    private Lease(ObjectStore store, String key, String holder, String where, long ttlMillis) {
        this.store = store;
        this.key = key;
        this.holder = holder;
        this.where = where;
        this.ttlMillis = ttlMillis;
    }

    /** Takes the lease, or throws naming the live holder. An expired lease is taken over. */
    public static Lease acquire(ObjectStore store, String key, String holder, String where, long ttlMillis)
            throws IOException, LeaseHeldException {
        Lease lease = new Lease(store, key, holder, where, ttlMillis);
        for (int attempt = 0; attempt < 3; attempt++) {
            long now = System.currentTimeMillis();
            LeaseInfo mine = new LeaseInfo(holder, where, now, now + ttlMillis);
            if (store.putIfAbsent(key, Payload.ofBytes(mine.toBytes()), privateMeta())) {
                lease.current = mine;
                return lease;
            }
            Optional<LeaseInfo> held = read(store, key);
            if (held.isPresent() && !held.get().expired(now)) {
                throw new LeaseHeldException(held.get());
            }
            // Expired (or unreadable): remove it and race for a fresh one; putIfAbsent picks one winner.
            store.delete(key);
        }
        Optional<LeaseInfo> held = read(store, key);
        throw new LeaseHeldException(held.orElse(new LeaseInfo("unknown", "?", 0, 0)));
    }

    public static Optional<LeaseInfo> read(ObjectStore store, String key) throws IOException {
        Optional<byte[]> b = store.getBytes(key);
        if (!b.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LeaseInfo.fromBytes(b.get()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ObjectMeta privateMeta() {
        return ObjectMeta.builder().contentType("application/json").privateAcl(true).build();
    }

    /** Extends the lease; returns false when another pass has taken it (this pass must stop). */
    public boolean renew() throws IOException {
        Optional<LeaseInfo> held = read(store, key);
        if (!held.isPresent() || !held.get().holder().equals(holder)) {
            return false;
        }
        long now = System.currentTimeMillis();
        LeaseInfo mine = new LeaseInfo(holder, where, current.acquiredAt(), now + ttlMillis);
        store.put(key, Payload.ofBytes(mine.toBytes()), privateMeta());
        current = mine;
        return true;
    }

    /** Gives the lease up if this pass still holds it. */
    public void release() throws IOException {
        Optional<LeaseInfo> held = read(store, key);
        if (held.isPresent() && held.get().holder().equals(holder)) {
            store.delete(key);
        }
    }

    public LeaseInfo info() {
        return current;
    }
}
