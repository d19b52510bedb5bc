package dev.secondaryorigin.state;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The unfinished part of a pass: which URLs are done, which are still to fetch (with depth and kind),
 * and the counters so far. The next invocation resumes from it.
 */
public final class Checkpoint {
    private static final String CHANGES = "changes";

    /** A URL waiting in the frontier. */
    public static final class Pending {
        private final String path;
        private final int depth;
        private final int kind;

        public Pending(String path, int depth, int kind) {
            this.path = path;
            this.depth = depth;
            this.kind = kind;
        }

        public String path() {
            return path;
        }

        public int depth() {
            return depth;
        }

        public int kind() {
            return kind;
        }
    }

    private final String passId;
    private final long startedAt;
    private final int invocations;
    private final JsonObject stats;
    private final Collection<String> done;
    private final Collection<Pending> pending;
    private final JsonObject held;
    private final ChangeRows.Source heldChanges;

    public Checkpoint(String passId, long startedAt, int invocations, JsonObject stats, Collection<String> done,
                      Collection<Pending> pending) {
        this(passId, startedAt, invocations, stats, done, pending, new JsonObject(), ChangeRows.NONE);
    }

    public Checkpoint(String passId, long startedAt, int invocations, JsonObject stats, Collection<String> done,
                      Collection<Pending> pending, JsonObject held) {
        this(passId, startedAt, invocations, stats, done, pending, held, ChangeRows.NONE);
    }

    /**
     * {@code held}: what the pass holds back until it is judged (whether it stages, the gate's counters), opaque to
     * the state layer; {@code heldChanges}: the staged changes, saved as {@code held.changes}. {@code done},
     * {@code pending} and {@code heldChanges} may be lazy views (a frontier's snapshot, the live held changes): they
     * are read once, while the checkpoint is written.
     */
    public Checkpoint(String passId, long startedAt, int invocations, JsonObject stats, Collection<String> done,
                      Collection<Pending> pending, JsonObject held, ChangeRows.Source heldChanges) {
        this.held = held == null ? new JsonObject() : held;
        if (this.held.has(CHANGES)) {
            throw new IllegalArgumentException("the held changes are streamed, not part of the held object");
        }
        this.heldChanges = heldChanges;
        this.passId = passId;
        this.startedAt = startedAt;
        this.invocations = invocations;
        this.stats = stats;
        this.done = Collections.unmodifiableCollection(done);
        this.pending = Collections.unmodifiableCollection(pending);
    }

    public String passId() {
        return passId;
    }

    public long startedAt() {
        return startedAt;
    }

    public int invocations() {
        return invocations;
    }

    public JsonObject stats() {
        return stats;
    }

    /** The done URLs; for a checkpoint read from bytes, streamed from them each time it is iterated. */
    public Collection<String> done() {
        return done;
    }

    public Collection<Pending> pending() {
        return pending;
    }

    /** What the pass holds back but its changes: whether it stages, the gate's counters. */
    public JsonObject held() {
        return held;
    }

    /** The held changes; for a checkpoint read from bytes, streamed from them each time they are asked for. */
    public ChangeRows.Source heldChanges() {
        return heldChanges;
    }

    public byte[] toBytes() throws IOException {
        return GzipJson.write(this::write);
    }

    /** What {@link #toBytes} returns, streamed to {@code out} instead of held in memory at once. */
    public void writeGzip(OutputStream out) throws IOException {
        GzipJson.gzip(this::write).writeTo(out);
    }

    private void write(Writer w) throws IOException {
        JsonWriter j = new JsonWriter(w);
        j.beginObject();
        j.name("passId").value(passId);
        j.name("startedAt").value(startedAt);
        j.name("invocations").value(invocations);
        j.name("stats").jsonValue(stats.toString());
        j.name("held").beginObject();
        for (Map.Entry<String, JsonElement> e : held.entrySet()) {
            j.name(e.getKey()).jsonValue(e.getValue().toString());
        }
        j.name(CHANGES);
        ChangeRows.write(j, heldChanges);
        j.endObject();
        j.name("done").beginArray();
        for (String d : done) {
            j.value(d);
        }
        j.endArray();
        j.name("pending").beginArray();
        for (Pending p : pending) {
            j.beginArray().value(p.path).value(p.depth).value(p.kind).endArray();
        }
        j.endArray();
        j.endObject();
        j.flush();
    }

