package dev.secondaryorigin.compact;

import java.util.ArrayDeque;

/**
 * A FIFO of byte strings packed into 64 KiB chunks, freed as they are read: a million queued URLs cost their bytes
 * and a little more, not a million objects. Not thread-safe: the owner locks.
 */
public final class ByteQueue {
    static final int CHUNK = 1 << 16;

    private static final class Chunk {
        final byte[] bytes;
        int used;

        Chunk(int size) {
            bytes = new byte[size];
        }
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int readPos;
    private long count;

    public void add(byte[] item) {
        int len = PackedTable.varintWidth(item.length) + item.length;
        Chunk tail = chunks.peekLast();
        if (tail == null || tail.used + len > tail.bytes.length) {
            tail = new Chunk(Math.max(CHUNK, len));
            chunks.addLast(tail);
        }
        int p = PackedTable.writeVarint(tail.bytes, tail.used, item.length, PackedTable.varintWidth(item.length));
        System.arraycopy(item, 0, tail.bytes, p, item.length);
        tail.used = p + item.length;
        count++;
    }

    /** The oldest item, or null when empty. */
    public byte[] poll() {
        Chunk head = chunks.peekFirst();
        if (head == null) {
            return null;
        }
        int len = PackedTable.readVarint(head.bytes, readPos);
        int p = PackedTable.skipVarint(head.bytes, readPos);
        byte[] item = java.util.Arrays.copyOfRange(head.bytes, p, p + len);
        readPos = p + len;
        if (readPos >= head.used) {
            chunks.pollFirst();
            readPos = 0;
        }
        count--;
        return item;
    }

    public long size() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
