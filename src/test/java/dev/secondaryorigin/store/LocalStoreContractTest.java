package dev.secondaryorigin.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on a directory, and what only the directory does: files and sidecars. */
class LocalStoreContractTest extends ObjectStoreContract {
    private static final String STATE = ObjectStore.STATE_PREFIX;

    @Override
    protected ObjectStore newStore() throws Exception {
        return new LocalStore(tmp.resolve("backup"));
    }

    private LocalStore local() {
        return (LocalStore) store;
    }

    private Path root() {
        return local().root();
    }

    @Test
    void stateKeysHaveSidecarsThatListingNeverShows() throws IOException {
        store.putState(STATE + "t/manifest.json", utf8("{}"), "application/json");
        Path sidecar = root().resolve(STATE + ".meta/" + STATE + "t/manifest.json.json");
        assertTrue(Files.isRegularFile(sidecar), "sidecar of a state key");
        Files.write(root().resolve(STATE + ".tmp/left-by-a-killed-writer"), utf8("x"));
        assertEquals(List.of(STATE + "t/manifest.json"), list(STATE));
        assertEquals(List.of(), list(STATE + ".meta/"));
        assertEquals(List.of(), list(STATE + ".tmp/"));
        store.delete(STATE + "t/manifest.json");
        assertFalse(Files.exists(sidecar), "deleted with its key");
    }
}
