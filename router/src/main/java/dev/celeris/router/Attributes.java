package dev.celeris.router;

import java.util.Arrays;
import java.util.Objects;

/**
 * A request's attributes ({@link Context#set}/{@link Context#get}): the first entry in two
 * fields, more in two parallel arrays searched linearly. Middleware sets one to three keys per
 * request (request id, authenticated user, route template), so this is cheaper per request than
 * a hash map; the common single attribute costs no array at all.
 */
final class Attributes {

    private String firstKey;
    private Object firstValue;
    private boolean hasFirst;
    private String[] keys;
    private Object[] values;
    private int size; // entries in the arrays

    void put(String key, Object value) {
        if (!hasFirst || Objects.equals(firstKey, key)) {
            firstKey = key;
            firstValue = value;
            hasFirst = true;
            return;
        }
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keys[i], key)) {
                values[i] = value;
                return;
            }
        }
        if (keys == null) {
            keys = new String[3];
            values = new Object[3];
        } else if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
    }

    Object get(String key) {
        if (hasFirst && Objects.equals(firstKey, key)) return firstValue;
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keys[i], key)) return values[i];
        }
        return null;
    }
}
