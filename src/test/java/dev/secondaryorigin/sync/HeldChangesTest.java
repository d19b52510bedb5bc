package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import dev.secondaryorigin.state.Checkpoint;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.PassHistory;
import dev.secondaryorigin.state.PassRecord;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The held changes of a staged pass: packed in memory, listed in key order, saved row by row into the checkpoint and
 * the pass record, and read back from those files as earlier versions wrote them, to publish and to roll back.
 */
class HeldChangesTest {
    @TempDir
    Path dir;

    /** Changes added in this order, each written "key|OP|path". */
    private static HeldChanges held(String... rows) {
        HeldChanges h = new HeldChanges();
        for (String r : rows) {
            String[] f = r.split("\\|");
            h.add(new HeldChanges.Change(f[0], HeldChanges.Op.valueOf(f[1]), f[2]));
        }
        return h;
    }

    /** Every change as "key|OP|path", in list order. */
    private static List<String> rows(HeldChanges h) {
        List<String> out = new ArrayList<>();
        for (HeldChanges.Change c : h.list()) {
            out.add(c.key() + "|" + c.op() + "|" + c.path());
        }
        return out;
    }

    private static HeldChanges sample() {
        return held("zeta.html|REPLACE|/zeta.html", "docs/index.html|ADD|/docs/",
                "caf\u00e9 menu.html|ADD|/caf%C3%A9%20menu.html", "old.png|DELETE|/old.png",
                "legacy.css|REPLACE|legacy.css");
    }

    private static final List<String> SAMPLE_ROWS = Arrays.asList(
            "caf\u00e9 menu.html|ADD|/caf%C3%A9%20menu.html",
            "docs/index.html|ADD|/docs/",
            "legacy.css|REPLACE|legacy.css",
            "old.png|DELETE|/old.png",
            "zeta.html|REPLACE|/zeta.html");

    @Test
    void keepsOneChangePerKeyInKeyOrderWithItsPath() {
        HeldChanges h = sample();
        assertEquals(SAMPLE_ROWS, rows(h));
        assertEquals(5, h.size());
        assertEquals(HeldChanges.Op.DELETE, h.opFor("old.png"));
        assertNull(h.opFor("nothing.html"));
        assertEquals(2, h.count(HeldChanges.Op.ADD));
        assertEquals(2, h.count(HeldChanges.Op.REPLACE));
        assertEquals(1, h.count(HeldChanges.Op.DELETE));
    }

    @Test
    void aKeyAddedThenWrittenAgainStaysAnAdditionAndTheLastChangeOtherwiseWins() {
        HeldChanges h = held("a.html|ADD|/a.html", "a.html|REPLACE|/a.html", "b.html|REPLACE|/b.html",
                "b.html|DELETE|/b.html", "c/index.html|ADD|/c/", "c/index.html|REPLACE|/c/index.html");
        assertEquals(Arrays.asList("a.html|ADD|/a.html", "b.html|DELETE|/b.html", "c/index.html|ADD|/c/index.html"),
                rows(h));
        assertEquals(2, h.count(HeldChanges.Op.ADD));
        assertEquals(0, h.count(HeldChanges.Op.REPLACE));
        assertEquals(1, h.count(HeldChanges.Op.DELETE));
    }

    @Test
    void aListIsASnapshotThatLaterChangesDoNotGrow() {
        HeldChanges h = sample();
        List<HeldChanges.Change> before = h.list();
        h.add(new HeldChanges.Change("new.html", HeldChanges.Op.ADD, "/new.html"));
        assertEquals(5, before.size());
        assertEquals(6, h.list().size());
    }

    @Test
    void aCheckpointSavesTheChangesRowByRowAndReadsThemBack() throws IOException {
        JsonObject heldJson = new JsonObject();
        heldJson.addProperty("staging", true);
        JsonObject gate = new JsonObject();
        gate.addProperty("checked", 7);
        heldJson.add("gate", gate);
        Checkpoint c = Checkpoint.fromBytes(new Checkpoint("p1", 5, 2, new JsonObject(),
                Arrays.asList("/a", "/b"), Collections.<Checkpoint.Pending>emptyList(), heldJson, sample()).toBytes());
        assertTrue(c.held().get("staging").getAsBoolean());
        assertEquals(7, c.held().getAsJsonObject("gate").get("checked").getAsInt());
        assertFalse(c.held().has("changes"), "the changes are streamed, not part of the held object");
        for (int round = 0; round < 2; round++) {
            HeldChanges back = new HeldChanges();
            back.restore(c.heldChanges());
            assertEquals(SAMPLE_ROWS, rows(back));
        }
        assertEquals(Arrays.asList("/a", "/b"), new ArrayList<>(c.done()));
    }

    @Test
    void aCheckpointAsEarlierVersionsWroteItStillRestores() throws IOException {
        // The held object as one JSON value, changes first; the last row is of a version that wrote no path.
        String old = "{\"passId\":\"p0\",\"startedAt\":1,\"invocations\":3,\"stats\":{},"
                + "\"held\":{\"staging\":true,\"changes\":[[\"a.html\",\"ADD\",\"/a.html\"],"
                + "[\"b/index.html\",\"REPLACE\",\"/b/\"],[\"c.png\",\"DELETE\",\"/c.png\"],[\"d.css\",\"REPLACE\"]],"
                + "\"gate\":{\"checked\":4}},\"done\":[\"/a.html\"],\"pending\":[[\"/e.html\",1,0]]}";
        Checkpoint c = Checkpoint.fromBytes(gzip(old));
        assertEquals("p0", c.passId());
        assertEquals(4, c.held().getAsJsonObject("gate").get("checked").getAsInt());
        HeldChanges h = new HeldChanges();
        h.restore(c.heldChanges());
        assertEquals(Arrays.asList("a.html|ADD|/a.html", "b/index.html|REPLACE|/b/", "c.png|DELETE|/c.png",
                "d.css|REPLACE|d.css"), rows(h));
        assertEquals(1, c.pending().size());
    }

