package dev.secondaryorigin.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the local store keeps metadata: a record per write in its directory's log, bound to the file's inode, so
 * bytes and headers change together; torn records, compaction, many writers, and targets written with the sidecar
 * files of older versions.
 */
class LocalStoreMetadataTest {
    private static final String STATE = ObjectStore.STATE_PREFIX;

    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectMeta version(int v) {
        return ObjectMeta.builder().contentType("text/v" + v).cacheControl("max-age=" + v)
                .userMeta("v", Integer.toString(v)).build();
    }

    /** The bytes of version {@code v}: their length tells the version, so a reader can match bytes and headers. */
    private static byte[] body(int v) {
        return utf8("x".repeat(10 + v));
    }

    private Path log(Path root, String dir) {
        return root.resolve(STATE + ".dirmeta/" + (dir.isEmpty() ? "" : dir + "/") + "~meta.jsonl");
    }

    @Test
    void aRecordWhoseRenameNeverHappenedDescribesNothing() throws IOException {
        Path root = tmp.resolve("t");
        LocalStore store = new LocalStore(root);
        store.put("a/p.html", Payload.ofBytes(body(1)), version(1));

        // A writer killed between its record and its rename: the record is in the log, the bytes in a temp file.
        Path staged = root.resolve(STATE + ".tmp/killed-writer");
        Files.write(staged, body(2));
        new MetaLogs(store.root(), () -> root.resolve(STATE + ".tmp/x")).record("a/p.html", StoredFile.of(staged),
                version(2).toBuilder().md5(Payload.ofBytes(body(2)).md5Hex()).build(), true);

        ObjectMeta before = store.head("a/p.html").orElseThrow();
        assertEquals("text/v1", before.contentType(), "the old bytes keep their headers until the rename");
        assertEquals(Payload.ofBytes(body(1)).md5Hex(), before.md5());

        Files.move(staged, store.fileFor("a/p.html"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        ObjectMeta after = store.head("a/p.html").orElseThrow();
        assertEquals("text/v2", after.contentType(), "the renamed bytes come with the record written for them");
        assertEquals(Payload.ofBytes(body(2)).md5Hex(), after.md5());
    }

    @Test
    void aTornRecordIsSkippedAndTheNextRecordsRead() throws IOException {
        Path root = tmp.resolve("t");
        LocalStore store = new LocalStore(root);
        store.put("a.html", Payload.ofBytes(body(1)), version(1));
        Files.write(log(root, ""), utf8("{\"n\":\"b.html\",\"i\":12"), StandardOpenOption.APPEND);
        store.put("b.html", Payload.ofBytes(body(2)), version(2));
        for (LocalStore s : List.of(store, new LocalStore(root))) {
            assertEquals("text/v1", s.head("a.html").orElseThrow().contentType());
            assertEquals("text/v2", s.head("b.html").orElseThrow().contentType());
        }
    }

    @Test
    void aLogReplacedByAnotherProcessIsCheckedForATornEndThoughItsSizeIsUnchanged() throws IOException {
        Path root = tmp.resolve("t");
        LocalStore store = new LocalStore(root);
        store.put("a.html", Payload.ofBytes(body(1)), version(1));
        Path log = log(root, "");
        int size = (int) Files.size(log);
        // What another writer's compaction could leave: a new file, as long as the one this process appended to,
        // ending in a record torn by a crash.
        String torn = "{\"n\":\"b.ht";
        String filler = "{\"x\":\"" + "j".repeat(size - torn.length() - 9) + "\"}\n";
        Path other = log.resolveSibling("other-writer.tmp");
        Files.write(other, utf8(filler + torn));
        assertEquals(size, Files.size(other));
        Files.move(other, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        store.put("b.html", Payload.ofBytes(body(2)), version(2));
        for (LocalStore s : List.of(store, new LocalStore(root))) {
            assertEquals("text/v2", s.head("b.html").orElseThrow().contentType(),
                    "the new record starts on a line of its own");
        }
    }

    @Test
    void compactionDropsRecordsThatDescribeNoFileOnceTheyAreOld() throws IOException {
        Path root = tmp.resolve("t");
        LocalStore store = new LocalStore(root);
        store.put("d/gone.html", Payload.ofBytes(body(0)), version(0));
        store.delete("d/gone.html");
        int v = 1;
        while (Files.size(log(root, "d")) < MetaLog.COMPACT_MIN / 2) {
            store.put("d/p.html", Payload.ofBytes(body(v % 50)), version(v % 50));
            v++;
        }
        ageRecords(log(root, "d"));
        long inode = StoredFile.of(log(root, "d")).inode;
        int young = 0;
        while (StoredFile.of(log(root, "d")).inode == inode) {
            store.put("d/p.html", Payload.ofBytes(body(v % 50)), version(v % 50));
            v++;
            young++;
            assertTrue(young < 10_000, "never compacted");
        }
        List<String> names = names(log(root, "d"));
        assertTrue(names.size() <= young + 1, names.size() + " records left for " + young + " young ones");
        assertFalse(names.contains("gone.html"), "a deleted file's old record is dropped");
        assertEquals("text/v" + ((v - 1) % 50), store.head("d/p.html").orElseThrow().contentType());
        assertArrayEquals(body((v - 1) % 50), store.getBytes("d/p.html").orElseThrow());
    }

    /** Makes every record of {@code log} look written long ago. */
    private static void ageRecords(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            o.addProperty("t", 0);
            lines.add(o.toString());
        }
        Files.write(log, lines);
    }

    private static List<String> names(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject().get("n").getAsString())
                .collect(Collectors.toList());
    }

    /**
     * 16 writers rewrite the keys of one directory (through a compaction or two) while readers check that every
     * head's headers belong to the bytes it reports: the version in the user metadata matches the size.
     */
    @Test
    void manyWritersAndReadersAlwaysSeeHeadersThatBelongToTheBytes() throws Exception {
        Path root = tmp.resolve("t");
        LocalStore store = new LocalStore(root);
        int keys = 8;
        for (int k = 0; k < keys; k++) {
            store.put("d/k" + k + ".html", Payload.ofBytes(body(0)), version(0));
        }
        long logInode = StoredFile.of(log(root, "d")).inode;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger checked = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        int v = 1 + (thread * 40 + i) % 200;
                        store.put("d/k" + (i % keys) + ".html", Payload.ofBytes(body(v)), version(v));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                LocalStore reader = t % 2 == 0 ? store : new LocalStore(root); // another instance: as serve would
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        for (int k = 0; k < keys; k++) {
                            ObjectMeta m = reader.head("d/k" + k + ".html").orElseThrow();
                            int v = Integer.parseInt(m.userMeta().get("v"));
                            assertEquals(10 + v, m.size(), "headers of version " + v + " on " + m.size() + " bytes");
                            assertEquals("text/v" + v, m.contentType());
                            assertEquals(Payload.ofBytes(body(v)).md5Hex(), m.md5());
                            checked.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertTrue(checked.get() > keys, "readers ran: " + checked.get());
        assertNotEquals(logInode, StoredFile.of(log(root, "d")).inode, "the log was compacted meanwhile");
        for (int k = 0; k < keys; k++) {
            ObjectMeta m = store.head("d/k" + k + ".html").orElseThrow();
            assertEquals(10 + Integer.parseInt(m.userMeta().get("v")), m.size());
        }
        try (Stream<Path> temps = Files.walk(root.resolve(STATE + ".tmp"))) {
            assertEquals(0, temps.filter(Files::isRegularFile).count(), "no temp file left (the writers' folders are empty)");
        }
    }

    /** Writes a target as versions before the metadata logs did: a JSON sidecar per object under .meta/. */
    private static void sidecar(Path root, String key, String json) throws IOException {
        Path p = root.resolve(STATE + ".meta/" + key + ".json");
        Files.createDirectories(p.getParent());
        Files.write(p, utf8(json));
    }

    private static void legacyTarget(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.createDirectories(root.resolve(STATE + "t"));
        Files.write(root.resolve("index.html"), utf8("<h1>home</h1>"));
        Files.write(root.resolve("sub/a.css"), utf8("a { }"));
        Files.write(root.resolve("sub/changed.css"), utf8("b { }"));
        Files.write(root.resolve("sub/damaged.css"), utf8("c { }"));
        Files.write(root.resolve(STATE + "t/manifest.json"), utf8("{}"));
        sidecar(root, "index.html", "{\"Content-Type\":\"text/html; charset=utf-8\",\"Cache-Control\":\"max-age=60\","
                + "\"size\":13,\"md5\":\"" + Payload.ofBytes(utf8("<h1>home</h1>")).md5Hex() + "\","
                + "\"meta\":{\"origin-etag\":\"\\\"e1\\\"\",\"source-url\":\"https://www.example.com/\"}}");
        sidecar(root, "sub/a.css", "{\"Content-Type\":\"text/css\",\"size\":5,\"md5\":\"" + Payload.ofBytes(
                utf8("a { }")).md5Hex() + "\",\"meta\":{}}");
        // Bytes replaced after their sidecar was written (a crash between the two): the MD5 no longer counts.
        sidecar(root, "sub/changed.css", "{\"Content-Type\":\"text/css\",\"size\":99,\"md5\":\"0123\",\"meta\":{}}");
        sidecar(root, "sub/damaged.css", "{\"Content-Type\":");
        sidecar(root, "sub/gone.css", "{\"Content-Type\":\"text/css\",\"size\":5,\"meta\":{}}");
        sidecar(root, STATE + "t/manifest.json", "{\"Content-Type\":\"application/json\",\"size\":2,\"meta\":{}}");
    }

    private static void assertLegacyMetadata(LocalStore store) throws IOException {
        ObjectMeta home = store.head("index.html").orElseThrow();
        assertEquals("text/html; charset=utf-8", home.contentType());
        assertEquals("max-age=60", home.cacheControl());
        assertEquals(Payload.ofBytes(utf8("<h1>home</h1>")).md5Hex(), home.md5());
        assertEquals("\"e1\"", home.userMeta().get(ObjectMeta.ORIGIN_ETAG));
        assertEquals("https://www.example.com/", home.userMeta().get(ObjectMeta.SOURCE_URL));
        assertEquals("text/css", store.head("sub/a.css").orElseThrow().contentType());
        ObjectMeta changed = store.head("sub/changed.css").orElseThrow();
        assertEquals("text/css", changed.contentType());
        assertNull(changed.md5(), "an MD5 recorded for other bytes");
        assertNull(store.head("sub/damaged.css").orElseThrow().contentType());
        assertEquals("application/json", store.head(STATE + "t/manifest.json").orElseThrow().contentType());
        assertTrue(store.head(STATE + "t/manifest.json").orElseThrow().privateAcl());
    }

    @Test
    void aTargetWrittenWithSidecarsIsMovedIntoTheLogsWhenOpened() throws IOException {
        Path root = tmp.resolve("t");
        legacyTarget(root);
        LocalStore store = new LocalStore(root);
        assertFalse(Files.exists(root.resolve(STATE + ".meta")), "every sidecar moved or, describing nothing, gone");
        assertLegacyMetadata(store);
        assertLegacyMetadata(new LocalStore(root));
        List<String> keys = new ArrayList<>();
        store.list("", keys::add);
        keys.sort(null);
        assertEquals(List.of("index.html", "sub/a.css", "sub/changed.css", "sub/damaged.css"), keys);

        store.put("sub/a.css", Payload.ofBytes(utf8("a { color: red }")), version(7));
        assertEquals("text/v7", store.head("sub/a.css").orElseThrow().contentType());
        assertTrue(store.move("sub/a.css", "moved.css"));
        assertEquals("text/v7", store.head("moved.css").orElseThrow().contentType());
    }

    @Test
    void sidecarsThatCannotBeMovedAreStillRead() throws IOException {
        Path root = tmp.resolve("t");
        legacyTarget(root);
        Files.write(root.resolve(STATE + ".dirmeta"), utf8("in the way"));
        LocalStore store = new LocalStore(root);
        assertTrue(Files.isRegularFile(root.resolve(STATE + ".meta/index.html.json")), "left where it was");
        assertLegacyMetadata(store);
    }

    @Test
    void aSidecarWrittenByAPassRunningMeanwhileNeverOverridesANewerRecord() throws IOException {
        Path root = tmp.resolve("t");
        LocalStore store = new LocalStore(root);
        store.put("a.html", Payload.ofBytes(body(3)), version(3));
        // An older version's sidecar of the same key shows up (a copy restored by hand): the record stays in charge.
        sidecar(root, "a.html", "{\"Content-Type\":\"text/old\",\"size\":13,\"meta\":{}}");
        LocalStore reopened = new LocalStore(root);
        assertEquals("text/v3", reopened.head("a.html").orElseThrow().contentType());
        assertFalse(Files.exists(root.resolve(STATE + ".meta/a.html.json")));
    }
}
