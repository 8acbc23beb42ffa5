package dev.celeris.engine.internal.h2.frame;

import java.util.Arrays;

/**
 * The parameters of one SETTINGS frame in wire order (RFC 9113 §6.5.1): identifier/value
 * pairs. Unknown identifiers are kept so a listener can ignore them (§6.5.2).
 */
public final class Settings {

    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;
    public static final int NO_RFC7540_PRIORITIES = 0x9;

    private static final Settings EMPTY = new Settings(new int[0], new long[0], 0);

    private int[] ids;
    private long[] values;
    private int size;

    public Settings() {
        this(new int[6], new long[6], 0);
    }

    private Settings(int[] ids, long[] values, int size) {
        this.ids = ids;
        this.values = values;
        this.size = size;
    }

    public static Settings empty() {
        return EMPTY;
    }

    /** Appends a parameter; values are unsigned 32-bit. */
    public Settings add(int id, long value) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.max(4, size * 2));
            values = Arrays.copyOf(values, ids.length);
        }
        ids[size] = id;
        values[size] = value;
        size++;
        return this;
    }

    public int size() {
        return size;
    }

    public int id(int index) {
        return ids[index];
    }

    public long value(int index) {
        return values[index];
    }

    /** The last value given for {@code id} (later ones win, §6.5.3), or {@code defaultValue}. */
    public long get(int id, long defaultValue) {
        for (int i = size - 1; i >= 0; i--) {
            if (ids[i] == id) return values[i];
        }
        return defaultValue;
    }

    public static String name(int id) {
        return switch (id) {
            case HEADER_TABLE_SIZE -> "HEADER_TABLE_SIZE";
            case ENABLE_PUSH -> "ENABLE_PUSH";
            case MAX_CONCURRENT_STREAMS -> "MAX_CONCURRENT_STREAMS";
            case INITIAL_WINDOW_SIZE -> "INITIAL_WINDOW_SIZE";
            case MAX_FRAME_SIZE -> "MAX_FRAME_SIZE";
            case MAX_HEADER_LIST_SIZE -> "MAX_HEADER_LIST_SIZE";
            case ENABLE_CONNECT_PROTOCOL -> "ENABLE_CONNECT_PROTOCOL";
            case NO_RFC7540_PRIORITIES -> "NO_RFC7540_PRIORITIES";
            default -> "0x" + Integer.toHexString(id);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(name(ids[i])).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
