package dev.celeris.engine.internal.hpack;

/**
 * The encoder's dynamic table (RFC 7541 §2.3.2): a ring of entries in insertion order for
 * eviction, plus hash chains keyed by name for lookups. An entry's HPACK index follows from its
 * insertion sequence number: the newest is index 62.
 */
final class EncoderTable {

    private static final class Entry {
        final String name;
        final String value;
        final int nameHash;
        final long seq;
        final int size;
        Entry next; // hash chain

        Entry(String name, String value, int nameHash, long seq, int size) {
            this.name = name;
            this.value = value;
            this.nameHash = nameHash;
            this.seq = seq;
            this.size = size;
        }
    }

    private static final int MIN_BUCKETS = 64;      // a 4096-octet table holds at most 128 entries
    private static final int MAX_BUCKETS = 1 << 16;

    /** Hash chains by name; power-of-two length, at least half the most entries the table can hold. */
    private static final Entry[] NONE = new Entry[0];

    /** Both arrays stay empty until the first entry: an idle connection's encoder holds no table. */
    private Entry[] buckets = NONE;
    private Entry[] ring = NONE;
    private int first;
    private int count;
    private long added; // entries ever added: the next entry's seq
    private long size;
    private long capacity;

    EncoderTable(long capacity) {
        this.capacity = capacity;
    }

    private static int bucketsFor(long capacity) {
        long entries = capacity / DynamicTable.ENTRY_OVERHEAD;
        int n = MIN_BUCKETS;
        while (n < MAX_BUCKETS && n * 2L < entries) n <<= 1;
        return n;
    }

    long capacity() {
        return capacity;
    }

    long size() {
        return size;
    }

    int length() {
        return count;
    }

    void setCapacity(long newCapacity) {
        capacity = newCapacity;
        while (size > newCapacity) evictOldest();
        int n = bucketsFor(newCapacity);
        if (buckets.length > 0 && n > buckets.length) rehash(n);
    }

    /** Rebuilds the chains, oldest entry first so each chain stays newest first. */
    private void rehash(int n) {
        buckets = new Entry[n];
        for (int i = 0; i < count; i++) {
            Entry e = ring[(first + i) & (ring.length - 1)];
            int b = e.nameHash & (n - 1);
            e.next = buckets[b];
            buckets[b] = e;
        }
    }

    /**
     * The HPACK index of an entry with this name and value (a positive number), else the negated
     * index of the newest entry with this name, else 0.
     */
    int find(String name, String value) {
        if (count == 0) return 0;
        int h = name.hashCode();
        int nameMatch = 0;
        for (Entry e = buckets[h & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.nameHash == h && (e.name == name || e.name.equals(name))) {
                int index = index(e);
                if (e.value == value || e.value.equals(value)) return index;
                if (nameMatch == 0) nameMatch = -index;
            }
        }
        return nameMatch;
    }

    /** The index of the newest entry named {@code name}, or 0. */
    int findName(String name) {
        if (count == 0) return 0;
        int h = name.hashCode();
        for (Entry e = buckets[h & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.nameHash == h && (e.name == name || e.name.equals(name))) return index(e);
        }
        return 0;
    }

    private int index(Entry e) {
        return (int) (added - e.seq) + StaticTable.LENGTH;
    }

    /** SPEC: RFC 7541 §4.4: as the decoder does: evict until it fits; too large empties the table. */
    void add(String name, String value, int entrySize) {
        if (entrySize > capacity) {
            while (count > 0) evictOldest();
            return;
        }
        while (size + entrySize > capacity) evictOldest();
        if (buckets.length == 0) {
            buckets = new Entry[bucketsFor(capacity)];
            ring = new Entry[16];
        }
        int h = name.hashCode();
        Entry e = new Entry(name, value, h, added++, entrySize);
        int b = h & (buckets.length - 1);
        e.next = buckets[b]; // newest first in its chain
        buckets[b] = e;
        if (count == ring.length) grow();
        ring[(first + count) & (ring.length - 1)] = e;
        count++;
        size += entrySize;
    }

    private void evictOldest() {
        Entry e = ring[first];
        ring[first] = null;
        first = (first + 1) & (ring.length - 1);
        count--;
        size -= e.size;
        int b = e.nameHash & (buckets.length - 1);
        Entry prev = null;
        for (Entry c = buckets[b]; c != null; prev = c, c = c.next) {
            if (c == e) {
                if (prev == null) buckets[b] = c.next;
                else prev.next = c.next;
                break;
            }
        }
    }

    private void grow() {
        Entry[] bigger = new Entry[ring.length * 2];
        for (int i = 0; i < count; i++) bigger[i] = ring[(first + i) & (ring.length - 1)];
        ring = bigger;
        first = 0;
    }
}
