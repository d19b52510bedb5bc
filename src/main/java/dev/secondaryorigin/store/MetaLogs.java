package dev.secondaryorigin.store;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the local store keeps its objects' metadata: one {@link MetaLog} per directory of the target, in a tree
 * under {@code .secondary-origin/.dirmeta/} that mirrors the target's directories. The log of directory {@code a/b}
 * is {@code .dirmeta/a/b/~meta.jsonl}; a directory name starting with {@code ~} gets one more {@code ~}, so no
 * directory of the target can have the log's name.
 */
final class MetaLogs {
    static final String DIR = ObjectStore.STATE_PREFIX + ".dirmeta/";
    /**
     * Records the readers' indexes may hold together (about 130 bytes each): a reader walking a site in no order of
     * folders (verify, serve) keeps finding its folder's index, and memory stays bounded at millions of objects.
     */
    private static final int CACHED_RECORDS = 250_000;

    private final Path root;
    private final Path top;
    private final Supplier<Path> newTemp;
    /** Least recently used first. */
    private final Map<Path, MetaLogView> views = new LinkedHashMap<>(64, 0.75f, true);
    private long lookups;

    MetaLogs(Path root, Supplier<Path> newTemp) {
        this.root = root;
        this.top = root.resolve(DIR);
        this.newTemp = newTemp;
    }

    /**
     * Appends the record binding {@code meta} to {@code file}, the file that is or is about to be at {@code key};
     * {@code replaces}: a file is there now, so the record describing it stops describing anything.
     */
    void record(String key, StoredFile file, ObjectMeta meta, boolean replaces) throws IOException {
        logOf(parent(key)).append(MetaLog.record(name(key), file.inode, meta, file.size), replaces);
    }

    /** Notes that {@code key}'s file is gone (deleted, moved away), so its record describes nothing now. */
    void superseded(String key) {
        logOf(parent(key)).superseded();
    }

    /** Appends records for the names of one directory that its log knows nothing of. */
    void recordMissing(String dirKey, Map<String, StoredFile> files, Map<String, ObjectMeta> metas)
            throws IOException {
        Map<String, byte[]> lines = new LinkedHashMap<>();
        for (Map.Entry<String, StoredFile> e : files.entrySet()) {
            lines.put(e.getKey(), MetaLog.record(e.getKey(), e.getValue().inode, metas.get(e.getKey()),
                    e.getValue().size));
        }
        logOf(dirKey).appendMissing(lines);
    }

    /** The record describing {@code file} at {@code key}, or null. */
    JsonObject find(String key, StoredFile file) throws IOException {
        Path log = logFile(parent(key));
        MetaLogView v;
        synchronized (views) {
            v = views.computeIfAbsent(log, MetaLogView::new);
            if (++lookups % 64 == 0) {
                trim();
            }
        }
        return v.find(name(key), file);
    }

    /** Drops the least recently used indexes while they hold more than {@link #CACHED_RECORDS} records. */
    private void trim() {
        long total = 0;
        for (MetaLogView v : views.values()) {
            total += v.size();
        }
        java.util.Iterator<MetaLogView> eldest = views.values().iterator();
        while (total > CACHED_RECORDS && views.size() > 1 && eldest.hasNext()) {
            total -= eldest.next().size();
            eldest.remove();
        }
    }

    /** Removes the logs of the directories at or under {@code folderKey} that no longer exist in the target. */
    void removeVanished(String folderKey) throws IOException {
        Path dir = logFile(folderKey).getParent();
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.getFileName().toString().equals(MetaLog.FILE_NAME)).forEach(logs::add);
        }
        for (Path log : logs) {
            logAt(log, dirKeyOf(log)).deleteIfOrphaned();
        }
        LocalStore.removeEmptyFolders(dir);
    }

    private MetaLog logOf(String dirKey) {
        return logAt(logFile(dirKey), dirKey);
    }

    private MetaLog logAt(Path log, String dirKey) {
        return new MetaLog(log, dirKey.isEmpty() ? root : root.resolve(dirKey), newTemp);
    }

    Path logFile(String dirKey) {
        Path p = top;
        if (!dirKey.isEmpty()) {
            for (String seg : dirKey.split("/")) {
                p = p.resolve(seg.startsWith("~") ? "~" + seg : seg);
            }
        }
        return p.resolve(MetaLog.FILE_NAME);
    }

    private String dirKeyOf(Path log) {
        StringBuilder sb = new StringBuilder();
        for (Path seg : top.relativize(log.getParent())) {
            String s = seg.toString();
            if (s.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(s.startsWith("~~") ? s.substring(1) : s);
        }
        return sb.toString();
    }

    static String parent(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
