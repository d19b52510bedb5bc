package dev.secondaryorigin.state;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The unfinished part of a pass: which URLs are done, which are still to fetch (with depth and kind),
 * and the counters so far. The next invocation resumes from it.
 */
public final class Checkpoint {
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
    private final List<String> done;
    private final List<Pending> pending;
    private final JsonObject held;

    public Checkpoint(String passId, long startedAt, int invocations, JsonObject stats, List<String> done,
                      List<Pending> pending) {
        this(passId, startedAt, invocations, stats, done, pending, new JsonObject());
    }

    /**
     * {@code held}: what the pass holds back until it is judged (whether it stages, the staged changes, the
     * gate's counters), opaque to the state layer.
     */
    public Checkpoint(String passId, long startedAt, int invocations, JsonObject stats, List<String> done,
                      List<Pending> pending, JsonObject held) {
        this.held = held == null ? new JsonObject() : held;
        this.passId = passId;
        this.startedAt = startedAt;
        this.invocations = invocations;
        this.stats = stats;
        this.done = Collections.unmodifiableList(done);
        this.pending = Collections.unmodifiableList(pending);
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

    public List<String> done() {
        return done;
    }

    public List<Pending> pending() {
        return pending;
    }

    public JsonObject held() {
        return held;
    }

    public byte[] toBytes() throws IOException {
        return GzipJson.write(w -> {
            JsonWriter j = new JsonWriter(w);
            j.beginObject();
            j.name("passId").value(passId);
            j.name("startedAt").value(startedAt);
            j.name("invocations").value(invocations);
            j.name("stats").jsonValue(stats.toString());
            j.name("held").jsonValue(held.toString());
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
        });
    }

    public static Checkpoint fromBytes(byte[] gz) throws IOException {
        try (Reader r = GzipJson.reader(gz)) {
            JsonReader j = new JsonReader(r);
            String passId = null;
            long startedAt = 0;
            int invocations = 0;
            JsonObject stats = new JsonObject();
            JsonObject held = new JsonObject();
            List<String> done = new ArrayList<>();
            List<Pending> pending = new ArrayList<>();
            j.beginObject();
            while (j.hasNext()) {
                switch (j.nextName()) {
                    case "passId": passId = j.nextString(); break;
                    case "startedAt": startedAt = j.nextLong(); break;
                    case "invocations": invocations = j.nextInt(); break;
                    case "stats": stats = JsonParser.parseReader(j).getAsJsonObject(); break;
                    case "held": held = JsonParser.parseReader(j).getAsJsonObject(); break;
                    case "done":
                        j.beginArray();
                        while (j.hasNext()) {
                            done.add(j.nextString());
                        }
                        j.endArray();
                        break;
                    case "pending":
                        j.beginArray();
                        while (j.hasNext()) {
                            j.beginArray();
                            pending.add(new Pending(j.nextString(), j.nextInt(), j.nextInt()));
                            j.endArray();
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
            return new Checkpoint(passId, startedAt, invocations, stats, done, pending, held);
        }
    }
}
