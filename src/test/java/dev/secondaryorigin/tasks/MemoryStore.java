package dev.secondaryorigin.tasks;

import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * An in-memory registry store for simulations of many thousand runs, where a directory's renames and sidecars
 * would dominate: every put replaces atomically and putIfAbsent picks one winner, as the real stores do.
 */
public final class MemoryStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public String describe() {
        return "memory";
    }

    private static byte[] read(Payload body) throws IOException {
        try (InputStream in = body.open()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void put(String key, Payload body, ObjectMeta meta) throws IOException {
        objects.put(key, read(body));
    }

    @Override
    public boolean putIfAbsent(String key, Payload body, ObjectMeta meta) throws IOException {
        return objects.putIfAbsent(key, read(body)) == null;
    }

    @Override
    public Optional<ObjectMeta> head(String key) {
        byte[] b = objects.get(key);
        return b == null ? Optional.empty() : Optional.of(ObjectMeta.builder().size(b.length).build());
    }

    @Override
    public Optional<InputStream> get(String key) {
        byte[] b = objects.get(key);
        return b == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(b));
    }

    @Override
    public boolean copy(String fromKey, String toKey) {
        byte[] b = objects.get(fromKey);
        if (b == null) {
            return false;
        }
        objects.put(toKey, b);
        return true;
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public void list(String prefix, Consumer<String> keys) {
        List<String> ks = new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        ks.forEach(keys);
    }

    public int size() {
        return objects.size();
    }
}
