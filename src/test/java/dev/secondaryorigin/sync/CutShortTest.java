package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import dev.secondaryorigin.testing.origin.FaultyOrigin;
import dev.secondaryorigin.testing.origin.SampleSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pass that leaves URLs out at --max-objects still publishes, but says so: cutShort in the report, exit 7. */
class CutShortTest {
    @TempDir
    Path work;

    FaultyOrigin origin;
    PassFixture fx;

    @BeforeEach
    void start() throws IOException {
        origin = FaultyOrigin.start();
        new SampleSite(40).publish(origin, "v1");
        fx = new PassFixture(origin, work);
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    @Test
    void aPassCutAtMaxObjectsSaysSoAndExits7() throws IOException {
        PassReport cut = fx.engine("--max-objects", "10");
        assertEquals(PassReport.Result.COMPLETE, cut.result(), "what was visited is published");
        assertEquals(7, dev.secondaryorigin.app.ExitCodes.of(cut));
        JsonObject r = cut.toJson();
        JsonObject c = r.getAsJsonObject("cutShort");
        assertEquals("max-objects", c.get("reason").getAsString());
        assertEquals(10, c.get("limit").getAsLong());
        assertTrue(c.get("urlsNotVisited").getAsLong() > 0, r.toString());
        assertTrue(r.get("message").getAsString().contains("--max-objects 10"), r.get("message").getAsString());
        assertEquals(10, r.get("manifestUrls").getAsLong());

        // Unchanged pages answer 304 and are not read again: the rest of the site is found by a full pass.
        PassReport whole = fx.engine("--full");
        assertEquals(0, dev.secondaryorigin.app.ExitCodes.of(whole), whole.toJson().toString());
        assertFalse(whole.toJson().has("cutShort"));
        assertTrue(whole.toJson().get("manifestUrls").getAsLong() > 10, whole.toJson().toString());
        assertTrue(whole.toJson().get("stateHeapBytes").getAsLong() > 0);
    }
}
