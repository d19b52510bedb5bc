package dev.secondaryorigin.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An invocation cut short before recording any URL saves an empty manifest; the next one must read it. */
class EmptyManifestTest {
    @Test
    void emptyManifestRoundTrips() throws Exception {
        assertEquals(0, Manifest.fromBytes(new Manifest().toBytes()).size());
    }
}
