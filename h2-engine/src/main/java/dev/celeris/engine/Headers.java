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

    private String[] names;
    private String[] values;
    private int size;
    private boolean readOnly;

    public Headers() {
        this(8);
    }

    public Headers(int capacity) {
        names = new String[Math.max(capacity, 1)];
        values = new String[names.length];
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
        return names[index];
    }

    public String value(int index) {
        checkIndex(index);
        return values[index];
    }

    /** The first value of {@code name}, or {@code null}. */
    public String get(String name) {
        String key = lower(name);
        for (int i = 0; i < size; i++) {
            if (names[i].equals(key)) return values[i];
        }
        return null;
    }

    /** All values of {@code name} in order; empty when absent. */
    public List<String> getAll(String name) {
        String key = lower(name);
        List<String> all = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equals(key)) {
                if (all == null) all = new ArrayList<>(2);
                all.add(values[i]);
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
        for (int i = 0; i < size; i++) set.add(names[i]);
        return Collections.unmodifiableSet(set);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) action.accept(names[i], values[i]);
    }

    /** Appends a value. */
    public Headers add(String name, String value) {
        checkWritable();
        if (value == null) throw new NullPointerException("value of " + name);
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = lower(name);
        values[size] = value;
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
        for (int i = 0; i < size; i++) {
            if (!names[i].equals(key)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        boolean removed = kept != size;
        Arrays.fill(names, kept, size, null);
        Arrays.fill(values, kept, size, null);
        size = kept;
        return removed;
    }

    public Headers clear() {
        checkWritable();
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        return this;
    }

    /** A writable copy. */
    public Headers copy() {
        Headers copy = new Headers(Math.max(size, 1));
        System.arraycopy(names, 0, copy.names, 0, size);
        System.arraycopy(values, 0, copy.values, 0, size);
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
            sb.append(names[i]).append(": ").append(values[i]);
        }
        return sb.append(']').toString();
    }
}
