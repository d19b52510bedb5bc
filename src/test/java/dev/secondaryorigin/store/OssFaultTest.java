package dev.secondaryorigin.store;

import dev.secondaryorigin.testing.oss.EmulatedRequest;
import dev.secondaryorigin.testing.oss.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passing OSS failures are ridden out; lasting ones fail the put and leave the previous object. */
class OssFaultTest {
    private OssTestbed bed;
    private OssStore store;

    @BeforeEach
    void start() throws IOException {
        bed = OssTestbed.start();
        store = bed.store();
    }

    @AfterEach
    void stop() {
        store.close();
        bed.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void slowDownStormIsRetried() throws IOException {
        bed.oss.faults().failNext(3, 503);
        store.put("a.html", Payload.ofBytes(bytes(1000, 1)), ObjectMeta.builder().build());
        assertEquals(3, bed.oss.faults().fired());
        assertArrayEquals(bytes(1000, 1), bed.bucket.object("a.html").orElseThrow().bytes());
    }

    @Test
    void resetMidUploadIsRetriedWithTheWholeBody() throws IOException {
        bed.oss.faults().resetNext(2, EmulatedRequest::isObjectPut);
        byte[] body = bytes(2 << 20, 2);
        store.put("big.js", Payload.ofBytes(body), ObjectMeta.builder().contentType("text/javascript").build());
        assertEquals(2, bed.oss.faults().fired());
        assertArrayEquals(body, bed.bucket.object("big.js").orElseThrow().bytes());
        assertEquals(2, bed.oss.requests().count(e -> e.method().equals("PUT") && e.status() == 0));
    }

    @Test
    void aPutThatKeepsFailingLeavesThePreviousObject() throws IOException {
        store.put("page.html", Payload.ofBytes(bytes(100, 3)), ObjectMeta.builder().contentType("text/html").build());
        bed.oss.faults().failNext(-1, 500, EmulatedRequest::isObjectPut);
        IOException e = assertThrows(IOException.class, () ->
                store.put("page.html", Payload.ofBytes(bytes(100, 4)), ObjectMeta.builder().build()));
        assertTrue(e.getMessage().contains("InternalError"), e.getMessage());
        assertTrue(e.getMessage().contains("page.html"), e.getMessage());
        assertEquals(OssTestbed.FAST.attempts(), bed.oss.faults().fired());
        bed.oss.faults().clear();
        assertArrayEquals(bytes(100, 3), store.getBytes("page.html").orElseThrow());
        assertEquals("text/html", store.head("page.html").orElseThrow().contentType());
    }

    @Test
    void readsAndListingsAreRetriedToo() throws IOException {
        store.put("x/a", Payload.ofBytes(bytes(10, 5)), ObjectMeta.builder().build());
        bed.oss.faults().failNext(2, 503, r -> r.method().equals("HEAD"));
        bed.oss.faults().resetNext(1, r -> r.method().equals("GET") && !r.key().isEmpty());
        bed.oss.faults().failNext(2, 500, r -> r.hasQuery("list-type"));
        assertEquals(10, store.head("x/a").orElseThrow().size());
        assertArrayEquals(bytes(10, 5), store.getBytes("x/a").orElseThrow());
        List<String> keys = new ArrayList<>();
        store.list("x/", keys::add);
        assertEquals(List.of("x/a"), keys);
        assertEquals(5, bed.oss.faults().fired());
    }

    @Test
    void slowAnswersAreWaitedFor() throws IOException {
        bed.oss.faults().inject(Fault.delay(300), 1, r -> true);
        store.put("slow.css", Payload.ofBytes(bytes(10, 6)), ObjectMeta.builder().build());
        assertArrayEquals(bytes(10, 6), store.getBytes("slow.css").orElseThrow());
    }

    @Test
    void clientErrorsAreNotRetried() throws IOException {
        bed.oss.faults().inject(Fault.error(400, "InvalidArgument"), -1, EmulatedRequest::isObjectPut);
        assertThrows(IOException.class, () -> store.put("a", Payload.ofBytes(bytes(1, 7)), ObjectMeta.builder().build()));
        assertEquals(1, bed.oss.faults().fired());
    }
}
