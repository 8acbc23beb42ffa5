package dev.celeris.router;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Path parameters captured by a route match, in pattern order. Matching records only offsets
 * into the request path, so a lookup allocates nothing once the arrays have grown; values are
 * cut out and percent-decoded (RFC 3986 §2.1) the first time they are read. A catch-all value
 * ({@code *name}) excludes the slash before it and may be empty.
 *
 * <p>Not thread-safe. An instance may be reused for another lookup after {@link #clear()}.
 */
public final class Params {

    private static final String[] NO_NAMES = new String[0];
    private static final int[] NO_OFFSETS = new int[0];

    private String path;
    private String[] names = NO_NAMES;
    private int[] starts = NO_OFFSETS;
    private int[] ends = NO_OFFSETS;
    private String[] values = NO_NAMES;
    private int size;

    public Params() {
        this(4);
    }

    public Params(int capacity) {
        this.capacity = Math.max(capacity, 1);
    }

    /** Initial capacity; the arrays are allocated by the first parameter (most routes have none). */
    private final int capacity;

    /** Forgets every parameter so the instance can serve another lookup. */
    public void clear() {
        if (size > 0) {
            Arrays.fill(values, 0, size, null);
            size = 0;
        }
        path = null;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String name(int index) {
        check(index);
        return names[index];
    }

    /** The decoded value at {@code index}. */
    public String value(int index) {
        check(index);
        String v = values[index];
        if (v == null) {
            v = PercentDecoder.decodePath(path, starts[index], ends[index]);
            values[index] = v;
        }
        return v;
    }

    /** The decoded value of {@code name}, or {@code null} if the route has no such parameter. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) return value(i);
        }
        return null;
    }

    /** A copy as an ordered map. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) map.put(names[i], value(i));
        return Collections.unmodifiableMap(map);
    }

    // --- used by the tree during lookup -------------------------------------------------

    int mark() {
        return size;
    }

    void reset(int mark) {
        size = mark;
    }

    void push(String source, int start, int end) {
        if (size == names.length) {
            int n = size == 0 ? capacity : size * 2;
            names = Arrays.copyOf(names, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            values = Arrays.copyOf(values, n);
        }
        path = source;
        starts[size] = start;
        ends[size] = end;
        values[size] = null;
        size++;
    }

    /** Names the recorded values once the matched route is known ({@code names.length == size}). */
    void names(String[] routeNames) {
        System.arraycopy(routeNames, 0, names, 0, size);
    }

    private void check(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(names[i]).append('=').append(value(i));
        }
        return sb.append('}').toString();
    }
}
