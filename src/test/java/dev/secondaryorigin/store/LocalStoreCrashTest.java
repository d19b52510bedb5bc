package dev.secondaryorigin.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer killed with SIGKILL in the middle of puts, copies and moves (16 threads, one folder's metadata log
 * compacted now and then) leaves every key with whole bytes described by their own headers: the version the bytes
 * name is the version of the Content-Type, the user metadata and the MD5 {@code head} reports, both right after the
 * kill and after another writer has carried on.
 */
class LocalStoreCrashTest {
    private static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    private Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void everyKeyKeepsBytesAndHeadersOfOneVersionAcrossKills() throws Exception {
        Path root = tmp.resolve("target");
        Random rnd = new Random(14);
        long checkedKeys = 0;
        StoredFile firstLog = null;
        for (int round = 0; round < ROUNDS; round++) {
            Path log = tmp.resolve("writer-" + round + ".log");
            child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), LocalStoreWriterMain.class.getName(), root.toString(),
                    Long.toString(round * 1_000_000_000L)).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            long giveUp = System.currentTimeMillis() + 60_000;
            while (!new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains("writing")) {
                assertTrue(child.isAlive(), "the writer died: " + read(log));
                assertTrue(System.currentTimeMillis() < giveUp, "the writer never started: " + read(log));
                Thread.sleep(10);
            }
            if (round == 0) {
                // Let the first folder's log grow to where a compaction starts, so a kill can land in one.
                Path d0 = root.resolve(ObjectStore.STATE_PREFIX + ".dirmeta/d0/" + MetaLog.FILE_NAME);
                while (!Files.exists(d0) || Files.size(d0) < MetaLog.COMPACT_MIN) {
                    assertTrue(child.isAlive(), "the writer died: " + read(log));
                    assertTrue(System.currentTimeMillis() < giveUp + 120_000, "the writer wrote too little");
                    if (firstLog == null && Files.exists(d0)) {
                        firstLog = StoredFile.of(d0);
                    }
                    Thread.sleep(5);
                }
            }
            Thread.sleep(200 + rnd.nextInt(1500));
            assertTrue(child.isAlive(), "the writer stopped by itself: " + read(log));
            child.destroyForcibly(); // SIGKILL: mid-write, mid-record, mid-compaction
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            checkedKeys += assertEveryKeyWhole(new LocalStore(root));
        }
        assertTrue(checkedKeys > LocalStoreWriterMain.KEYS, "keys were written and checked: " + checkedKeys);
        assertTrue(firstLog != null && firstLog.inode != StoredFile.of(root.resolve(ObjectStore.STATE_PREFIX
                + ".dirmeta/d0/" + MetaLog.FILE_NAME)).inode, "a log was compacted meanwhile");
    }

    private static long assertEveryKeyWhole(LocalStore store) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list("", keys::add);
        List<String> broken = new ArrayList<>();
        for (String key : keys) {
            byte[] bytes = store.getBytes(key).orElseThrow();
            String text = new String(bytes, StandardCharsets.UTF_8);
            long v = Long.parseLong(text.substring("version ".length(), text.indexOf('\n')));
            ObjectMeta m = store.head(key).orElseThrow();
            if (!String.valueOf(v).equals(m.userMeta().get("v")) || !("text/v" + v).equals(m.contentType())
                    || !Payload.ofBytes(bytes).md5Hex().equals(m.md5())
                    || !java.util.Arrays.equals(LocalStoreWriterMain.body(v), bytes)) {
                broken.add(key + " (bytes of version " + v + ", " + m + ")");
            }
        }
        assertEquals(List.of(), broken, "keys whose headers are not their bytes'");
        return keys.size();
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
