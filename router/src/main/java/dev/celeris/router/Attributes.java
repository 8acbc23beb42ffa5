package dev.celeris.router;

import java.util.Arrays;
import java.util.Objects;

/**
 * A request's attributes ({@link Context#set}/{@link Context#get}): a handful of entries in two
 * parallel arrays searched linearly, cheaper per request than a hash map for the two or three
 * keys middleware sets (request id, authenticated user, route template).
 */
final class Attributes {

    private String[] keys = new String[4];
    private Object[] values = new Object[4];
    private int size;

    void put(String key, Object value) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keys[i], key)) {
                values[i] = value;
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
    }

    Object get(String key) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keys[i], key)) return values[i];
        }
        return null;
    }
}
