package dev.secondaryorigin.compact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedTableTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void behavesLikeAHashMapThroughGrowthRewritesRemovalsAndCompaction() {
        PackedTable t = new PackedTable();
        Map<String, String> model = new HashMap<>();
        Random r = new Random(7);
        PackedTable.View early = null;
        for (int op = 0; op < 300_000; op++) {
            if (op == 150_000) {
                early = t.view();
            }
            String k = "/p/" + r.nextInt(40_000) + ".html";
            int what = r.nextInt(10);
            if (what < 6) {
                // Values of varying length: some rewrites fit in place, some are appended.
                String v = "v" + op + "-" + "x".repeat(r.nextInt(40));
                assertEquals(!model.containsKey(k), t.put(b(k), b(v)));
                model.put(k, v);
            } else if (what < 8) {
                assertEquals(model.remove(k) != null, t.remove(b(k)));
            } else {
                assertEquals(model.get(k), s(t.get(b(k))));
                assertEquals(model.containsKey(k), t.containsKey(b(k)));
            }
        }
        assertEquals(model.size(), t.size());
        for (Map.Entry<String, String> e : model.entrySet()) {
            assertEquals(e.getValue(), s(t.get(b(e.getKey()))));
        }
        PackedTable.View v = t.view();
        assertEquals(model.size(), v.size());
        for (int i = 0; i < v.size(); i++) {
            assertEquals(model.get(s(v.key(i))), s(v.value(i)));
            assertEquals(model.get(s(v.key(i))), s(v.currentValue(i)), "nothing changed since this view");
        }
        // A view taken halfway (compaction ran since): its current values are never stale, only missing where the
        // record was superseded.
        for (int i = 0; i < early.size(); i++) {
            byte[] now = early.currentValue(i);
            if (now != null) {
                assertEquals(model.get(s(early.key(i))), s(now));
            }
        }
    }

    @Test
    void keysCopiedInAnotherTablesOrderDoNotPileUp() {
        // A pass seeds its frontier from the manifest's listing, which comes in the manifest table's slot order. Were
        // both tables to place a key by the same hash, the frontier would receive its keys sorted by their slots and
        // linear probing would grow a few runs as long as the table: at 5 M URLs, seeding took minutes.
        PackedTable manifest = new PackedTable();
        for (int i = 0; i < 300_000; i++) {
            manifest.put(b("/p/" + i + ".html"), b("v"));
        }
        PackedTable frontier = new PackedTable();
        int worst = copyWatchingRuns(manifest, frontier);
        PackedTable again = new PackedTable();
        worst = Math.max(worst, copyWatchingRuns(frontier, again));
        // With a good spread, the longest run of occupied slots up to load 0.7 is some tens of slots.
        assertTrue(worst < 200, "longest run " + worst);
        assertEquals(300_000, again.size());
        assertEquals("q", s(again.get(b("/p/299999.html"))));
    }

    /** Puts {@code from}'s keys into {@code to} in its listing order; the longest run seen along the way. */
    private static int copyWatchingRuns(PackedTable from, PackedTable to) {
        PackedTable.View listing = from.view();
        int worst = 0;
        for (int i = 0; i < listing.size(); i++) {
            to.put(listing.key(i), b("q"));
            if (i % 5_000 == 0) {
                worst = Math.max(worst, to.longestRun());
            }
        }
        return worst;
    }

    @Test
    void aViewTellsACurrentValueFromASupersededOne() {
        PackedTable t = new PackedTable();
        t.put(b("same"), b("12345678"));
        t.put(b("shorter"), b("12345678"));
        t.put(b("longer"), b("12345678"));
        t.put(b("removed"), b("12345678"));
        t.put(b("readded"), b("12345678"));
        t.put(b("big"), b("x".repeat(PackedTable.PAGE_SIZE + 10)));
        PackedTable.View v = t.view();
        t.put(b("shorter"), b("1234"));
        t.put(b("longer"), b("123456789"));
        t.remove(b("removed"));
        t.remove(b("readded"));
        t.put(b("readded"), b("again"));
        t.put(b("big"), b("y".repeat(PackedTable.PAGE_SIZE + 10)));
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < v.size(); i++) {
            seen.put(s(v.key(i)), s(v.currentValue(i)));
        }
        assertEquals("12345678", seen.get("same"));
        assertEquals("1234", seen.get("shorter"), "rewritten in place: the view reads the new value");
        assertNull(seen.get("longer"), "moved to a longer record");
        assertNull(seen.get("removed"));
        assertNull(seen.get("readded"), "removed, then added as a new record");
        assertEquals("y".repeat(PackedTable.PAGE_SIZE + 10), seen.get("big"), "same length: rewritten in place");
        assertEquals("123456789", s(t.get(b("longer"))));
        assertEquals("again", s(t.get(b("readded"))));
    }

    @Test
    void keysWhoseHashesCollideInTheirSlotAndTagStayApart() {
        // Keys are compared byte by byte once slot and tag agree; many keys in a small table share slots.
        PackedTable t = new PackedTable(4);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            keys.add("k" + i);
            assertTrue(t.put(b("k" + i), b(Integer.toString(i))));
        }
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(Integer.toString(i), s(t.get(b(keys.get(i)))));
        }
        assertNull(t.get(b("k5000")));
        assertFalse(t.putIfAbsent(b("k1"), b("other")));
        assertEquals("1", s(t.get(b("k1"))));
        assertArrayEquals(new byte[0], putEmpty(t));
    }

    private static byte[] putEmpty(PackedTable t) {
        t.put(new byte[0], new byte[0]);
        return t.get(new byte[0]);
    }

    @Test
    void aViewStaysReadableAfterCompactionAndSortsByKeyBytes() {
        PackedTable t = new PackedTable();
        for (int i = 0; i < 20_000; i++) {
            t.put(b("/" + i), b("short"));
        }
        PackedTable.View before = t.view();
        PackedTable.View compacted = null;
        for (int round = 0; round < 10; round++) {
            if (round == 1) {
                compacted = t.view();
            }
            for (int i = 0; i < 20_000; i++) {
                // Longer each round: appended, so the old records die and compaction runs.
                t.put(b("/" + i), b("round " + round + " ".repeat(100 + 4 * round)));
            }
        }
        assertEquals("round 9" + " ".repeat(136), s(t.get(b("/19999"))));
        for (int i = 0; i < before.size(); i++) {
            assertTrue(s(before.key(i)).startsWith("/"), "a view's keys survive compaction");
            assertNull(before.currentValue(i), "every record was superseded");
            byte[] now = compacted.currentValue(i);
            assertTrue(now == null || s(now).equals(s(t.get(compacted.key(i)))), "never a stale value");
        }
        PackedTable.View sorted = t.view().sortedByKey();
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(s(sorted.key(i - 1)).compareTo(s(sorted.key(i))) < 0);
        }
        // 10 rounds appended about 30 MB; live is about 3 MB, and dead bytes never outweigh live ones for long.
        assertTrue(t.heapBytes() < 10_000_000L, "dead records were reclaimed: " + t.heapBytes());
    }

    @Test
    void recordsLargerThanAPageGetTheirOwn() {
        PackedTable t = new PackedTable();
        byte[] big = new byte[PackedTable.PAGE_SIZE + 10];
        big[big.length - 1] = 42;
        t.put(b("/big"), big);
        t.put(b("/small"), b("s"));
        assertArrayEquals(big, t.get(b("/big")));
        assertEquals("s", s(t.get(b("/small"))));
    }

    @Test
    void byteQueueIsFirstInFirstOutAcrossChunks() {
        ByteQueue q = new ByteQueue();
        for (int i = 0; i < 50_000; i++) {
            q.add(b("/item/" + i));
        }
        q.add(new byte[ByteQueue.CHUNK * 2]);
        assertEquals(50_001, q.size());
        for (int i = 0; i < 50_000; i++) {
            assertEquals("/item/" + i, s(q.poll()));
        }
        assertEquals(ByteQueue.CHUNK * 2, q.poll().length);
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }
}
