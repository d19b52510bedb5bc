package dev.secondaryorigin.testing.oss;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * An object's bytes as the chunks they arrived in (one per PUT, one per part), so completing a 100 MiB multipart
 * upload links its parts instead of copying them. Immutable.
 */
final class Blob {
    private final List<byte[]> chunks;
    private final long length;

    private Blob(List<byte[]> chunks) {
        this.chunks = Collections.unmodifiableList(chunks);
        long n = 0;
        for (byte[] c : chunks) {
            n += c.length;
        }
        this.length = n;
    }

    static Blob of(byte[] bytes) {
        List<byte[]> l = new ArrayList<>(1);
        l.add(bytes);
        return new Blob(l);
    }

    static Blob ofChunks(List<byte[]> chunks) {
        return new Blob(new ArrayList<>(chunks));
    }

    long length() {
        return length;
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive). */
    InputStream open(long from, long to) {
        List<InputStream> parts = new ArrayList<>();
        long pos = 0;
        for (byte[] c : chunks) {
            long start = Math.max(from, pos);
            long end = Math.min(to, pos + c.length);
            if (start < end) {
                parts.add(new ByteArrayInputStream(c, (int) (start - pos), (int) (end - start)));
            }
            pos += c.length;
        }
        Enumeration<InputStream> e = Collections.enumeration(parts);
        return new SequenceInputStream(e);
    }

    /** All the bytes in one array; for tests on small objects. */
    byte[] toByteArray() {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("object too large for one array");
        }
        byte[] out = new byte[(int) length];
        int pos = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, pos, c.length);
            pos += c.length;
        }
        return out;
    }
}
