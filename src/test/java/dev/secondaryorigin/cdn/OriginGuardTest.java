package dev.secondaryorigin.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.secondaryorigin.store.LocalStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginGuardTest {
    private static final String DOMAIN = "www.example.com";
    private static final String ORIGINS = "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\","
            + "\"port\":80,\"weight\":\"10\"},{\"content\":\"203.0.113.11\",\"type\":\"ipaddr\",\"priority\":\"30\","
            + "\"port\":80,\"weight\":\"10\"},{\"content\":\"my-backup.oss-cn-hangzhou.aliyuncs.com\",\"type\":\"oss\","
            + "\"priority\":\"30\",\"port\":443,\"weight\":\"10\"}]";
    private static final String FAILED_OVER = "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"30\","
            + "\"port\":80,\"weight\":\"10\"},{\"content\":\"203.0.113.11\",\"type\":\"ipaddr\",\"priority\":\"30\","
            + "\"port\":80,\"weight\":\"10\"},{\"content\":\"my-backup.oss-cn-hangzhou.aliyuncs.com\",\"type\":\"oss\","
            + "\"priority\":\"20\",\"port\":443,\"weight\":\"10\"}]";

    @TempDir
    Path dir;
    private CdnTestbed bed;
    private LocalStore store;
    private Instant now = Instant.parse("2024-06-09T12:00:00Z");
    private Optional<Instant> lastComplete = Optional.of(Instant.parse("2024-06-09T03:00:00Z"));
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bed = CdnTestbed.start();
        bed.cdn.addDomain(DOMAIN, ORIGINS);
        store = new LocalStore(dir);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private JsonObject probe(boolean healthy) throws Exception {
        now = now.plusSeconds(60);
        OriginGuard g = new OriginGuard(bed.api(), store, ".secondary-origin/" + DOMAIN + "/guard.json", () -> now);
        OriginGuard.Settings s = new OriginGuard.Settings(DOMAIN,
                OssOriginEndpoint.parse("my-backup.oss-cn-hangzhou.aliyuncs.com", "--target"), 3, 5,
                Duration.ofHours(48));
        return g.run(s, () -> healthy ? null : "/ answered 502, expected [200]", lastComplete, log::add);
    }

    @Test
    void flappingOriginDoesNotFlip() throws Exception {
        for (int i = 0; i < 10; i++) {
            probe(false); // alternating failures
            probe(true);
        }
        for (int i = 0; i < 5; i++) {
            probe(false); // two failures in a row, never three
            probe(false);
            probe(true);
        }
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
        assertEquals(ORIGINS, bed.cdn.sources(DOMAIN));
    }

    @Test
    void nFailuresFlipToTheBucketAndRecoveryFlipsBack() throws Exception {
        probe(false);
        probe(false);
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
        JsonObject third = probe(false);
        assertEquals("failed-over", third.get("action").getAsString(), third.toString());
        assertEquals(FAILED_OVER, bed.emulator.calls("ModifyCdnDomain").get(0).param("Sources"));
        assertEquals("failed-over", third.get("mode").getAsString());
        assertEquals(1, third.getAsJsonArray("switches").size());

        // Still failing: nothing more to do. Then four healthy probes are not enough, the fifth restores.
        assertEquals("none", probe(false).get("action").getAsString());
        for (int i = 0; i < 4; i++) {
            assertEquals("none", probe(true).get("action").getAsString());
        }
        probe(false); // a relapse resets the count
        for (int i = 0; i < 4; i++) {
            probe(true);
        }
        assertEquals(1, bed.emulator.calls("ModifyCdnDomain").size());
        JsonObject back = probe(true);
        assertEquals("restored", back.get("action").getAsString(), back.toString());
        assertEquals(ORIGINS, bed.emulator.calls("ModifyCdnDomain").get(1).param("Sources"));
        assertEquals(ORIGINS, bed.cdn.sources(DOMAIN));
        assertEquals("primary", back.get("mode").getAsString());
        assertEquals(2, back.get("switchCount").getAsInt());
        assertEquals("to-primary", back.getAsJsonArray("switches").get(1).getAsJsonObject().get("to").getAsString());
        assertTrue(back.get("failedProbes").getAsInt() >= 5);
    }

    @Test
    void staleBackupIsNeverPromoted() throws Exception {
        lastComplete = Optional.of(now.minus(Duration.ofHours(72)));
        for (int i = 0; i < 6; i++) {
            probe(false);
        }
        JsonObject r = probe(false);
        assertEquals("promotion-refused-stale-backup", r.get("action").getAsString(), r.toString());
        assertTrue(r.get("refusedPromotions").getAsInt() >= 5);
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
        assertEquals("primary", r.get("mode").getAsString());

        lastComplete = Optional.empty();
        assertEquals("promotion-refused-stale-backup", probe(false).get("action").getAsString());
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
        assertTrue(log.stream().anyMatch(l -> l.contains("stale")), log.toString());
    }

    @Test
    void bucketNotAttachedIsNotPromoted() throws Exception {
        bed.cdn.addDomain(DOMAIN, "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\"}]");
        probe(false);
        probe(false);
        assertEquals("promotion-refused-not-attached", probe(false).get("action").getAsString());
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
    }

    @Test
    void overlappingRunsSwitchOnce() throws Exception {
        // Another run already failed over the domain, but this run's state still says primary.
        bed.cdn.addDomain(DOMAIN, FAILED_OVER);
        probe(false);
        probe(false);
        assertEquals("already-failed-over", probe(false).get("action").getAsString());
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
    }
}
