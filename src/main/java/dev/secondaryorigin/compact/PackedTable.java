package dev.secondaryorigin.compact;

import java.util.Arrays;

/**
 * A hash map from byte-string keys to byte-string values that holds millions of entries in a few large arrays instead
 * of millions of objects: records ({@code keyLength, capacity, valueLength, key, value}) are appended to 256 KiB pages,
 * and an open-addressing table of longs (20 bits of the key's hash beside the record's address) finds them. A value
 * rewritten with no more bytes than its record's capacity is updated in place; a longer one is appended and the old
 * record counted as dead, and when the dead bytes outweigh the live ones the live records are copied to fresh pages.
 *
 * <p>Not thread-safe: the owner locks. {@link #view} hands out a snapshot that stays readable after later changes
 * (keys and values never move within a page; compaction copies records to fresh pages). A record whose key was removed,
 * or whose value moved to a longer record or to a fresh page, is marked superseded in place (its capacity, always a
 * multiple of four, gets its low bit set), so a view tells a current value from an old one without a lookup.
 */
public final class PackedTable {
    /**
     * 256 KiB pages: below half of G1's smallest region (1 MiB), so no page is a humongous object that takes a whole
     * region (or two) for itself; 1 MiB pages took twice their size on a small heap.
     */
    static final int PAGE_BITS = 18;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final long TOMBSTONE = -1L;
    private static final int TAG_SHIFT = 44;
    private static final long ADDRESS_MASK = (1L << TAG_SHIFT) - 1;

    private byte[][] pages = new byte[8][];
    private int pageCount;
    private int writePos = PAGE_SIZE;
    private long[] slots;
    private int size;
    private int tombstones;
    private long liveBytes;
    private long deadBytes;
    /**
     * Mixed into every key's hash, different for each table: a table filled in another table's listing order (the
     * frontier from the manifest, a checkpoint's lists) would otherwise receive its keys sorted by their slots, and
     * linear probing would pile them into runs as long as the table (70 000 slots at 300 000 keys; at 5 M URLs,
     * seeding a pass took minutes). Fixed per table, so a run's layout is repeatable.
     */
    private final long seed = SEEDS.getAndAdd(0x9E3779B97F4A7C15L);
    private static final java.util.concurrent.atomic.AtomicLong SEEDS = new java.util.concurrent.atomic.AtomicLong(
            0x2545F4914F6CDD1DL);

    public PackedTable() {
        this(16);
    }

    public PackedTable(int expected) {
        int cap = 16;
        while (cap * 0.7 < expected) {
            cap <<= 1;
        }
        slots = new long[cap];
    }

    public int size() {
        return size;
    }

    /** Bytes the table holds on the heap (pages and slots), for reports. */
    public long heapBytes() {
        long b = (long) slots.length * 8;
        for (int i = 0; i < pageCount; i++) {
            b += pages[i].length;
        }
        return b;
    }

    public boolean containsKey(byte[] key) {
        return find(key, hash(key)) >= 0;
    }

    /** A copy of the value stored for {@code key}, or null. */
    public byte[] get(byte[] key) {
        int slot = find(key, hash(key));
        return slot < 0 ? null : value(pages, address(slots[slot]));
    }

    /** Stores {@code value} for {@code key}; true when the key was new. */
    public boolean put(byte[] key, byte[] value) {
        long h = hash(key);
        int slot = find(key, h);
        if (slot >= 0) {
            replace(slot, key, value);
            return false;
        }
        insert(h, key, value);
        return true;
    }

    /** Stores {@code value} only when {@code key} is absent; true when it was stored. */
    public boolean putIfAbsent(byte[] key, byte[] value) {
        long h = hash(key);
        if (find(key, h) >= 0) {
            return false;
        }
        insert(h, key, value);
        return true;
    }

    public boolean remove(byte[] key) {
        int slot = find(key, hash(key));
        if (slot < 0) {
            return false;
        }
        long a = address(slots[slot]);
        int len = recordLength(pages, a);
        liveBytes -= len;
        deadBytes += len;
        markSuperseded(pages, a);
        slots[slot] = TOMBSTONE;
        size--;
        tombstones++;
        return true;
    }

    /** The live entries at this moment, readable while the table changes later. */
    public View view() {
        long[] addresses = new long[size];
        int n = 0;
        for (long s : slots) {
            if (s != 0 && s != TOMBSTONE) {
                addresses[n++] = address(s);
            }
        }
        return new View(pages, addresses);
    }

    /** A snapshot of the table's entries by address; keys (and values as they were, or as rewritten in place). */
    public static final class View {
        private final byte[][] pages;
        private final long[] addresses;

        View(byte[][] pages, long[] addresses) {
            this.pages = pages;
            this.addresses = addresses;
        }

        public int size() {
            return addresses.length;
        }

        public byte[] key(int i) {
            return PackedTable.key(pages, addresses[i]);
        }

        /** The value as it was, or as rewritten in place since. */
        public byte[] value(int i) {
            return PackedTable.value(pages, addresses[i]);
        }

