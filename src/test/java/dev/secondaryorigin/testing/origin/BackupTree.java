package dev.secondaryorigin.testing.origin;

import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.MetaJson;
import dev.secondaryorigin.store.ObjectMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A byte-exact snapshot of a local backup: every served object, plus its metadata as the JSON "sidecar" that older
 * versions kept per object (headers, {@code size}, {@code md5}, user metadata under {@code meta}; now read through
 * {@link LocalStore#head}), but not the task state (manifest, checkpoint, reports) nor the state's metadata, which a
 * pass is expected to rewrite.
 */
public final class BackupTree {
    public static final String STATE = ".secondary-origin/";
    public static final String META = ".secondary-origin/.meta/";
    public static final String TMP = ".secondary-origin/.tmp/";

    private final Map<String, byte[]> files;

    private BackupTree(Map<String, byte[]> files) {
        this.files = files;
    }

    /** Objects and sidecars under {@code root}, keyed by relative path. */
    public static BackupTree of(Path root) {
        Map<String, byte[]> m = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return new BackupTree(m);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                // State, and the metadata state keys have too, is the pass's own to rewrite.
                if (rel.startsWith(STATE)) {
                    return;
                }
                try {
                    m.put(rel, Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (Files.isDirectory(root.resolve(STATE))) {
                LocalStore store = new LocalStore(root);
                for (String key : new ArrayList<>(m.keySet())) {
                    ObjectMeta meta = store.head(key).orElse(null);
                    if (meta != null) {
                        byte[] json = MetaJson.toJson(meta);
                        m.put(sidecar(key), json);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BackupTree(m);
    }

    /** The served objects only (no sidecars), keyed by object key. */
    public Map<String, byte[]> objects() {
        Map<String, byte[]> m = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!e.getKey().startsWith(STATE)) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** The keys of the served objects now under {@code root}. */
    public static java.util.Set<String> objectsOf(Path root) {
        return new java.util.TreeSet<>(of(root).objects().keySet());
    }

    public Map<String, byte[]> files() {
        return files;
    }

    public byte[] get(String rel) {
        return files.get(rel);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Where {@link #files} holds an object key's metadata (the path of its sidecar in older versions). */
    public static String sidecar(String key) {
        return META + key + ".json";
    }

    /** Relative paths that differ between two snapshots (added, removed or changed). */
    public static java.util.Set<String> differences(BackupTree a, BackupTree b) {
        java.util.Set<String> d = new java.util.TreeSet<>();
        for (Map.Entry<String, byte[]> e : a.files.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.files.get(e.getKey()))) {
                d.add(e.getKey());
            }
        }
        for (String k : b.files.keySet()) {
            if (!a.files.containsKey(k)) {
                d.add(k);
            }
        }
        return d;
    }

    /** Files left in the store's temp folder (by a killed writer). */
    public static long tempFiles(Path root) throws IOException {
        Path tmp = root.resolve(TMP);
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).count(); // in the writers' folders
        }
    }
}
