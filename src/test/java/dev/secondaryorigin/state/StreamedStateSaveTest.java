package dev.secondaryorigin.state;

import com.google.gson.JsonObject;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;
import dev.secondaryorigin.tasks.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state files that grow with the site are streamed to the store through a temp file, never built as one array:
 * what a store receives is a file-backed payload (OSS) or its own temp file (a local directory), and a save that
 * fails midway leaves the previous file readable and no temp file behind.
 */
class StreamedStateSaveTest {
    private static final int URLS = 50_000;

    @TempDir
    Path dir;

    private static Manifest manifest(int urls, String version) {
        Manifest m = new Manifest();
        for (int i = 0; i < urls; i++) {
            m.put(ManifestEntry.builder("/p/" + i + ".html").contentType("text/html").status(200).stored(true)
                    .md5(Long.toHexString((i + version).hashCode() * 0x9E3779B97F4A7C15L)
                            + Long.toHexString(i * 0xBF58476D1CE4E5B9L)).lastSeen(1_000_000L + i)
                    .revisitSeconds(3600).build());
        }
        return m;
    }

    @Test
    void aLargeManifestReachesTheStoreAsAFileNeverAsOneArray() throws IOException {
        RecordingStore store = new RecordingStore();
        StateRepository state = new StateRepository(store, "t");
        Manifest big = manifest(URLS, "a");
        state.saveManifest(big);
        state.saveWorkingManifest(big);
        state.saveCheckpoint(new Checkpoint("p1", 5, 1, new JsonObject(), Arrays.asList("/a", "/b"),
                Arrays.asList(new Checkpoint.Pending("/c", 1, 0))));
        state.addPendingSeeds(Arrays.asList("http://x.test/a", "http://x.test/b"), 100);

        for (String key : Arrays.asList(state.manifestKey(), state.workingManifestKey(), state.checkpointKey(),
                state.pendingSeedsKey())) {
            Received r = store.received.get(key);
            assertNotNull(r, key);
            assertTrue(r.fromFile, key + " was put from a byte array");
            assertFalse(Files.exists(r.file), key + ": the temp file is deleted after the put");
        }
        assertTrue(store.received.get(state.manifestKey()).length > 1 << 20, "a manifest of some size");
        assertEquals(big.toBytes().length, store.received.get(state.manifestKey()).length, "the same gzip'd bytes");
        Manifest back = state.loadManifest();
        assertEquals(URLS, back.size());
        assertEquals(big.get("/p/4711.html").md5(), back.get("/p/4711.html").md5());
        assertEquals(Arrays.asList("/a", "/b"), state.loadCheckpoint().orElseThrow().done().stream()
                .collect(Collectors.toList()));
        assertEquals(Arrays.asList("http://x.test/a", "http://x.test/b"), state.loadPendingSeeds());
    }

    @Test
    void aSaveThatFailsMidwayLeavesTheOldManifestReadableAndNoTempFile() throws IOException {
        try (LocalStore store = new LocalStore(dir)) {
            StateRepository state = new StateRepository(store, "t");
            state.saveManifest(manifest(100, "old"));
            byte[] before = store.getBytes(state.manifestKey()).orElseThrow();
            Manifest next = manifest(URLS, "new");

            IOException e = assertThrows(IOException.class, () -> store.putState(state.manifestKey(),
                    out -> next.writeGzip(failingAfter(out, 200_000)), "application/gzip"));
            assertEquals("disk full", e.getMessage());
            assertArrayEquals(before, store.getBytes(state.manifestKey()).orElseThrow());
            assertEquals(100, state.loadManifest().size());
            assertEquals(List.of(), tempFiles(dir.resolve(ObjectStore.STATE_PREFIX + ".tmp")));

            state.saveManifest(next);
            assertEquals(URLS, state.loadManifest().size(), "the next save goes through");
            assertEquals(List.of(), tempFiles(dir.resolve(ObjectStore.STATE_PREFIX + ".tmp")));
        }
    }