        /**
         * The entry's value now, or null when its record was superseded since the view was taken (the key removed, or
         * its value moved): then only a lookup by key tells. The owner's lock must be held, as for any change.
         */
        public byte[] currentValue(int i) {
            return superseded(pages, addresses[i]) ? null : PackedTable.value(pages, addresses[i]);
        }

        /**
         * Orders the entries by their keys' bytes (unsigned), e.g. for a deterministic file. The addresses are first
         * put in the order the records were appended: a table loaded from a sorted file is then sorted already but
         * for what was added since, and the merge sort, which skips the merge of two halves already in order, does
         * little more than one comparison per entry. In the table's slot order every comparison was a cache miss.
         */
        public View sortedByKey() {
            long[] sorted = addresses.clone();
            Arrays.sort(sorted);
            mergeSort(sorted, new long[sorted.length], 0, sorted.length);
            return new View(pages, sorted);
        }

        /** A merge sort of addresses by their keys: no boxing of a million longs. */
        private void mergeSort(long[] a, long[] tmp, int from, int to) {
            if (to - from < 2) {
                return;
            }
            int mid = (from + to) >>> 1;
            mergeSort(a, tmp, from, mid);
            mergeSort(a, tmp, mid, to);
            if (compareKeys(a[mid - 1], a[mid]) <= 0) {
                return;
            }
            System.arraycopy(a, from, tmp, from, to - from);
            int i = from, j = mid;
            for (int k = from; k < to; k++) {
                a[k] = j >= to || i < mid && compareKeys(tmp[i], tmp[j]) <= 0 ? tmp[i++] : tmp[j++];
            }
        }

        private int compareKeys(long a, long b) {
            byte[] pa = pages[page(a)];
            byte[] pb = pages[page(b)];
            int ia = pos(a), ib = pos(b);
            int la = readVarint(pa, ia), lb = readVarint(pb, ib);
            ia = keyStart(pa, ia);
            ib = keyStart(pb, ib);
            // Vectorised by the JIT: keys of one site share long prefixes, and a loop over their bytes took most
            // of a million-key sort.
            return Arrays.compareUnsigned(pa, ia, ia + la, pb, ib, ib + lb);
        }
    }

    // ------------------------------------------------------------------ records

    private static int page(long address) {
        return (int) (address >>> PAGE_BITS);
    }

    private static int pos(long address) {
        return (int) (address & (PAGE_SIZE - 1));
    }

    private static long address(long slot) {
        return (slot & ADDRESS_MASK) - 1;
    }

    /** Where the key starts in a record at {@code p}: after the key length, capacity and value length varints. */
    private static int keyStart(byte[] page, int p) {
        p = skipVarint(page, p);
        p = skipVarint(page, p);
        return skipVarint(page, p);
    }

    private static byte[] key(byte[][] pages, long a) {
        byte[] page = pages[page(a)];
        int p = pos(a);
        int len = readVarint(page, p);
        int k = keyStart(page, p);
        return Arrays.copyOfRange(page, k, k + len);
    }

    private static byte[] value(byte[][] pages, long a) {
        byte[] page = pages[page(a)];
        int p = pos(a);
        int keyLen = readVarint(page, p);
        p = skipVarint(page, p);
        p = skipVarint(page, p);
        int valLen = readVarint(page, p);
        int v = skipVarint(page, p) + keyLen;
        return Arrays.copyOfRange(page, v, v + valLen);
    }

    /** Sets the low bit of the record's capacity: same varint width, as the capacity is a multiple of four. */
    private static void markSuperseded(byte[][] pages, long a) {
        byte[] page = pages[page(a)];
        int q = skipVarint(page, pos(a));
        page[q] |= 1;
    }

    private static boolean superseded(byte[][] pages, long a) {
        byte[] page = pages[page(a)];
        return (page[skipVarint(page, pos(a))] & 1) != 0;
    }

    private static int recordLength(byte[][] pages, long a) {
        byte[] page = pages[page(a)];
        int p = pos(a);
        int keyLen = readVarint(page, p);
        p = skipVarint(page, p);
        int cap = readVarint(page, p);
        p = skipVarint(page, p);
        return skipVarint(page, p) - pos(a) + keyLen + cap;
    }

