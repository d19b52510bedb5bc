package dev.secondaryorigin.store;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A reader's index of one {@link MetaLog}: for each name, where its latest records are. It is brought up to date
 * on every lookup by reading only what was appended since (a new inode means the log was compacted: read afresh),
 * so {@code serve} sees a pass's writes at once. Records are read back from the log by offset and checked to be
 * the record the index points at, so a log replaced between the index and the read is noticed and re-read.
 */
final class MetaLogView {
    private static final class Entry {
        final long inode;
        final long size;
        final long offset;
        final int length;
        Entry older;

        Entry(long inode, long size, long offset, int length) {
            this.inode = inode;
            this.size = size;
            this.offset = offset;
            this.length = length;
        }
    }

    private final Path log;
    private long logInode = -1;
    private long parsedTo;
    private final Map<String, Entry> byName = new HashMap<>();
    private volatile int records;

    MetaLogView(Path log) {
        this.log = log;
    }

    /** Records indexed (read without the lock: an estimate for bounding the cache). */
    int size() {
        return records;
    }

    /** The record describing {@code file} (named {@code name}), or null when the log has none. */
    synchronized JsonObject find(String name, StoredFile file) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            refresh();
            Entry e = byName.get(name);
            while (e != null && !file.matches(e.inode, e.size)) {
                e = e.older;
            }
            if (e == null) {
                return null;
            }
            JsonObject o = readAt(e);
            if (o != null && o.get("n").getAsString().equals(name) && o.get("i").getAsLong() == e.inode) {
                return o;
            }
            reset();
        }
        return null;
    }

    private void reset() {
        logInode = -1;
        parsedTo = 0;
        byName.clear();
        records = 0;
    }

    private void refresh() throws IOException {
        StoredFile f = StoredFile.of(log);
        if (f == null) {
            reset();
            return;
        }
        if (f.inode != logInode || f.size < parsedTo) {
            reset();
            logInode = f.inode;
        }
        if (f.size == parsedTo) {
            return;
        }
        long from = parsedTo;
        byte[] tail;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long end = ch.size();
            if (end <= from) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(end - from, Integer.MAX_VALUE - 16));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read on
            }
            tail = buf.array();
            tail = buf.position() == tail.length ? tail : java.util.Arrays.copyOf(tail, buf.position());
        } catch (NoSuchFileException e) {
            reset();
            return;
        }
        byte[] bytes = tail;
        int done = MetaLog.forEachLine(bytes, bytes.length, (off, len) -> {
            JsonObject o = MetaLog.parse(bytes, off, len);
            if (o != null) {
                add(o.get("n").getAsString(), new Entry(o.get("i").getAsLong(), o.get("size").getAsLong(),
                        from + off, len));
            }
        });
        parsedTo = from + done; // an unfinished last line is read again next time
    }

    /**
     * Keeps every record of a name, newest first: writers of the same key may append several records before their
     * renames land, and the one that describes the file then need not be among the last few. Compaction bounds them.
     */
    private void add(String name, Entry e) {
        e.older = byName.put(name, e);
        records++;
    }

    private JsonObject readAt(Entry e) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(e.length);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, e.offset + buf.position()) < 0) {
                    return null;
                }
            }
        } catch (NoSuchFileException x) {
            return null;
        }
        return MetaLog.parse(buf.array(), 0, e.length);
    }
}
