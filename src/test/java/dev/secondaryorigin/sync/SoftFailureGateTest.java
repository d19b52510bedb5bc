package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.ManifestEntry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftFailureGateTest {
    private static ManifestEntry stored(String path, String md5, long size, String type) {
        return ManifestEntry.builder(path).md5(md5).size(size).contentType(type).status(200).stored(true).build();
    }

    private static String md5(int i) {
        return String.format("%032x", i);
    }

    @Test
    void aMaintenancePageForEveryUrlIsSuspectWithEvidence() {
        SoftFailureGate g = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 30; i++) {
            g.changed(stored("/p" + i + ".html", md5(i), 5000, "text/html"), "/p" + i + ".html", "aaaa", 94, "text/html");
        }
        for (int i = 0; i < 20; i++) {
            g.changed(stored("/i" + i + ".png", md5(100 + i), 9000, "image/png"), "/i" + i + ".png", "aaaa", 94, "text/html");
        }
        GateVerdict v = g.judge();
        assertTrue(v.suspect());
        assertTrue(v.reasons().get(0).startsWith("50 of 50 changed objects now have the same body (MD5 aaaa, text/html, 94 bytes)"),
                v.reasons().toString());
        assertTrue(v.reasons().stream().anyMatch(r -> r.startsWith("20 of 20 changed images")), v.reasons().toString());
    }

    @Test
    void emptyBodiesAndVanishingObjectsAreSuspect() {
        SoftFailureGate empty = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 12; i++) {
            empty.changed(stored("/p" + i, md5(i), 300, "text/html"), "/p" + i, md5(999), 0, "text/html");
        }
        assertTrue(empty.judge().reasons().stream().anyMatch(r -> r.equals("12 of 12 changed objects became empty")));

        SoftFailureGate gone = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 15; i++) {
            gone.gone();
        }
        gone.unchanged();
        assertTrue(gone.judge().suspect());
    }

    @Test
    void storedObjectsRedirectingToOnePlaceAreSuspectOnlyAsAShareOfTheSite() {
        SoftFailureGate maintenance = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 40; i++) {
            maintenance.redirected(i % 10 == 0 ? "/other-" + i : "/maintenance.html");
        }
        for (int i = 0; i < 20; i++) {
            maintenance.unchanged();
        }
        GateVerdict v = maintenance.judge();
        assertTrue(v.reasons().contains("36 of 60 stored objects checked now redirect to /maintenance.html"),
                v.reasons().toString());

        // Twenty retired pages sent to the home page, on a site of two hundred: a normal change.
        SoftFailureGate retired = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 20; i++) {
            retired.redirected("/");
        }
        for (int i = 0; i < 180; i++) {
            retired.unchanged();
        }
        assertFalse(retired.judge().suspect(), retired.judge().reasons().toString());
    }

    @Test
    void aRedesignOfDistinctBodiesIsNotSuspect() {
        SoftFailureGate g = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 500; i++) {
            String type = i % 3 == 0 ? "image/png" : "text/html";
            g.changed(stored("/p" + i, md5(i), 4000, type), "/p" + i, md5(10_000 + i), 4200, type);
        }
        GateVerdict v = g.judge();
        assertFalse(v.suspect(), v.reasons().toString());
    }

    @Test
    void pagesThatWereAlreadyAlikeStayingAlikeIsNoConvergence() {
        SoftFailureGate g = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 40; i++) {
            g.changed(stored("/tag/" + i, md5(7), 800, "text/html"), "/tag/" + i, md5(8), 820, "text/html");
        }
        assertFalse(g.judge().suspect(), g.judge().reasons().toString());
    }

    @Test
    void oneObjectChangingTypeIsNotSuspect() {
        SoftFailureGate g = new SoftFailureGate(10, 0.5);
        g.changed(stored("/logo.png", md5(1), 3000, "image/png"), "/logo.png", md5(2), 2500, "text/html");
        for (int i = 0; i < 100; i++) {
            g.unchanged();
        }
        assertFalse(g.judge().suspect());
    }

    @Test
    void theVerdictSurvivesACheckpoint() {
        SoftFailureGate g = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 8; i++) {
            g.changed(stored("/p" + i, md5(i), 5000, "text/html"), "/p" + i, "aaaa", 94, "text/html");
        }
        SoftFailureGate resumed = new SoftFailureGate(10, 0.5);
        resumed.restore(g.toJson());
        assertFalse(resumed.judge().suspect(), "8 objects are under the minimum");
        for (int i = 8; i < 12; i++) {
            resumed.changed(stored("/p" + i, md5(i), 5000, "text/html"), "/p" + i, "aaaa", 94, "text/html");
        }
        assertTrue(resumed.judge().suspect());
        assertEquals(12, resumed.toJson().get("changed").getAsLong());
    }

    @Test
    void aDominantBodyIsFoundAmongManyDistinctOnesWithBoundedMemory() {
        SoftFailureGate g = new SoftFailureGate(10, 0.5);
        for (int i = 0; i < 3000; i++) {
            String now = i % 4 == 3 ? md5(50_000 + i) : "bbbb";
            g.changed(stored("/p" + i, md5(i), 5000, "text/html"), "/p" + i, now, 100, "text/html");
        }
        GateVerdict v = g.judge();
        assertTrue(v.suspect(), v.reasons().toString());
        assertTrue(g.toJson().getAsJsonArray("bodies").size() <= SoftFailureGate.CANDIDATES);
    }
}
