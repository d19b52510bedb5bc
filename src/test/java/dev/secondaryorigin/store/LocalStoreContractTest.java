package dev.secondaryorigin.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on a directory, and what only the directory does: files, sidecars, modification times. */
class LocalStoreContractTest extends ObjectStoreContract {
    private static final String STATE = ObjectStore.STATE_PREFIX;
    private static final long DAY = 86_400_000L;

    @Override
    protected ObjectStore newStore() throws Exception {
        return new LocalStore(tmp.resolve("backup"));
    }

    private LocalStore local() {
        return (LocalStore) store;
    }

    private Path root() {
        return local().root();
    }

    @Test
    void stateKeysHaveSidecarsThatListingNeverShows() throws IOException {
        store.putState(STATE + "t/manifest.json", utf8("{}"), "application/json");
        Path sidecar = root().resolve(STATE + ".meta/" + STATE + "t/manifest.json.json");
        assertTrue(Files.isRegularFile(sidecar), "sidecar of a state key");
        Files.write(root().resolve(STATE + ".tmp/left-by-a-killed-writer"), utf8("x"));
        assertEquals(List.of(STATE + "t/manifest.json"), list(STATE));
        assertEquals(List.of(), list(STATE + ".meta/"));
        assertEquals(List.of(), list(STATE + ".tmp/"));
        store.delete(STATE + "t/manifest.json");
        assertFalse(Files.exists(sidecar), "deleted with its key");
    }

    @Test
    void copyAndMoveGiveTheTargetTheirOwnModificationTime() throws IOException {
        store.put("old.html", Payload.ofBytes(utf8("old")), html());
        store.put("older.html", Payload.ofBytes(utf8("older")), html());
        FileTime dayAgo = FileTime.fromMillis(System.currentTimeMillis() - DAY);
        Files.setLastModifiedTime(local().fileFor("old.html"), dayAgo);
        Files.setLastModifiedTime(local().fileFor("older.html"), dayAgo);
        long before = System.currentTimeMillis() - 1000;

        assertTrue(store.copy("old.html", "copy.html"));
        assertTrue(store.head("copy.html").orElseThrow().lastModifiedMillis() >= before, "a copy is a new write");
        assertEquals(dayAgo.toMillis(), store.head("old.html").orElseThrow().lastModifiedMillis(), "source untouched");
        assertFalse(Files.isSameFile(local().fileFor("old.html"), local().fileFor("copy.html")), "not a hard link");

        assertTrue(store.move("older.html", "old.html"));
        assertTrue(store.head("old.html").orElseThrow().lastModifiedMillis() >= before,
                "a rolled back object must not look older than the one it replaced");
        assertArrayEquals(utf8("older"), store.getBytes("old.html").orElseThrow());
    }

    @Test
    void moveTakesTheSidecarAlong() throws IOException {
        store.put(STATE + "staging/a.css", Payload.ofBytes(utf8("a")), fullMeta());
        assertTrue(store.move(STATE + "staging/a.css", "a.css"));
        assertFalse(Files.exists(root().resolve(STATE + ".meta/" + STATE + "staging/a.css.json")));
        assertTrue(Files.isRegularFile(root().resolve(STATE + ".meta/a.css.json")));
        try (Stream<Path> temps = Files.list(root().resolve(STATE + ".tmp"))) {
            assertEquals(0, temps.count(), "no temp file left");
        }
    }

    @Test
    void aSourceWithoutSidecarLeavesNoStaleHeadersOnTheTarget() throws IOException {
        // State written before state keys had sidecars.
        store.put(STATE + "legacy.json", Payload.ofBytes(utf8("{}")), ObjectMeta.builder().build());
        Files.delete(root().resolve(STATE + ".meta/" + STATE + "legacy.json.json"));
        store.put(STATE + "copy.json", Payload.ofBytes(utf8("[1]")), fullMeta());
        store.put(STATE + "moved.json", Payload.ofBytes(utf8("[2]")), fullMeta());

        assertTrue(store.copy(STATE + "legacy.json", STATE + "copy.json"));
        ObjectMeta copied = store.head(STATE + "copy.json").orElseThrow();
        assertNull(copied.contentType());
        assertEquals(0, copied.userMeta().size());
        assertNull(copied.md5());

        assertTrue(store.move(STATE + "legacy.json", STATE + "moved.json"));
        assertNull(store.head(STATE + "moved.json").orElseThrow().contentType());
        assertArrayEquals(utf8("{}"), store.getBytes(STATE + "moved.json").orElseThrow());
    }

    @Test
    void aFileWhereADirectoryIsNeededFailsClearlyAndChangesNothing() throws IOException {
        store.put("a", Payload.ofBytes(utf8("a file")), html());
        store.put("b.css", Payload.ofBytes(utf8("b")), fullMeta());
        IOException copy = assertThrows(IOException.class, () -> store.copy("b.css", "a/b.css"));
        assertTrue(copy.getMessage().contains("\"a\" is already a file"), copy.getMessage());
        IOException move = assertThrows(IOException.class, () -> store.move("b.css", "a/b.css"));
        assertTrue(move.getMessage().contains("\"a\" is already a file"), move.getMessage());
        store.put("dir/x.html", Payload.ofBytes(utf8("x")), html());
        IOException ontoDir = assertThrows(IOException.class, () -> store.move("b.css", "dir"));
        assertTrue(ontoDir.getMessage().contains("a directory has that name"), ontoDir.getMessage());

        assertArrayEquals(utf8("b"), store.getBytes("b.css").orElseThrow());
        assertEquals(fullMeta().httpHeaders(), store.head("b.css").orElseThrow().httpHeaders());
        assertFalse(Files.exists(root().resolve(STATE + ".meta/a/b.css.json")), "no sidecar for what was refused");
        assertFalse(Files.exists(root().resolve(STATE + ".meta/dir.json")), "no sidecar for what was refused");
        assertEquals(List.of("a", "b.css", "dir/x.html"), list(""));
    }

    @Test
    void keysThatEscapeOrHitTheStoresOwnFoldersAreRefused() throws IOException {
        store.put("a.html", Payload.ofBytes(utf8("a")), html());
        assertThrows(IOException.class, () -> store.copy("a.html", "../outside.html"));
        assertThrows(IOException.class, () -> store.copy("../../etc/passwd", "x.html"));
        assertThrows(IOException.class, () -> store.move("a.html", STATE + ".meta/a.html.json"));
        assertThrows(IOException.class, () -> store.copy("a.html", STATE + ".tmp/x"));
        assertThrows(IOException.class, () -> store.put(STATE + ".meta/b.json", Payload.ofBytes(utf8("{}")), html()));
        assertFalse(Files.exists(tmp.resolve("outside.html")));
        assertEquals(List.of("a.html"), list(""));
        assertEquals("text/html; charset=utf-8", store.head("a.html").orElseThrow().contentType());
    }
}
