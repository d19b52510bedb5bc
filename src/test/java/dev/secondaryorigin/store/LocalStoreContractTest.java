package dev.secondaryorigin.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/** The store contract on a directory, and what only the directory does: files, metadata logs, modification times. */
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

    /** The metadata log of a directory of the target, e.g. {@code ""} or {@code "a/b"}. */
    private Path log(String dir) {
        return root().resolve(STATE + ".dirmeta/" + (dir.isEmpty() ? "" : dir + "/") + "~meta.jsonl");
    }

    @Test
    void stateKeysHaveMetadataRecordsThatListingNeverShows() throws IOException {
        store.putState(STATE + "t/manifest.json", utf8("{}"), "application/json");
        assertTrue(new String(Files.readAllBytes(log(STATE + "t")), StandardCharsets.UTF_8)
                .contains("\"n\":\"manifest.json\""), "record of a state key in its directory's log");
        assertEquals("application/json", store.head(STATE + "t/manifest.json").orElseThrow().contentType());
        Files.write(root().resolve(STATE + ".tmp/left-by-a-killed-writer"), utf8("x"));
        assertEquals(List.of(STATE + "t/manifest.json"), list(STATE));
        assertEquals(List.of(), list(STATE + ".dirmeta/"));
        assertEquals(List.of(), list(STATE + ".tmp/"));
        store.delete(STATE + "t/manifest.json");
        assertFalse(store.head(STATE + "t/manifest.json").isPresent(), "deleted with its key");
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
    void moveTakesTheMetadataAlongAndEmptiedFoldersTakeTheirLogs() throws IOException {
        store.put(STATE + "staging/p1/a.css", Payload.ofBytes(utf8("a")), fullMeta());
        assertTrue(store.move(STATE + "staging/p1/a.css", "a.css"));
        assertEquals(fullMeta().httpHeaders(), store.head("a.css").orElseThrow().httpHeaders());
        assertEquals(fullMeta().userMeta(), store.head("a.css").orElseThrow().userMeta());
        assertTrue(Files.isRegularFile(log(STATE + "staging/p1")));
        store.deletePrefix(STATE + "staging/p1/");
        assertFalse(Files.exists(log(STATE + "staging/p1").getParent()), "the log of a removed folder goes with it");
        try (Stream<Path> temps = Files.walk(root().resolve(STATE + ".tmp"))) {
            assertEquals(0, temps.filter(Files::isRegularFile).count(), "no temp file left (the writers' folders are empty)");
        }
    }

    @Test
    void aSourceWithoutMetadataLeavesNoStaleHeadersOnTheTarget() throws IOException {
        // A file put there by other means: no record describes it.
        Files.write(root().resolve(STATE + "legacy.json"), utf8("{}"));
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
        assertFalse(Files.exists(log("a")), "no record for what was refused");
        assertFalse(new String(Files.readAllBytes(log("")), StandardCharsets.UTF_8).contains("\"n\":\"dir\""),
                "no record for what was refused");
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
        assertThrows(IOException.class, () -> store.put(STATE + ".dirmeta/~meta.jsonl", Payload.ofBytes(utf8("")),
                html()));
        assertFalse(Files.exists(tmp.resolve("outside.html")));
        assertEquals(List.of("a.html"), list(""));
        assertEquals("text/html; charset=utf-8", store.head("a.html").orElseThrow().contentType());
    }
}
