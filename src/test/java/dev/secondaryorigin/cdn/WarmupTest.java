package dev.secondaryorigin.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.secondaryorigin.testing.openapi.RecordedCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarmupTest {
    private CdnTestbed bed;

    @BeforeEach
    void start() throws Exception {
        bed = CdnTestbed.start();
        bed.cdn.addDomain("www.example.com", "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\"}]");
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static List<String> paths(int n) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add("/page-" + i + ".html");
        }
        return p;
    }

    @Test
    void batchesWithinThePerCallLimit() {
        JsonObject r = new Warmup(bed.api()).push("www.example.com", paths(250));

        assertEquals(Arrays.asList("DescribeRefreshQuota", "PushObjectCache", "PushObjectCache", "PushObjectCache"),
                bed.emulator.actions());
        List<RecordedCall> pushes = bed.emulator.calls("PushObjectCache");
        assertEquals(100, pushes.get(0).param("ObjectPath").split("\n").length);
        assertEquals(100, pushes.get(1).param("ObjectPath").split("\n").length);
        assertEquals(50, pushes.get(2).param("ObjectPath").split("\n").length);
        assertEquals("www.example.com/page-0.html", pushes.get(0).param("ObjectPath").split("\n")[0]);
        assertEquals(250, r.get("pushed").getAsInt());
        assertEquals(0, r.get("skipped").getAsInt());
        assertEquals(250, bed.cdn.pushed().size());
        assertEquals(750, bed.cdn.preloadRemain());
    }

    @Test
    void duplicatesArePushedOnce() {
        JsonObject r = new Warmup(bed.api()).push("www.example.com", Arrays.asList("/a", "/a", "/b"));
        assertEquals(2, r.get("pushed").getAsInt());
        assertEquals(Arrays.asList("www.example.com/a", "www.example.com/b"), bed.cdn.pushed());
    }

    @Test
    void remainingQuotaBoundsWhatIsPushed() {
        bed.cdn.preloadQuota(1000, 120);
        JsonObject r = new Warmup(bed.api()).push("www.example.com", paths(250));

        assertEquals(2, bed.emulator.calls("PushObjectCache").size());
        assertEquals(120, r.get("pushed").getAsInt());
        assertEquals(130, r.get("skipped").getAsInt());
        assertTrue(r.get("stoppedBecause").getAsString().contains("quota"), r.toString());
        assertEquals(0, bed.cdn.preloadRemain());
    }

    @Test
    void exhaustedQuotaPushesNothing() {
        bed.cdn.preloadQuota(1000, 0);
        JsonObject r = new Warmup(bed.api()).push("www.example.com", paths(5));
        assertEquals(Collections.singletonList("DescribeRefreshQuota"), bed.emulator.actions());
        assertEquals(0, r.get("pushed").getAsInt());
        assertEquals(5, r.get("skipped").getAsInt());
    }

    @Test
    void quotaUsedUpMeanwhileStopsWithoutFailing() {
        // The quota call says 1000 left, but another job used most of it before our pushes.
        bed.cdn.preloadQuota(1000, 150);
        bed.emulator.handle("DescribeRefreshQuota", c -> {
            JsonObject o = new JsonObject();
            o.addProperty("PreloadQuota", "1000");
            o.addProperty("PreloadRemain", "1000");
            return o;
        });
        JsonObject r = new Warmup(bed.api()).push("www.example.com", paths(300));
        assertEquals(100, r.get("pushed").getAsInt());
        assertEquals(200, r.get("skipped").getAsInt());
        assertTrue(r.get("stoppedBecause").getAsString().contains("QuotaExceeded.Preload"), r.toString());
        assertEquals("QuotaExceeded.Preload", bed.emulator.calls("PushObjectCache").get(1).answerCode());
    }

    @Test
    void nothingStoredMakesNoCall() {
        JsonObject r = new Warmup(bed.api()).push("www.example.com", Collections.emptyList());
        assertEquals(0, r.get("pushed").getAsInt());
        assertTrue(bed.emulator.actions().isEmpty());
    }
}
