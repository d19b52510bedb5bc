package dev.secondaryorigin.store;

import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.UrlKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An object's temp file is written beside it: never listed, never an object, a dead writer's removed. */
class BesideTempsTest {
    @TempDir
    Path dir;

    private static ObjectMeta meta() {
        return ObjectMeta.builder().contentType("text/html").build();
    }

    private List<String> namesUnder(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aPutLeavesNoTempAnywhere() throws Exception {
        LocalStore store = new LocalStore(dir);
        store.put("a/b.html", Payload.ofBytes("<p>b</p>".getBytes(StandardCharsets.UTF_8)), meta());
        store.put("a/b.html", Payload.ofBytes("<p>b2</p>".getBytes(StandardCharsets.UTF_8)), meta());
        assertEquals(List.of("a/b.html"), namesUnder(dir.resolve("a")));
        assertEquals(List.of(), namesUnder(dir.resolve(".secondary-origin/.tmp")));
        assertEquals("<p>b2</p>", new String(store.getBytes("a/b.html").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void leftoversOfDeadWritersGoAtTheFirstWriteIntoTheirFolderAndAreNeverListed() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path dead = Files.write(a.resolve(BesideTemps.PREFIX + "999999999-1-7" + BesideTemps.SUFFIX), new byte[]{1});
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Path live = Files.write(a.resolve(BesideTemps.PREFIX + self.pid() + "-" + start + "-99999" + BesideTemps.SUFFIX),
                new byte[]{2});
        LocalStore store = new LocalStore(dir);
        List<String> keys = new ArrayList<>();
        store.list("", keys::add);
        assertEquals(List.of(), keys, "temp files are no objects");

        store.put("a/c.html", Payload.ofBytes("c".getBytes(StandardCharsets.UTF_8)), meta());
        assertFalse(Files.exists(dead), "a dead writer's temp file is removed");
        assertTrue(Files.exists(live), "a running writer's is not");
        keys.clear();
        store.list("", keys::add);
        assertEquals(List.of("a/c.html"), keys);
    }

    @Test
    void theNamesAreNoKeys() {
        // The store and the URL rules agree on the reserved names.
        assertEquals(BesideTemps.PREFIX, UrlKeys.LOCAL_TEMP_PREFIX);
        RefusedUrlException e = assertThrows(RefusedUrlException.class,
                () -> UrlKeys.keyFor("/a/" + BesideTemps.PREFIX + "1-2-3.part"));
        assertEquals("reserved-key", e.reason());
        IOException put = assertThrows(IOException.class, () -> new LocalStore(dir).put("a/" + BesideTemps.PREFIX + "x",
                Payload.ofBytes(new byte[]{1}), meta()));
        assertTrue(put.getMessage().contains(BesideTemps.PREFIX), put.getMessage());
    }
}
