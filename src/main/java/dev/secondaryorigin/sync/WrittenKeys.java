package dev.secondaryorigin.sync;

import dev.secondaryorigin.compact.PackedTable;

import java.nio.charset.StandardCharsets;

/**
 * The keys a pass has written, with the MD5 written, so two URLs of one key (/ and /index.html) write once. Packed:
 * a first pass writes every object of the site.
 */
final class WrittenKeys {
    private final PackedTable table = new PackedTable();

    synchronized void put(String key, String md5) {
        table.put(key.getBytes(StandardCharsets.UTF_8), md5.getBytes(StandardCharsets.UTF_8));
    }

    /** The MD5 written at {@code key} in this pass, or null. */
    String md5(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v;
        synchronized (this) {
            v = table.get(k);
        }
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
