package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.ManifestEntry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlDecisionTest {
    private static final ManifestEntry STORED = ManifestEntry.builder("/a.css").md5("m1").headersHash(7)
            .status(200).stored(true).etag("\"e\"").build();

    @Test
    void sameBytesAndHeadersAreKept() {
        assertEquals(UrlDecision.Action.UNCHANGED, UrlDecision.forOk(STORED, "m1", 7, true, true, false, false));
    }

    @Test
    void newBytesOrNewHeadersOrFullPassesStore() {
        assertEquals(UrlDecision.Action.STORE, UrlDecision.forOk(STORED, "m2", 7, true, true, false, false));
        assertEquals(UrlDecision.Action.STORE, UrlDecision.forOk(STORED, "m1", 8, true, true, false, false));
        assertEquals(UrlDecision.Action.STORE, UrlDecision.forOk(STORED, "m1", 7, true, true, true, false));
        assertEquals(UrlDecision.Action.STORE, UrlDecision.forOk(null, "m1", 7, true, true, false, false));
    }

    @Test
    void aSecondUrlOfAKeyAlreadyWrittenIsNotWrittenAgain() {
        assertEquals(UrlDecision.Action.UNCHANGED, UrlDecision.forOk(null, "m1", 7, true, true, false, true));
    }

    @Test
    void typesAndIncludesComeFirst() {
        assertEquals(UrlDecision.Action.TYPE_NOT_SELECTED, UrlDecision.forOk(STORED, "m2", 7, false, true, false, false));
        assertEquals(UrlDecision.Action.NOT_INCLUDED, UrlDecision.forOk(STORED, "m2", 7, true, false, false, false));
    }

    @Test
    void validatorsAreSentOnlyForACompleteStoredCopy() {
        assertTrue(UrlDecision.askConditionally(STORED, false, true));
        assertFalse(UrlDecision.askConditionally(STORED, true, true));
        assertFalse(UrlDecision.askConditionally(null, false, true));
        ManifestEntry knownNotStored = STORED.toBuilder().stored(false).build();
        assertFalse(UrlDecision.askConditionally(knownNotStored, false, true), "now selected: fetch it whole");
        assertTrue(UrlDecision.askConditionally(knownNotStored, false, false));
    }

    @Test
    void statusesMapToOutcomes() {
        assertEquals(FetchOutcome.NOT_MODIFIED, FetchOutcome.of(304));
        assertEquals(FetchOutcome.REDIRECT, FetchOutcome.of(308));
        assertEquals(FetchOutcome.GONE, FetchOutcome.of(410));
        assertEquals(FetchOutcome.ERROR, FetchOutcome.of(503));
    }
}
