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
    void checkpointCodesOfKindsAreStable() {
        assertEquals(0, ItemKind.PAGE.code());
        assertEquals(1, ItemKind.ROBOTS.code());
        assertEquals(2, ItemKind.SITEMAP.code());
        assertEquals(ItemKind.PAGE, ItemKind.ofCode(99));
    }
}
