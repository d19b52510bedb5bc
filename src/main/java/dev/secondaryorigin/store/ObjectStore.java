package dev.secondaryorigin.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the backup lives: a flat key space of objects with metadata, as a bucket has. The engine and
 * the state code speak only this interface, so the local directory and OSS behave alike.
 *
 * <p>Every {@code put} replaces the object atomically: a reader sees the old bytes or the new ones,
 * never a mix, and a failed put leaves the old object in place.
 */
public interface ObjectStore extends Closeable {
    /** Reserved prefix for the product's own state; never served publicly. */
    String STATE_PREFIX = ".secondary-origin/";

    /** Human description, e.g. {@code dir /srv/backup} or {@code oss://bucket/prefix}. */
    String describe();

    void put(String key, Payload body, ObjectMeta meta) throws IOException;

    /**
     * Creates the object only if no object has the key (OSS: {@code x-oss-forbid-overwrite}).
     * Returns false, writing nothing, when the key exists.
     */
    boolean putIfAbsent(String key, Payload body, ObjectMeta meta) throws IOException;

    /**
     * Throws {@link RefusedKeyException} when {@code key} can never be written here (a local target's symbolic
     * link on its path, say), so a caller can refuse it before staging anything. Default: every key is fine.
     */
    default void checkWritable(String key) throws IOException {
    }

    /** Metadata of the object, or empty when there is none. */
    Optional<ObjectMeta> head(String key) throws IOException;

    /** The object's bytes, or empty when there is none. The caller closes the stream. */
    Optional<InputStream> get(String key) throws IOException;

    /**
     * Server-side copy of an object's bytes and metadata (HTTP headers, user metadata, MD5) to another key,
     * replacing atomically whatever is at toKey. The copy is private when toKey is under STATE_PREFIX and has
     * the store's default (served) visibility otherwise. Returns false, writing nothing, when fromKey does not exist.
     *
     * <p>The copy is a new write: its last-modified time is that of the copy, not of the source, so a client
     * revalidating with If-Modified-Since sees an object put back from an older copy as changed.
     */
    boolean copy(String fromKey, String toKey) throws IOException;

    /**
     * Moves an object with its metadata to another key, replacing atomically whatever is at toKey; readers of
     * toKey see the old object or the new one, never neither nor a mix. Returns false when fromKey does not exist.
     * Default: copy then delete the source.
     */
    default boolean move(String fromKey, String toKey) throws IOException {
        if (fromKey.equals(toKey)) {
            return head(fromKey).isPresent(); // copy-then-delete would delete the object itself
        }
        if (!copy(fromKey, toKey)) {
            return false;
        }
        delete(fromKey);
        return true;
    }

    /** Deletes the object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Visits every key starting with {@code prefix}, in no particular order. */
    void list(String prefix, Consumer<String> keys) throws IOException;

    /** Deletes every object whose key starts with {@code prefix}; returns how many. */
    default long deletePrefix(String prefix) throws IOException {
        java.util.List<String> keys = new java.util.ArrayList<>();
        list(prefix, keys::add);
        for (String k : keys) {
            delete(k);
        }
        return keys.size();
    }

    /** Reads a whole (small) object, such as a state file. */
    default Optional<byte[]> getBytes(String key) throws IOException {
        Optional<InputStream> in = get(key);
        if (!in.isPresent()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = s.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return Optional.of(out.toByteArray());
        }
    }

    /** Writes a private state object. */
    default void putState(String key, byte[] bytes, String contentType) throws IOException {
        put(key, Payload.ofBytes(bytes), stateMeta(contentType));
    }

    /**
     * Writes a private state object that can grow with the site (a manifest, a checkpoint) as {@code body} streams
     * it, never holding it in memory at once: to a local temp file first ({@link StateTempFiles}, under
     * {@code java.io.tmpdir}; /tmp on Function Compute), then put from that file like any large object, with the same
     * atomicity: a failure while writing puts nothing and leaves the old object.
     */
    default void putState(String key, Payload.Writer body, String contentType) throws IOException {
        Path tmp = StateTempFiles.create();
        try {
            put(key, Payload.write(tmp, body), stateMeta(contentType));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The metadata of a private state object. */
    static ObjectMeta stateMeta(String contentType) {
        return ObjectMeta.builder().contentType(contentType).privateAcl(true).build();
    }

    @Override
    default void close() throws IOException {
    }
}
