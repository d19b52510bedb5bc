package dev.secondaryorigin.testing.oss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every request the emulator answered, as {@code "PUT bucket/key?uploads 200"} lines, for assertions. */
public final class RequestLog {
    /** One answered request. Immutable. */
    public static final class Entry {
        private final String method;
        private final String bucket;
        private final String key;
        private final String query;
        private final boolean anonymous;
        private final int status;
        private final String copySource;

        Entry(String method, String bucket, String key, String query, boolean anonymous, int status, String copySource) {
            this.method = method;
            this.bucket = bucket;
            this.key = key;
            this.query = query;
            this.anonymous = anonymous;
            this.status = status;
            this.copySource = copySource;
        }

        public String method() {
            return method;
        }

        public String bucket() {
            return bucket;
        }

        public String key() {
            return key;
        }

        /** The raw query string, or "" when none. */
        public String query() {
            return query;
        }

        public boolean anonymous() {
            return anonymous;
        }

        /** The status answered; 0 when the connection was dropped. */
        public int status() {
            return status;
        }

        /** For a CopyObject or UploadPartCopy, the {@code x-oss-copy-source} header as sent; else null. */
        public String copySource() {
            return copySource;
        }

        @Override
        public String toString() {
            return method + " " + bucket + "/" + key + (query.isEmpty() ? "" : "?" + query) + " " + status
                    + (anonymous ? " anonymous" : "") + (copySource == null ? "" : " copy of " + copySource);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry e) {
        entries.add(e);
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public synchronized long count(Predicate<Entry> p) {
        return entries.stream().filter(p).count();
    }

    /** Object PUTs (simple or part) that succeeded and carried bytes: copies are not counted. */
    public long successfulPuts() {
        return count(e -> e.method.equals("PUT") && !e.key.isEmpty() && e.status == 200 && e.copySource == null);
    }

    /** CopyObject and UploadPartCopy requests that succeeded. */
    public long successfulCopies() {
        return count(e -> e.method.equals("PUT") && e.status == 200 && e.copySource != null);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
