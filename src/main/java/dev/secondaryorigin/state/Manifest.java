package dev.secondaryorigin.state;


import dev.secondaryorigin.compact.PackedTable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The per-URL record of what is in the backup. Thread-safe; saved as gzip'd JSON lines with short field
 * names (about 40 bytes a URL once compressed), so a million-URL site stays a small state object.
 *
 * <p>Held compactly for sites of millions of URLs: each entry is a few packed bytes ({@link ManifestCodec}) in a
 * {@link PackedTable} keyed by the path, about 100 bytes a URL instead of a dozen objects; a {@link ManifestEntry}
 * exists only while a caller holds it. Saving and loading stream the file.
 */
public final class Manifest {
    private final PackedTable table = new PackedTable();
    private final ManifestCodec codec = new ManifestCodec();
    /** The largest {@link ManifestEntry#lastSeen()} put so far (removed entries included). */
    private long latestSeen = Long.MIN_VALUE;

    public ManifestEntry get(String path) {
        byte[] key = key(path);
        byte[] v;
        synchronized (this) {
            v = table.get(key);
            if (v == null) {
                return null;
            }
            return codec.decode(path, v);
        }
    }

    public void put(ManifestEntry e) {
        byte[] key = key(e.path());
        synchronized (this) {
            table.put(key, codec.encode(e));
            latestSeen = Math.max(latestSeen, e.lastSeen());
        }
    }

    /**
     * The latest time an entry put into this manifest was seen ({@link ManifestEntry#lastSeen()}), also of entries
     * removed since; {@link Long#MIN_VALUE} when none was put. Tells when the previous pass ran without reading every
     * entry.
     */
    public synchronized long latestSeen() {
        return latestSeen;
    }

    public void remove(String path) {
        byte[] key = key(path);
        synchronized (this) {
            table.remove(key);
        }
    }

    public synchronized int size() {
        return table.size();
    }

    /** Bytes the manifest holds on the heap, for reports. */
    public synchronized long heapBytes() {
        return table.heapBytes();
    }

    /**
     * The entries, read one at a time as the caller iterates (weakly consistent: an entry changed meanwhile is read
     * as it is then, one removed meanwhile is left out; an entry added meanwhile may be missing).
     */
    public Collection<ManifestEntry> entries() {
        return listing(false);
    }

    /** A point-in-time copy, safe to iterate while workers record. For small manifests: it holds every entry. */
    public List<ManifestEntry> snapshot() {
        return new ArrayList<>(entries());
    }

    private Collection<ManifestEntry> listing(boolean sorted) {
        PackedTable.View taken;
        synchronized (this) {
            taken = table.view();
        }
        PackedTable.View view = sorted ? taken.sortedByKey() : taken;
        return new AbstractCollection<ManifestEntry>() {
            @Override
            public int size() {
                return view.size();
            }

            @Override
            public Iterator<ManifestEntry> iterator() {
                return new Iterator<ManifestEntry>() {
                    private int i;
                    private ManifestEntry next = advance();

                    private ManifestEntry advance() {
                        while (i < view.size()) {
                            int at = i++;
                            byte[] key = view.key(at);
                            synchronized (Manifest.this) {
                                // The record the view holds, unless it was superseded: a lookup by key per entry was
                                // most of the cost of reading a million entries (five readings an unchanged pass).
                                byte[] v = view.currentValue(at);
                                if (v == null) {
                                    v = table.get(key);
                                }
                                if (v != null) {
                                    return codec.decode(new String(key, StandardCharsets.UTF_8), v);
                                }
                            }
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public ManifestEntry next() {
                        if (next == null) {
                            throw new NoSuchElementException();
                        }
                        ManifestEntry e = next;
                        next = advance();
                        return e;
                    }
                };
            }
        };
    }

    private static byte[] key(String path) {
        return path.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] toBytes() throws IOException {
        return GzipJson.writeBytes(this::write);
    }

    /** What {@link #toBytes} returns, streamed to {@code out} instead of held in memory at once. */
    public void writeGzip(OutputStream out) throws IOException {
        GzipJson.gzipBytes(this::write).writeTo(out);
    }

    /** The JSON lines, sorted by path (by its UTF-8 bytes), one entry at a time. */
    public void write(OutputStream out) throws IOException {
        ManifestLineWriter lines = new ManifestLineWriter(out);
        for (ManifestEntry e : listing(true)) {
            lines.write(e);
        }
    }

    public static Manifest fromBytes(byte[] gz) throws IOException {
        return read(new ByteArrayInputStream(gz));
    }

    /** Reads gzip'd JSON lines as they stream in: only the entries are kept, in their packed form. */
    public static Manifest read(InputStream gz) throws IOException {
        Manifest m = new Manifest();
        ManifestLineReader.read(gz, m::put);
        return m;
    }
}
