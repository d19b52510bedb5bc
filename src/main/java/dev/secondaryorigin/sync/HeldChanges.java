package dev.secondaryorigin.sync;

import dev.secondaryorigin.compact.PackedTable;
import dev.secondaryorigin.state.ChangeRows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The changes a pass holds back until the soft-failure gate has judged them: objects staged for a key
 * (new or replacing the published one) and keys to delete. Thread-safe; one entry per key, the last wins.
 *
 * <p>Packed, for passes that change millions of objects: a {@link PackedTable} from the key's bytes to one byte of
 * operation and flags, followed by the site path only when it is not {@code "/" + key} (a path with escapes, a
 * folder's index page); about 70 bytes a change where an object per change took 230. Saved and read as a stream of
 * rows ({@link ChangeRows}), never as one tree.
 */
public final class HeldChanges implements ChangeRows.Source {
    /** What publishing does at a key. */
    public enum Op {
        /** The key had no published object: publish the staged one (a rollback deletes it again). */
        ADD,
        /** The key had a published object: keep it as the previous version, publish the staged one. */
        REPLACE,
        /** Pruned: keep the published object as the previous version, delete the key. */
        DELETE;

        private static final Op[] BY_CODE = values();

        static Op of(String s) {
            return valueOf(s);
        }
    }

    /** One held change: the key, what to do, and the site path it came from (for warm-up). */
    public static final class Change {
        private final String key;
        private final Op op;
        private final String path;

        public Change(String key, Op op, String path) {
            this.key = key;
            this.op = op;
            this.path = path;
        }

        public String key() {
            return key;
        }

        public Op op() {
            return op;
        }

        public String path() {
            return path;
        }
    }

    private static final int OP_MASK = 0x0f;
    /** The path is {@code "/" + key}, as for most URLs: not stored. */
    private static final int PATH_SLASH_KEY = 0x10;
    /** The path is the key itself (rows of old records without a path): not stored. */
    private static final int PATH_KEY = 0x20;

    private final PackedTable table = new PackedTable();
    private final long[] counts = new long[Op.BY_CODE.length];

    public void add(Change c) {
        byte[] key = c.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = encode(c);
        synchronized (this) {
            byte[] old = table.get(key);
            if (old != null) {
                Op was = opOf(old);
                counts[was.ordinal()]--;
                // A key first added and then written again in the same pass is still an addition.
                if (was == Op.ADD && c.op() == Op.REPLACE) {
                    value[0] = (byte) (value[0] & ~OP_MASK | Op.ADD.ordinal());
                }
            }
            counts[opOf(value).ordinal()]++;
            table.put(key, value);
        }
    }

    /** A change read from a checkpoint or a pass record. */
    public void addRow(String key, String op, String path) {
        add(new Change(key, Op.of(op), path));
    }

    /** Adds the changes a checkpoint (or a pass record) saved. */
    public void restore(ChangeRows.Source rows) throws IOException {
        rows.forEachRow(this::addRow);
    }

    /** The change held for {@code key}, or null when the pass holds none. */
    public Op opFor(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v;
        synchronized (this) {
            v = table.get(k);
        }
        return v == null ? null : opOf(v);
    }

    public synchronized boolean isEmpty() {
        return table.size() == 0;
    }

    public synchronized int size() {
        return table.size();
    }

    public synchronized long count(Op op) {
        return counts[op.ordinal()];
    }

    /**
     * The changes at this moment, sorted by key (by its UTF-8 bytes, i.e. by code point) so publishing, reports and
     * saved files are deterministic. A view: each change is decoded when it is asked for, none is held.
     */
    public List<Change> list() {
        PackedTable.View view;
        synchronized (this) {
            view = table.view();
        }
        return new Sorted(view.sortedByKey());
    }

    @Override
    public void forEachRow(ChangeRows.Sink sink) throws IOException {
        for (Change c : list()) {
            sink.row(c.key(), c.op().name(), c.path());
        }
    }

    private static byte[] encode(Change c) {
        String key = c.key();
        String path = c.path();
        if (path.length() == key.length() + 1 && path.charAt(0) == '/' && path.startsWith(key, 1)) {
            return new byte[]{(byte) (c.op().ordinal() | PATH_SLASH_KEY)};
        }
        if (path.equals(key)) {
            return new byte[]{(byte) (c.op().ordinal() | PATH_KEY)};
        }
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[1 + p.length];
        v[0] = (byte) c.op().ordinal();
        System.arraycopy(p, 0, v, 1, p.length);
        return v;
    }

    private static Op opOf(byte[] value) {
        return Op.BY_CODE[value[0] & OP_MASK];
    }

    private static Change decode(String key, byte[] value) {
        String path;
        if ((value[0] & PATH_SLASH_KEY) != 0) {
            path = "/" + key;
        } else if ((value[0] & PATH_KEY) != 0) {
            path = key;
        } else {
            path = new String(value, 1, value.length - 1, StandardCharsets.UTF_8);
        }
        return new Change(key, opOf(value), path);
    }

    /** The table's entries in key order, decoded one at a time. */
    private final class Sorted extends AbstractList<Change> implements RandomAccess {
        private final PackedTable.View view;

        Sorted(PackedTable.View view) {
            this.view = view;
        }

        @Override
        public Change get(int i) {
            byte[] value;
            // A later add of the same key may rewrite the value in place.
            synchronized (HeldChanges.this) {
                value = view.value(i);
            }
            return decode(new String(view.key(i), StandardCharsets.UTF_8), value);
        }

        @Override
        public int size() {
            return view.size();
        }
    }
}
