package dev.secondaryorigin.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The metadata of targets written before the metadata logs: one JSON sidecar per object at
 * {@code .secondary-origin/.meta/<key>.json}. Opening a target moves them into the logs (record first, then the
 * sidecar goes, so a reader always finds one of the two); until then, and where that fails (a read-only target),
 * they are still read.
 */
final class LegacySidecars {
    static final String DIR = ObjectStore.STATE_PREFIX + ".meta/";
    private static final String SUFFIX = ".json";

    /** Resolves a key to its file, refusing keys that escape the target or run through a link. */
    interface KeyFiles {
        Path fileFor(String key) throws IOException;
    }

    private final Path top;
    private volatile boolean present;

    LegacySidecars(Path root) {
        this.top = root.resolve(DIR);
        this.present = Files.isDirectory(top, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    boolean present() {
        return present;
    }

    /** Sets the sidecar's metadata of {@code key} on {@code b}; false when it has none (or a damaged one). */
    boolean read(String key, long size, ObjectMeta.Builder b) throws IOException {
        if (!present) {
            return false;
        }
        JsonObject o = parse(top.resolve(key + SUFFIX));
        if (o == null) {
            return false;
        }
        try {
            MetaJson.read(o, size, b);
            return true;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return false; // a damaged sidecar only loses headers; the bytes are still served
        }
    }

    /** Removes {@code key}'s sidecar, once a record describes what is at the key. */
    void forget(String key) throws IOException {
        if (present) {
            Files.deleteIfExists(top.resolve(key + SUFFIX));
        }
    }

    private static JsonObject parse(Path sidecar) throws IOException {
        try {
            return JsonParser.parseString(new String(Files.readAllBytes(sidecar), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonParseException | IllegalStateException e) {
            return null;
        } catch (IOException e) {
            if (Files.isDirectory(sidecar)) {
                return null; // the folder of sidecars of keys under "<key>.json/"
            }
            throw e;
        }
    }

    /**
     * Moves every sidecar into its directory's log, one directory at a time. A sidecar whose object is gone, or
     * whose name is no valid key, describes nothing and is removed.
     */
    void migrate(MetaLogs logs, KeyFiles files) throws IOException {
        if (!present) {
            return;
        }
        Map<String, List<Path>> byDir = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX)
                    && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                String key = top.relativize(p).toString().replace('\\', '/');
                byDir.computeIfAbsent(MetaLogs.parent(key), d -> new ArrayList<>()).add(p);
            });
        }
        for (Map.Entry<String, List<Path>> d : byDir.entrySet()) {
            Map<String, StoredFile> stored = new LinkedHashMap<>();
            Map<String, ObjectMeta> metas = new LinkedHashMap<>();
            List<Path> done = new ArrayList<>();
            for (Path sidecar : d.getValue()) {
                String rel = top.relativize(sidecar).toString().replace('\\', '/');
                String key = rel.substring(0, rel.length() - SUFFIX.length());
                StoredFile f;
                try {
                    f = StoredFile.of(files.fileFor(key));
                } catch (IOException e) {
                    f = null; // no valid key
                }
                JsonObject o = f == null ? null : parse(sidecar);
                if (o != null) {
                    ObjectMeta.Builder b = ObjectMeta.builder();
                    try {
                        MetaJson.read(o, f.size, b);
                        stored.put(MetaLogs.name(key), f);
                        metas.put(MetaLogs.name(key), b.build());
                    } catch (IllegalStateException | UnsupportedOperationException e) {
                        // damaged: its headers were lost already
                    }
                }
                done.add(sidecar);
            }
            if (!stored.isEmpty()) {
                // Names the log already knows were written since (a pass running meanwhile): their sidecars are stale.
                logs.recordMissing(d.getKey(), stored, metas);
            }
            for (Path sidecar : done) {
                Files.deleteIfExists(sidecar);
            }
        }
        LocalStore.removeEmptyFolders(top);
        present = Files.isDirectory(top, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
