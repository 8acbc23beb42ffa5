package dev.celeris.router;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses configuration strings into the types settings records use. Adding a type here makes
 * every record component of that type a configuration key.
 */
final class ConfigValues {

    private static final Pattern SIZE = Pattern.compile("(-?\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private ConfigValues() {
    }

    /** Whether values of {@code type} can be configured. */
    static boolean supports(Type type) {
        if (type instanceof ParameterizedType p) {
            return (p.getRawType() == List.class || p.getRawType() == Set.class)
                    && p.getActualTypeArguments()[0] == String.class;
        }
        Class<?> c = (Class<?>) type;
        return c == int.class || c == Integer.class || c == long.class || c == Long.class || c == boolean.class
                || c == Boolean.class || c == String.class || c == Duration.class || c == Path.class || c.isEnum();
    }

    /** {@code text} as a {@code type}; throws IllegalArgumentException saying what was expected. */
    static Object parse(Type type, String text) {
        String s = text.trim();
        if (type instanceof ParameterizedType p) {
            List<String> items = s.isEmpty() ? List.of()
                    : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            return p.getRawType() == Set.class ? Set.copyOf(items) : items;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) return s;
        if (c == int.class || c == Integer.class) return Math.toIntExact(size(s, "an integer (e.g. 8192 or 64KiB)"));
        if (c == long.class || c == Long.class) return size(s, "an integer (e.g. 1048576 or 1MiB)");
        if (c == boolean.class || c == Boolean.class) return bool(s);
        if (c == Duration.class) return duration(s);
        if (c == Path.class) return Path.of(s);
        if (c.isEnum()) return enumConstant(c, s);
        throw new IllegalArgumentException("unsupported type " + c.getName());
    }

    /** A value formatted the way {@link #parse} reads it back. */
    static String format(Object value) {
        if (value instanceof Duration d) return d.toMillis() + "ms";
        if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        if (value instanceof java.util.Collection<?> items) {
            return String.join(",", items.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static long size(String s, String expected) {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) throw new IllegalArgumentException("expected " + expected);
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> 1;
        };
        return Math.multiplyExact(n, unit);
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration (e.g. 500ms, 10s, 2m, 1h or PT10S)");
        }
    }

    private static Object enumConstant(Class<?> type, String s) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(s.replace('-', '_'))) return constant;
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(x -> ((Enum<?>) x).name().toLowerCase(Locale.ROOT)).toList());
    }
}