    @Test
    void anUploadThatFailsLeavesTheOldManifestAndDeletesTheTempFile() throws IOException {
        RecordingStore store = new RecordingStore();
        StateRepository state = new StateRepository(store, "t");
        state.saveManifest(manifest(100, "old"));
        Manifest next = manifest(1000, "new");

        IOException midway = assertThrows(IOException.class, () -> store.putState(state.manifestKey(),
                out -> next.writeGzip(failingAfter(out, 4096)), "application/gzip"));
        assertEquals("disk full", midway.getMessage());
        assertEquals(100, state.loadManifest().size(), "nothing was put");

        store.failPuts = true;
        assertThrows(IOException.class, () -> state.saveManifest(next));
        Received r = store.received.get(state.manifestKey());
        assertTrue(r.fromFile);
        assertFalse(Files.exists(r.file), "the temp file of a failed upload is deleted too");
        store.failPuts = false;
        assertEquals(100, state.loadManifest().size());
    }

    @Test
    void aManifestIsReadAsItStreamsAndAStoreThatFailsMidReadSetsNothingAside() throws IOException {
        RecordingStore store = new RecordingStore();
        StateRepository state = new StateRepository(store, "t");
        state.saveManifest(manifest(URLS, "a"));
        state.saveWorkingManifest(manifest(10, "w"));
        List<String> problems = new java.util.ArrayList<>();
        assertEquals(URLS, state.loadManifestOrSetAside(problems).size());
        assertEquals(10, state.loadWorkingManifestOrSetAside(problems).orElseThrow().size());
        assertEquals(List.of(), problems);

        store.failReadsAfter = 100_000;
        IOException e = assertThrows(IOException.class, () -> state.loadManifestOrSetAside(problems));
        assertEquals("connection reset", e.getMessage(), "the store's own failure, passed on");
        assertEquals(List.of(), problems, "a good manifest is not set aside because the store failed");
        store.failReadsAfter = -1;
        assertTrue(store.head(state.manifestKey()).isPresent());
        assertEquals(URLS, state.loadManifestOrSetAside(problems).size());
    }

    /** The files under the store's temp folder (one folder per writer thread). */
    private static List<Path> tempFiles(Path tmpDir) throws IOException {
        try (Stream<Path> s = Files.walk(tmpDir)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    /** Passes {@code limit} bytes on, then fails as a full disk would. */
    private static OutputStream failingAfter(OutputStream out, long limit) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > limit) {
                    throw new IOException("disk full");
                }
                written += len;
                out.write(b, off, len);
            }
        };
    }

    private static final class Received {
        final boolean fromFile;
        final Path file;
        final long length;

        Received(Payload p) {
            fromFile = p.bytes() == null && p.file() != null;
            file = p.file();
            length = p.length();
        }
    }

    /** A store that keeps what it was given in memory and remembers how each object reached it. */
    private static final class RecordingStore implements ObjectStore {
        final MemoryStore objects = new MemoryStore();
        final Map<String, Received> received = new LinkedHashMap<>();
        boolean failPuts;
        long failReadsAfter = -1;

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void put(String key, Payload body, ObjectMeta meta) throws IOException {
            received.put(key, new Received(body));
            if (failPuts) {
                throw new IOException("upload failed");
            }
            objects.put(key, body, meta);
        }

        @Override
        public boolean putIfAbsent(String key, Payload body, ObjectMeta meta) throws IOException {
            return objects.putIfAbsent(key, body, meta);
        }

        @Override
        public Optional<ObjectMeta> head(String key) {
            return objects.head(key);
        }

        @Override
        public Optional<InputStream> get(String key) {
            Optional<InputStream> in = objects.get(key);
            if (!in.isPresent() || failReadsAfter < 0) {
                return in;
            }
            // A connection that drops after some bytes, as an object store's can.
            return Optional.of(new java.io.FilterInputStream(in.get()) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read >= failReadsAfter) {
                        throw new IOException("connection reset");
                    }
                    int n = super.read(b, off, (int) Math.min(len, failReadsAfter - read));
                    read += Math.max(0, n);
                    return n;
                }
            });
        }

        @Override
        public boolean copy(String fromKey, String toKey) {
            return objects.copy(fromKey, toKey);
        }

        @Override
        public void delete(String key) {
            objects.delete(key);
        }

        @Override
        public void list(String prefix, Consumer<String> keys) {
            objects.list(prefix, keys);
        }
    }
}
