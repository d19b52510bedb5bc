package dev.secondaryorigin.state;

import dev.secondaryorigin.store.LocalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state file that cannot be read is set aside, kept for inspection, and never blocks the task. */
class DamagedStateTest {
    @TempDir
    Path dir;

    @Test
    void unreadableManifestAndCheckpointAreSetAsideAndReported() throws Exception {
        LocalStore store = new LocalStore(dir);
        StateRepository state = new StateRepository(store, "t");
        store.putState(state.manifestKey(), "not gzip".getBytes(StandardCharsets.UTF_8), "application/gzip");
        store.putState(state.checkpointKey(), new byte[]{0x1f, (byte) 0x8b, 1, 2}, "application/gzip");
        List<String> problems = new ArrayList<>();

        assertEquals(0, state.loadManifestOrSetAside(problems).size());
        assertFalse(state.loadCheckpointOrSetAside(problems).isPresent());

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("manifest") && problems.get(0).contains("set aside"), problems.get(0));
        assertFalse(store.head(state.manifestKey()).isPresent());
        assertFalse(store.head(state.checkpointKey()).isPresent());
        assertTrue(state.recovering(), "the target is treated as holding a backup until a pass publishes");
        List<String> aside = new ArrayList<>();
        store.list(state.prefix(), k -> {
            if (k.contains(".unreadable-")) {
                aside.add(k);
            }
        });
        assertEquals(2, aside.size(), aside.toString());
        problems.clear();
        state.loadManifestOrSetAside(problems);
        assertTrue(problems.isEmpty(), "a missing manifest is no problem: " + problems);
    }
}
