package dev.celeris.router;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Copies a settings record with one component changed, through its canonical constructor, so
 * the record's own validation runs. Nested records are reached by a path of component names.
 */
final class RecordCopy {

    private RecordCopy() {
    }

    /** The value at {@code path} (component names) inside {@code record}. */
    static Object get(Record record, List<String> path) {
        Object value = record;
        for (String name : path) value = read((Record) value, component(value.getClass(), name));
        return value;
    }

    /** A copy of {@code record} with the component at {@code path} set to {@code value}. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R record, List<String> path, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            args[i] = read(record, c);
            if (c.getName().equals(path.get(0))) {
                args[i] = path.size() == 1 ? value : with((Record) args[i], path.subList(1, path.size()), value);
            }
        }
        try {
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            return (R) canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getName(), e);
        }
    }

    static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) return c;
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
    }

    private static Object read(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }
}
