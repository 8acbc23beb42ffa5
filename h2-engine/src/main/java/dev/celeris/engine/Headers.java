package dev.celeris.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered, multi-valued header list. Names are stored in lower case (HTTP/2 requires it,
 * RFC 9113 §8.2; HTTP/1.1 names are case-insensitive), so lookups are exact and cheap.
 * Not thread-safe; a read-only instance throws on mutation.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(0).readOnly();

    private static final String[] NONE = new String[0];
    /** Names and values interleaved: name {@code i} at {@code 2i}, its value at {@code 2i + 1}. */
    private String[] fields;
    private int size;
    private boolean readOnly;

    /** Empty headers; the storage is allocated by the first {@link #add} (room for four fields). */
    public Headers() {
        fields = NONE;
    }

    public Headers(int capacity) {
        fields = new String[2 * Math.max(capacity, 1)];
    }

    /** An empty, read-only instance. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Builds headers from name/value pairs: {@code Headers.of("a", "1", "b", "2")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("need name/value pairs");
        Headers headers = new Headers(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) headers.add(namesAndValues[i], namesAndValues[i + 1]);
        return headers;
    }

    /** Makes this instance read-only and returns it. */
    public Headers readOnly() {
        readOnly = true;
        return this;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The name at {@code index} (lower case). */
    public String name(int index) {
        checkIndex(index);
        return fields[2 * index];
    }

    public String value(int index) {
        checkIndex(index);
        return fields[2 * index + 1];
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        String key = lower(name);
        for (int i = 0, n = 2 * size; i < n; i += 2) {
            if (fields[i].equals(key)) return fields[i + 1];
        }
        return null;
    }

    /** All values of {@code name} in order; empty when absent. */
    public List<String> getAll(String name) {
        String key = lower(name);
        List<String> all = null;
        for (int i = 0, n = 2 * size; i < n; i += 2) {
            if (fields[i].equals(key)) {
                if (all == null) all = new ArrayList<>(2);
                all.add(fields[i + 1]);
            }
        }
        return all == null ? List.of() : Collections.unmodifiableList(all);
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Distinct names in first-seen order. */
    public Set<String> names() {
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0, n = 2 * size; i < n; i += 2) set.add(fields[i]);
        return Collections.unmodifiableSet(set);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0, n = 2 * size; i < n; i += 2) action.accept(fields[i], fields[i + 1]);
    }

    /** Appends a value. */
    public Headers add(String name, String value) {
        checkWritable();
        if (value == null) throw new NullPointerException("value of " + name);
        int at = 2 * size;
        if (at == fields.length) fields = Arrays.copyOf(fields, Math.max(8, at * 2));
        fields[at] = lower(name);
        fields[at + 1] = value;
        size++;
        return this;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every value of {@code name}; returns whether any was removed. */
    public boolean remove(String name) {
        checkWritable();
        String key = lower(name);
        int kept = 0;
        for (int i = 0, n = 2 * size; i < n; i += 2) {
            if (!fields[i].equals(key)) {
                fields[kept] = fields[i];
                fields[kept + 1] = fields[i + 1];
                kept += 2;
            }
        }
        boolean removed = kept != 2 * size;
        Arrays.fill(fields, kept, 2 * size, null);
        size = kept / 2;
        return removed;
    }

    public Headers clear() {
        checkWritable();
        Arrays.fill(fields, 0, 2 * size, null);
        size = 0;
        return this;
    }

    /** A writable copy. */
    public Headers copy() {
        Headers copy = new Headers(Math.max(size, 1));
        System.arraycopy(fields, 0, copy.fields, 0, 2 * size);
        copy.size = size;
        return copy;
    }

    private void checkWritable() {
        if (readOnly) throw new UnsupportedOperationException("headers are read-only");
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
    }

    private static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') return name.toLowerCase(Locale.ROOT);
        }
        return name;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(fields[2 * i]).append(": ").append(fields[2 * i + 1]);
        }
        return sb.append(']').toString();
    }
}
