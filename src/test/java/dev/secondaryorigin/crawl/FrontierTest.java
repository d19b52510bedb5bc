package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontierTest {
    @Test
    void eachUrlIsAdmittedOnceWithinDepthAndSize() throws InterruptedException {
        Frontier f = new Frontier(2, 3);
        assertEquals(Frontier.Admission.ADMITTED, f.admit("/", 0, ItemKind.PAGE));
        assertEquals(Frontier.Admission.ALREADY_SEEN, f.admit("/", 1, ItemKind.PAGE));
        assertEquals(Frontier.Admission.TOO_DEEP, f.admit("/deep", 3, ItemKind.PAGE));
        assertEquals(Frontier.Admission.ADMITTED, f.admit("/robots.txt", 0, ItemKind.ROBOTS));
        assertEquals(Frontier.Admission.ADMITTED, f.admit("/a", 2, ItemKind.PAGE));
        assertEquals(Frontier.Admission.FULL, f.admit("/b", 1, ItemKind.PAGE));
        assertEquals(3, f.outstanding());
        Frontier.Item first = f.take(10);
        assertEquals("/", first.path());
        f.finished(first);
        assertEquals(2, f.outstanding());
        assertFalse(f.drained());
    }

    @Test
    void aSnapshotRestoresTheSameFrontier() throws InterruptedException {
        Frontier f = new Frontier(10, 100);
        f.admit("/", 0, ItemKind.PAGE);
        f.admit("/sitemap.xml", 0, ItemKind.SITEMAP);
        f.finished(f.take(10));
        Frontier.Snapshot s = f.snapshot();
        assertEquals(Collections.singletonList("/"), new ArrayList<>(s.done()));
        assertEquals("/sitemap.xml", s.pending().iterator().next().path());

        Frontier resumed = new Frontier(10, 100);
        resumed.restore(s.done(), s.pending());
        assertTrue(resumed.seen("/"));
        assertEquals(Frontier.Admission.ALREADY_SEEN, resumed.admit("/", 0, ItemKind.PAGE), "done URLs are not visited again");
        Frontier.Item next = resumed.take(10);
        assertEquals(ItemKind.SITEMAP, next.kind());
        resumed.finished(next);
        assertTrue(resumed.drained());
        assertNull(resumed.take(1));
    }

    @Test
    void reopenedUrlsAreOutstandingAgainAndInTheNextSnapshot() throws InterruptedException {
        Frontier f = new Frontier(10, 100);
        f.admit("/a", 0, ItemKind.PAGE);
        f.admit("/b", 0, ItemKind.PAGE);
        f.finished(f.take(10));
        f.finished(f.take(10));
        assertTrue(f.drained());
        f.reopen(Arrays.asList("/b", "/never-seen"));
        assertEquals(1, f.outstanding());
        assertEquals("/b", f.snapshot().pending().iterator().next().path());
    }

    @Test
    void aLargeFrontierResumesFromItsCheckpointShallowestFirst() throws Exception {
        Frontier f = new Frontier(100, 1_000_000);
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            f.admit("/p/" + i, i % 5, i % 11 == 0 ? ItemKind.SPECULATIVE : ItemKind.PAGE);
        }
        int lastDepth = 0;
        for (int i = 0; i < n / 2; i++) {
            Frontier.Item it = f.take(10);
            assertTrue(it.depth() >= lastDepth, "shallowest first");
            lastDepth = it.depth();
            f.finished(it);
        }
        Frontier.Item inFlight = f.take(10);
        Frontier.Snapshot s = f.snapshot();
        f.finished(inFlight); // after the snapshot: still pending in it
        dev.secondaryorigin.state.Checkpoint cp = dev.secondaryorigin.state.Checkpoint.fromBytes(
                new dev.secondaryorigin.state.Checkpoint("p", 0, 1, new com.google.gson.JsonObject(), s.done(),
                        new java.util.ArrayList<>(java.util.stream.StreamSupport.stream(s.pending().spliterator(), false)
                                .map(p -> new dev.secondaryorigin.state.Checkpoint.Pending(p.path(), p.depth(),
                                        p.kind().code())).collect(java.util.stream.Collectors.toList()))).toBytes());
        assertEquals(n / 2, cp.done().size());
        assertEquals(n - n / 2, cp.pending().size());

        Frontier resumed = new Frontier(100, 1_000_000);
        java.util.List<Frontier.Item> pending = new ArrayList<>();
        for (dev.secondaryorigin.state.Checkpoint.Pending p : cp.pending()) {
            pending.add(new Frontier.Item(p.path(), p.depth(), ItemKind.ofCode(p.kind())));
        }
        resumed.restore(cp.done(), pending);
        assertEquals(n, resumed.seenCount());
        assertEquals(n - n / 2, resumed.outstanding());
        java.util.Set<String> visited = new java.util.HashSet<>(cp.done());
        for (Frontier.Item it; (it = resumed.take(1)) != null; resumed.finished(it)) {
            assertEquals(Integer.parseInt(it.path().substring(3)) % 5, it.depth());
            assertEquals(Integer.parseInt(it.path().substring(3)) % 11 == 0 ? ItemKind.SPECULATIVE : ItemKind.PAGE,
                    it.kind());
            assertTrue(visited.add(it.path()), "each URL once: " + it.path());
        }
        assertEquals(n, visited.size());
        assertTrue(resumed.drained());
    }

    @Test
    void aFrontierThatStoppedAdmittingIsFull() {
        Frontier f = new Frontier(10, 100);
        assertEquals(Frontier.Admission.ADMITTED, f.admit("/a", 0, ItemKind.PAGE));
        f.stopAdmitting();
        assertEquals(Frontier.Admission.FULL, f.admit("/b", 0, ItemKind.PAGE));
        assertEquals(Frontier.Admission.ALREADY_SEEN, f.admit("/a", 0, ItemKind.PAGE));
    }

    @Test
    void checkpointCodesOfKindsAreStable() {
        assertEquals(0, ItemKind.PAGE.code());
        assertEquals(1, ItemKind.ROBOTS.code());
        assertEquals(2, ItemKind.SITEMAP.code());
        assertEquals(ItemKind.PAGE, ItemKind.ofCode(99));
    }
}