    private static boolean keyEquals(byte[] page, int p, byte[] key) {
        if (readVarint(page, p) != key.length) {
            return false;
        }
        int k = keyStart(page, p);
        for (int i = 0; i < key.length; i++) {
            if (page[k + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private void replace(int slot, byte[] key, byte[] value) {
        long a = address(slots[slot]);
        byte[] page = pages[page(a)];
        int p = pos(a);
        int q = skipVarint(page, p);
        int cap = readVarint(page, q);
        if (value.length <= cap) {
            q = skipVarint(page, q);
            int lenWidth = skipVarint(page, q) - q;
            writeVarint(page, q, value.length, lenWidth);
            System.arraycopy(value, 0, page, q + lenWidth + key.length, value.length);
            return;
        }
        int old = recordLength(pages, a);
        liveBytes -= old;
        deadBytes += old;
        markSuperseded(pages, a);
        long tag = slots[slot] & ~ADDRESS_MASK;
        slots[slot] = tag | (append(key, value) + 1);
        if (deadBytes > liveBytes && deadBytes > PAGE_SIZE) {
            compact();
        }
    }

    private void insert(long h, byte[] key, byte[] value) {
        if ((size + tombstones + 1) > slots.length * 0.7) {
            rehash(size + 1 > slots.length * 0.35 ? slots.length * 2 : slots.length);
        }
        long a = append(key, value);
        place(slots, h, a);
        size++;
    }

    private static void place(long[] table, long h, long address) {
        int mask = table.length - 1;
        int i = (int) h & mask;
        while (table[i] != 0 && table[i] != TOMBSTONE) {
            i = (i + 1) & mask;
        }
        table[i] = ((h >>> TAG_SHIFT) << TAG_SHIFT) | (address + 1);
    }

    private int find(byte[] key, long h) {
        int mask = slots.length - 1;
        long tag = (h >>> TAG_SHIFT) << TAG_SHIFT;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (s != TOMBSTONE && (s & ~ADDRESS_MASK) == tag) {
                long a = address(s);
                if (keyEquals(pages[page(a)], pos(a), key)) {
                    return i;
                }
            }
        }
    }

    /** The longest run of occupied slots (tombstones included): how far a lookup may have to probe. For tests. */
    int longestRun() {
        int longest = 0;
        int run = 0;
        for (int pass = 0; pass < 2; pass++) { // a run may wrap around the end of the table
            for (long s : slots) {
                run = s == 0 ? 0 : run + 1;
                longest = Math.max(longest, Math.min(run, slots.length));
            }
        }
        return longest;
    }

    private void rehash(int capacity) {
        long[] table = new long[capacity];
        for (long s : slots) {
            if (s != 0 && s != TOMBSTONE) {
                long a = address(s);
                place(table, hash(key(pages, a)), a);
            }
        }
        slots = table;
        tombstones = 0;
        if (deadBytes > liveBytes && deadBytes > PAGE_SIZE) {
            compact();
        }
    }

    /** Copies the live records to fresh pages; the old pages stay as they are for views that hold them. */
    private void compact() {
        byte[][] old = pages;
        pages = new byte[8][];
        pageCount = 0;
        writePos = PAGE_SIZE;
        liveBytes = 0;
        deadBytes = 0;
        for (int i = 0; i < slots.length; i++) {
            long s = slots[i];
            if (s != 0 && s != TOMBSTONE) {
                long a = address(s);
                long moved = append(key(old, a), value(old, a));
                markSuperseded(old, a);
                slots[i] = (s & ~ADDRESS_MASK) | (moved + 1);
            }
        }
    }

    /** Appends a record with a little spare capacity (values often come back a byte or two longer). */
    private long append(byte[] key, byte[] value) {
        int cap = (value.length + 3) & ~3;
        int capWidth = varintWidth(cap);
        int len = varintWidth(key.length) + capWidth + capWidth + key.length + cap;
        if (writePos + len > PAGE_SIZE) {
            newPage(Math.max(PAGE_SIZE, len));
        }
        byte[] page = pages[pageCount - 1];
        int p = writePos;
        p = writeVarint(page, p, key.length, varintWidth(key.length));
        p = writeVarint(page, p, cap, capWidth);
        p = writeVarint(page, p, value.length, capWidth);
        System.arraycopy(key, 0, page, p, key.length);
        System.arraycopy(value, 0, page, p + key.length, value.length);
        long address = ((long) (pageCount - 1) << PAGE_BITS) | writePos;
        writePos += len;
        liveBytes += len;
        return address;
    }

    private void newPage(int bytes) {
        if (pageCount == pages.length) {
            // A copy, not a resize in place: views keep the array they were given.
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        if ((long) pageCount + 1 >= (1L << (TAG_SHIFT - PAGE_BITS))) {
            throw new IllegalStateException("packed table full");
        }
        pages[pageCount++] = new byte[bytes];
        writePos = 0;
    }

    // ------------------------------------------------------------------ varints and hashing

    static int varintWidth(int v) {
        int w = 1;
        while ((v >>>= 7) != 0) {
            w++;
        }
        return w;
    }

    /** Writes {@code v} in exactly {@code width} bytes (a longer form than needed where width says so). */
    static int writeVarint(byte[] b, int p, int v, int width) {
        for (int i = 0; i < width - 1; i++) {
            b[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) (v & 0x7f);
        return p;
    }

    static int readVarint(byte[] b, int p) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[p++];
            v |= (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    static int skipVarint(byte[] b, int p) {
        while (b[p++] < 0) {
            // continuation bytes
        }
        return p;
    }

    /**
     * FNV-1a over the bytes, the table's seed, then a 64-bit finalizer so the low bits (the slot) and high bits (the
     * tag) both mix.
     */
    private long hash(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= seed;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
