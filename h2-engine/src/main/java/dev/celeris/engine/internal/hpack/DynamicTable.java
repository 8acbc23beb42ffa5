package dev.celeris.engine.internal.hpack;

/**
 * The decoder's dynamic table (RFC 7541 §2.3.2, §4): a ring buffer of (name, value), newest
 * first. Sizes are counted in octets; the decoder's strings are ISO-8859-1, one char per octet.
 */
final class DynamicTable {

    /** SPEC: RFC 7541 §4.1: an entry's size is its name and value lengths plus 32. */
    static final int ENTRY_OVERHEAD = 32;

    private static final String[] NONE = new String[0];

    /** Empty until the first entry: an idle connection's decoder holds no table. */
    private String[] names = NONE;
    private String[] values = NONE;
    private int first;   // ring position of the oldest entry
    private int count;
    private long size;
    private long capacity;

    DynamicTable(long capacity) {
        this.capacity = capacity;
    }

    int length() {
        return count;
    }

    long size() {
        return size;
    }

    long capacity() {
        return capacity;
    }

    /** Name of the entry at dynamic index {@code i} (1 = newest); the caller checks the range. */
    String name(int i) {
        return names[(first + count - i) & (names.length - 1)];
    }

    String value(int i) {
        return values[(first + count - i) & (names.length - 1)];
    }

    /** SPEC: RFC 7541 §4.3: evicts entries until the table fits {@code newCapacity}. */
    void setCapacity(long newCapacity) {
        capacity = newCapacity;
        evictTo(newCapacity);
    }

    /**
     * SPEC: RFC 7541 §4.4: evicts the oldest entries until the new one fits, then adds it; an
     * entry larger than the capacity empties the table and is not added.
     */
    void add(String name, String value) {
        long entrySize = (long) name.length() + value.length() + ENTRY_OVERHEAD;
        if (entrySize > capacity) {
            clear();
            return;
        }
        evictTo(capacity - entrySize);
        if (count == names.length) grow();
        int pos = (first + count) & (names.length - 1);
        names[pos] = name;
        values[pos] = value;
        count++;
        size += entrySize;
    }

    /** Adding an entry of this size empties the table: the decoder need not build its strings. */
    boolean wouldClear(long entrySize) {
        return entrySize > capacity;
    }

    void clear() {
        while (count > 0) evictOldest();
    }

    private void evictTo(long target) {
        while (size > target) evictOldest();
    }

    private void evictOldest() {
        int pos = first;
        size -= (long) names[pos].length() + values[pos].length() + ENTRY_OVERHEAD;
        names[pos] = null;
        values[pos] = null;
        first = (first + 1) & (names.length - 1);
        count--;
    }

    private void grow() {
        int n = names.length;
        String[] newNames = new String[n == 0 ? 16 : n * 2];
        String[] newValues = new String[newNames.length];
        for (int i = 0; i < count; i++) {
            newNames[i] = names[(first + i) & (n - 1)];
            newValues[i] = values[(first + i) & (n - 1)];
        }
        names = newNames;
        values = newValues;
        first = 0;
    }
}