    @Test
    void aCheckpointWithADamagedListOfChangesIsRefusedWhenRead() {
        String damaged = "{\"passId\":\"p0\",\"held\":{\"changes\":[[\"a.html\",[]]]},\"done\":[],\"pending\":[]}";
        assertThrows(IOException.class, () -> Checkpoint.fromBytes(gzip(damaged)));
    }

    @Test
    void aPassRecordOfThisVersionPublishesAndRollsBack() throws IOException {
        Scenario s = new Scenario(new LocalStore(dir));
        new Publisher(s.state, 3, 2).begin("p1", s.changes(), s.manifest("p1"));
        s.publishAndRollBack();
    }

    @Test
    void aPassRecordAsEarlierVersionsWroteItStillPublishesAndRollsBack() throws IOException {
        Scenario s = new Scenario(new LocalStore(dir));
        // What PassHistory.saveChanges wrote before: the whole JsonArray as one string, ordered by String.compareTo.
        s.store.putState(s.history.changesKey("p1"), gzip("[[\"a.html\",\"REPLACE\",\"/a.html\"],"
                + "[\"b.html\",\"DELETE\",\"/b.html\"],[\"c/index.html\",\"ADD\",\"/c/\"]]"), "application/gzip");
        s.store.putState(s.history.manifestKey("p1"), s.manifest("p1")::writeGzip, "application/gzip");
        s.publishAndRollBack();
    }

    @Test
    void aPassRecordIsSavedAsTheRowsEarlierVersionsRead() throws IOException {
        Scenario s = new Scenario(new LocalStore(dir));
        s.history.saveChanges("p1", sample());
        byte[] gz = s.store.getBytes(s.history.changesKey("p1")).orElseThrow();
        String text = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals("[[\"caf\u00e9 menu.html\",\"ADD\",\"/caf%C3%A9%20menu.html\"],"
                + "[\"docs/index.html\",\"ADD\",\"/docs/\"],[\"legacy.css\",\"REPLACE\",\"legacy.css\"],"
                + "[\"old.png\",\"DELETE\",\"/old.png\"],[\"zeta.html\",\"REPLACE\",\"/zeta.html\"]]", text);
        assertFalse(s.history.readChanges("p2", (k, op, p) -> { }), "no record, no changes");
    }

    /**
     * Pass p0 published a.html and b.html; pass p1 replaces a.html, deletes b.html and adds c/index.html. Publishing
     * p1 from its record and rolling back to p0 puts the backup back as p0 left it.
     */
    private static final class Scenario {
        final ObjectStore store;
        final StateRepository state;
        final PassHistory history;

        Scenario(ObjectStore store) throws IOException {
            this.store = store;
            this.state = new StateRepository(store, "t");
            this.history = new PassHistory(state);
            put("a.html", "a of p0");
            put("b.html", "b of p0");
            store.putState(history.manifestKey("p0"), manifest("p0")::writeGzip, "application/gzip");
            store.putState(state.manifestKey(), manifest("p0")::writeGzip, "application/gzip");
            history.save(new ArrayList<>(Collections.singletonList(new PassRecord("p0", "then", 2, 0, 0))));
            put(state.stagingPrefix("p1") + "a.html", "a of p1");
            put(state.stagingPrefix("p1") + "c/index.html", "c of p1");
        }

        HeldChanges changes() {
            return held("a.html|REPLACE|/a.html", "b.html|DELETE|/b.html", "c/index.html|ADD|/c/");
        }

        Manifest manifest(String pass) {
            Manifest m = new Manifest();
            m.put(ManifestEntry.builder("/a.html").status(200).stored(true).etag("\"" + pass + "\"").build());
            m.put(ManifestEntry.builder(pass.equals("p0") ? "/b.html" : "/c/").status(200).stored(true).build());
            return m;
        }

        void put(String key, String text) throws IOException {
            store.put(key, Payload.ofBytes(text.getBytes(StandardCharsets.UTF_8)),
                    ObjectMeta.builder().contentType("text/html").build());
        }

        Optional<String> text(String key) throws IOException {
            return store.getBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
        }

        void publishAndRollBack() throws IOException {
            Publisher.Outcome published = new Publisher(state, 3, 2).run("p1", Deadline.none(), false);
            assertTrue(published.finished());
            assertEquals(2, published.published());
            assertEquals(1, published.deleted());
            assertEquals(Arrays.asList("/a.html", "/c/"), sorted(published.publishedPaths()));
            assertEquals(Optional.of("a of p1"), text("a.html"));
            assertEquals(Optional.empty(), text("b.html"));
            assertEquals(Optional.of("c of p1"), text("c/index.html"));
            List<PassRecord> records = history.load();
            assertEquals("p1", records.get(1).passId());
            assertEquals(1, records.get(1).added());
            assertEquals(1, records.get(1).replaced());
            assertEquals(1, records.get(1).deleted());

            Rollback.Outcome back = new Rollback(state).to("p0");
            assertEquals(Collections.singletonList("p1"), back.undone());
            assertEquals(2, back.restored());
            assertEquals(1, back.deleted());
            assertEquals(Optional.of("a of p0"), text("a.html"));
            assertEquals(Optional.of("b of p0"), text("b.html"));
            assertEquals(Optional.empty(), text("c/index.html"));
        }

        private static List<String> sorted(List<String> l) {
            List<String> out = new ArrayList<>(l);
            Collections.sort(out);
            return out;
        }
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(b), StandardCharsets.UTF_8)) {
            w.write(s);
        }
        return b.toByteArray();
    }
}
