package dev.secondaryorigin.state;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;

/**
 * The held changes of a pass as state files keep them (a checkpoint's {@code held.changes}, a pass record's
 * {@code changes.json.gz}): a JSON array of rows {@code [key, op, path]}, streamed row by row in both directions, so
 * a pass of a million changes never has them as one tree or one string. The format is the one every earlier
 * version wrote; a row without a path (older still) takes the key as its path.
 */
public final class ChangeRows {
    private ChangeRows() {
    }

    /** Takes rows as they are read. */
    public interface Sink {
        void row(String key, String op, String path) throws IOException;
    }

    /** Hands its rows, in the order they are to be written, to a sink. */
    public interface Source {
        void forEachRow(Sink sink) throws IOException;
    }

    /** No rows. */
    public static final Source NONE = sink -> {
    };

    static void write(JsonWriter j, Source rows) throws IOException {
        j.beginArray();
        rows.forEachRow((key, op, path) -> j.beginArray().value(key).value(op).value(path).endArray());
        j.endArray();
    }

    /** Reads the array at {@code j}'s position; returns how many rows it had. A damaged array is an IOException. */
    static long read(JsonReader j, Sink sink) throws IOException {
        try {
            long n = 0;
            j.beginArray();
            while (j.hasNext()) {
                j.beginArray();
                String key = j.nextString();
                String op = j.nextString();
                String path = key;
                if (j.hasNext()) {
                    path = j.nextString();
                }
                while (j.hasNext()) {
                    j.skipValue(); // a field of a future version
                }
                j.endArray();
                sink.row(key, op, path);
                n++;
            }
            j.endArray();
            return n;
        } catch (IllegalStateException e) {
            throw new IOException("a damaged list of changes at " + j.getPath() + ": " + e.getMessage(), e);
        }
    }
}
