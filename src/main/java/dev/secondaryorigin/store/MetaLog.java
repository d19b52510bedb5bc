package dev.secondaryorigin.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The metadata of one directory's files: an append-only file of JSON lines, one record per write, each naming the
 * file ({@code n}), the inode it was written for ({@code i}) and when ({@code t}). A file costs one line in its
 * directory's log, not a 4 KiB block of its own as a sidecar file does.
 *
 * <p>Appends and compaction hold a lock within the process (16 writers share a directory) and an advisory file lock
 * across processes (a {@code serve} that migrates old sidecars while a pass writes). A record is one write of one line;
 * a line torn by a crash fails to parse and is skipped, and the next append starts a new line after it. Once the log
 * has doubled since this process last compacted it (and passed {@value #COMPACT_MIN} bytes), and this process has
 * replaced, moved or deleted one of its files meanwhile, it is rewritten into a temp file and renamed over itself,
 * keeping for each name the latest record that matches the file now there, and every record younger than an hour (a
 * write between its record and its rename, as for the store's temp files). A log that only grew by new files (a
 * first pass) holds nothing to drop, and rewriting it again and again cost a first pass more than its own appends.
 * A log too big to compact in a fraction of the heap is left to grow; compacting is never what fails a write.
 */
final class MetaLog {
    static final String FILE_NAME = "~meta.jsonl";
    static final long COMPACT_MIN = 64 * 1024;
    static final long RECENT_MILLIS = 3_600_000L;

    private static final ReentrantLock[] STRIPES = new ReentrantLock[64];
    /** What this process knows of each log it appended to: see {@link Growth}. */
    private static final Map<Path, Growth> GROWTH = new ConcurrentHashMap<>();

    /** A log's size when this process last compacted it or first appended to it, and the records superseded since. */
    private static final class Growth {
        volatile long base;
        /**
         * Where this process's last append left the log's end (a newline, so no torn line to close), and in which file
         * (inode): another process's compaction puts a new file in its place, whose end may be torn at the same size.
         */
        volatile long lastEnd = -1;
        volatile long lastInode = -1;
        final java.util.concurrent.atomic.AtomicLong superseded = new java.util.concurrent.atomic.AtomicLong();

        Growth(long base) {
            this.base = base;
        }
    }

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new ReentrantLock();
        }
    }

    final Path file;
    private final Path contentDir;
    private final Supplier<Path> newTemp;

    MetaLog(Path file, Path contentDir, Supplier<Path> newTemp) {
        this.file = file;
        this.contentDir = contentDir;
        this.newTemp = newTemp;
    }

    /** A record line for file {@code name}: name, inode and time, then {@code meta}'s fields with {@code size}. */
    static byte[] record(String name, long inode, ObjectMeta meta, long size) {
        JsonLine j = new JsonLine().beginObject().string("n", name).number("i", inode)
                .number("t", System.currentTimeMillis());
        return MetaJson.write(meta, size, j).endObject().newline().toByteArray();
    }

    /** A complete line's record, or null when it does not parse (torn by a crash, or damaged). */
    static JsonObject parse(byte[] buf, int off, int len) {
        try {
            JsonObject o = JsonParser.parseString(new String(buf, off, len, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("n") || !o.has("i") || !o.has("t") || !o.has("size")) {
                return null;
            }
            o.get("n").getAsString();
            o.get("i").getAsLong();
            o.get("t").getAsLong();
            o.get("size").getAsLong();
            return o;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | NumberFormatException e) {
            return null;
        }
    }

    /** Appends a record; {@code supersedes}: it replaces a file whose record then describes nothing. */
    void append(byte[] line, boolean supersedes) throws IOException {
        locked((ch, size, inode) -> {
            Growth g = growth(size);
            long end = write(ch, size, line, size != g.lastEnd || inode != g.lastInode);
            g.lastEnd = end;
            g.lastInode = inode;
            if (supersedes) {
                g.superseded.incrementAndGet();
            }
            if (end > Math.max(COMPACT_MIN, 2 * g.base) && g.superseded.get() > 0) {
                g.base = end;
                if (end <= Runtime.getRuntime().maxMemory() / 8) {
                    try {
                        g.base = compact(ch, end);
                        g.lastEnd = -1; // a new file: its end is checked once at the next append
                        g.superseded.set(0);
                    } catch (IOException e) {
                        // The record is written; the log is compacted when it has doubled again.
                    }
                }
            }
            return null;
        });
    }

    /** Notes that one of the log's files is gone, so its record describes nothing now. */
    void superseded() {
        growth(-1).superseded.incrementAndGet();
    }

    /** {@code size}: the log's size now, or -1 when unknown (then the base is set at the next append). */
    private Growth growth(long size) {
        Growth g = GROWTH.get(file);
        if (g == null) {
            if (GROWTH.size() > 100_000) {
                GROWTH.clear(); // forgetting only delays a compaction
            }
            g = GROWTH.computeIfAbsent(file, f -> new Growth(size));
        }
        if (g.base < 0 && size >= 0) {
            g.base = size;
        }
        return g;
    }

    /** Appends the lines of the names the log has no record of. */
    void appendMissing(Map<String, byte[]> linesByName) throws IOException {
        locked((ch, size, inode) -> {
            Set<String> known = new HashSet<>();
            byte[] all = readAll(ch, size);
            forEachLine(all, all.length, (off, len) -> {
                JsonObject o = parse(all, off, len);
                if (o != null) {
                    known.add(o.get("n").getAsString());
                }
            });
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (Map.Entry<String, byte[]> e : linesByName.entrySet()) {
                if (!known.contains(e.getKey())) {
                    out.write(e.getValue());
                }
            }
            if (out.size() > 0) {
                write(ch, size, out.toByteArray(), true);
            }
            return null;
        });
    }

    /** Removes the log if its directory is gone (the folder's objects were all deleted). */
    void deleteIfOrphaned() throws IOException {
        ReentrantLock l = stripe();
        l.lock();
        try {
            if (!Files.isDirectory(contentDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(file);
            }
        } finally {
            l.unlock();
        }
    }

    private interface LockedBody<T> {
        T run(FileChannel ch, long size, long inode) throws IOException;
    }

    private ReentrantLock stripe() {
        return STRIPES[Math.floorMod(file.hashCode(), STRIPES.length)];
    }

    /**
     * Runs {@code body} holding both locks on the file now at {@link #file}: a compaction in another process may have
     * renamed a new log over the one opened, so the inode is checked before opening and after locking.
     */
    private <T> T locked(LockedBody<T> body) throws IOException {
        ReentrantLock l = stripe();
        l.lock();
        try {
            while (true) {
                long before = inode(file);
                FileChannel ch;
                try {
                    ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    Files.createDirectories(file.getParent());
                    continue;
                }
                try (FileChannel c = ch; FileLock fl = c.lock()) {
                    if (before < 0 || before != inode(file)) {
                        continue;
                    }
                    return body.run(c, c.size(), before);
                }
            }
        } finally {
            l.unlock();
        }
    }

    private static long inode(Path p) throws IOException {
        StoredFile f = StoredFile.of(p);
        return f == null ? -1 : f.inode;
    }

    /**
     * Writes {@code bytes} at {@code size}, on a new line if a torn record ends the log ({@code mayBeTorn}: the end is
     * not where this process's last append left it); returns the new end.
     */
    private static long write(FileChannel ch, long size, byte[] bytes, boolean mayBeTorn) throws IOException {
        long pos = size;
        if (size > 0 && mayBeTorn) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                ch.write(ByteBuffer.wrap(new byte[]{'\n'}), pos++);
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return pos;
    }

    static byte[] readAll(FileChannel ch, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("metadata log larger than 2 GiB");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        long pos = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return buf.array();
    }

    interface LineVisitor {
        void line(int off, int len);
    }

    /** Visits the complete lines of {@code buf[0, end)}; returns where the unfinished last line starts. */
    static int forEachLine(byte[] buf, int end, LineVisitor v) {
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (buf[i] == '\n') {
                if (i > start) {
                    v.line(start, i - start);
                }
                start = i + 1;
            }
        }
        return start;
    }

    /** Where a record's line is, and what compaction needs of it (not the whole parsed record: logs get big). */
    private static final class Line {
        final int off;
        final int len;
        final String name;
        final boolean young;

        Line(int off, int len, String name, boolean young) {
            this.off = off;
            this.len = len;
            this.name = name;
            this.young = young;
        }
    }

    /** Rewrites the log without the records nothing can need again; returns its new size. */
    private long compact(FileChannel ch, long size) throws IOException {
        byte[] all = readAll(ch, size);
        long recent = System.currentTimeMillis() - RECENT_MILLIS;
        List<Line> lines = new ArrayList<>();
        Map<String, StoredFile> files = new HashMap<>();
        Set<String> unknown = new HashSet<>(); // names whose file could not be looked at: all their records stay
        Map<String, Line> live = new HashMap<>(); // name -> the latest record matching the file now there
        forEachLine(all, all.length, (off, len) -> {
            JsonObject o = parse(all, off, len);
            if (o == null) {
                return; // torn or damaged: describes nothing
            }
            String name = o.get("n").getAsString();
            Line line = new Line(off, len, name, o.get("t").getAsLong() > recent);
            lines.add(line);
            if (name.isEmpty() || name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
                return;
            }
            if (!files.containsKey(name)) {
                try {
                    files.put(name, StoredFile.of(contentDir.resolve(name)));
                } catch (IOException e) {
                    files.put(name, null);
                    unknown.add(name);
                }
            }
            StoredFile f = files.get(name);
            if (f != null && f.matches(o.get("i").getAsLong(), o.get("size").getAsLong())) {
                live.put(name, line);
            }
        });
        Path tmp = newTemp.get();
        long written = 0;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (Line l : lines) {
                    if (l.young || unknown.contains(l.name) || live.get(l.name) == l) {
                        out.write(all, l.off, l.len);
                        out.write('\n');
                        written += l.len + 1;
                    }
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return size; // a log is never replaced but atomically: it stays as it is
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return written;
    }
}