    /**
     * Reads the header (id, counters, held changes) now; the done and pending URLs are streamed from {@code gz} when
     * iterated, so resuming a pass of millions of URLs never holds them all as objects.
     */
    public static Checkpoint fromBytes(byte[] gz) throws IOException {
        try (Reader r = GzipJson.reader(gz)) {
            JsonReader j = new JsonReader(r);
            String passId = null;
            long startedAt = 0;
            int invocations = 0;
            JsonObject stats = new JsonObject();
            JsonObject held = new JsonObject();
            long changes = -1;
            int done = 0;
            int pending = 0;
            j.beginObject();
            while (j.hasNext()) {
                switch (j.nextName()) {
                    case "passId": passId = j.nextString(); break;
                    case "startedAt": startedAt = j.nextLong(); break;
                    case "invocations": invocations = j.nextInt(); break;
                    case "stats": stats = JsonParser.parseReader(j).getAsJsonObject(); break;
                    case "held":
                        j.beginObject();
                        while (j.hasNext()) {
                            String name = j.nextName();
                            if (name.equals(CHANGES)) {
                                changes = ChangeRows.read(j, (key, op, path) -> { });
                            } else {
                                held.add(name, JsonParser.parseReader(j));
                            }
                        }
                        j.endObject();
                        break;
                    case "done":
                        j.beginArray();
                        while (j.hasNext()) {
                            j.nextString();
                            done++;
                        }
                        j.endArray();
                        break;
                    case "pending":
                        j.beginArray();
                        while (j.hasNext()) {
                            readPending(j);
                            pending++;
                        }
                        j.endArray();
                        break;
                    default: j.skipValue();
                }
            }
            j.endObject();
            if (passId == null) {
                throw new IOException("checkpoint has no passId");
            }
            return new Checkpoint(passId, startedAt, invocations, stats,
                    new Streamed<>(gz, "done", done, JsonReader::nextString),
                    new Streamed<>(gz, "pending", pending, Checkpoint::readPending), held,
                    changes <= 0 ? ChangeRows.NONE : streamedChanges(gz));
        }
    }

    /** The held changes of a checkpoint's bytes (already validated), read from them each time they are asked for. */
    private static ChangeRows.Source streamedChanges(byte[] gz) {
        return sink -> {
            try (Reader r = GzipJson.reader(gz)) {
                JsonReader j = new JsonReader(r);
                enter(j, "held");
                j.beginObject();
                skipTo(j, CHANGES);
                ChangeRows.read(j, sink);
            }
        };
    }

    /** Moves a reader of a whole checkpoint to the value of its top-level field {@code name} (known to exist). */
    private static void enter(JsonReader j, String name) throws IOException {
        j.beginObject();
        skipTo(j, name);
    }

    private static void skipTo(JsonReader j, String name) throws IOException {
        while (!j.nextName().equals(name)) {
            j.skipValue();
        }
    }

    private static Pending readPending(JsonReader j) throws IOException {
        j.beginArray();
        Pending p = new Pending(j.nextString(), j.nextInt(), j.nextInt());
        j.endArray();
        return p;
    }

    private interface Element<T> {
        T read(JsonReader j) throws IOException;
    }

    /** One array of a checkpoint's JSON, read from its gzip'd bytes each time it is iterated (already validated). */
    private static final class Streamed<T> extends AbstractCollection<T> {
        private final byte[] gz;
        private final String name;
        private final int size;
        private final Element<T> element;

        Streamed(byte[] gz, String name, int size, Element<T> element) {
            this.gz = gz;
            this.name = name;
            this.size = size;
            this.element = element;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Iterator<T> iterator() {
            if (size == 0) {
                return Collections.emptyIterator();
            }
            try {
                Reader r = GzipJson.reader(gz);
                JsonReader j = new JsonReader(r);
                enter(j, name);
                j.beginArray();
                return new Iterator<T>() {
                    private int read;

                    @Override
                    public boolean hasNext() {
                        return read < size;
                    }

                    @Override
                    public T next() {
                        if (read >= size) {
                            throw new NoSuchElementException();
                        }
                        try {
                            T t = element.read(j);
                            if (++read == size) {
                                r.close();
                            }
                            return t;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
