package dev.celeris.micrometer;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The request meters per tag combination, found without allocating: a map from route template
 * (the router's own string) to a small array of entries keyed by method, status and protocol
 * packed into an int. A route sees a handful of combinations, so a linear scan of a
 * copy-on-write array beats hashing a composite key object per request.
 */
final class RequestMeterCache<M> {

    /** One tag combination of a route. */
    record Key(String method, String route, int status, String version) { }

    private record Entry<M>(int key, M meters) { }

    private final Map<String, Entry<M>[]> routes = new ConcurrentHashMap<>();
    private final Function<Key, M> factory;

    RequestMeterCache(Function<Key, M> factory) {
        this.factory = factory;
    }

    /** The meters for these tag values ({@code method}, {@code version} from {@link SemanticConventions}). */
    M get(String method, String route, int status, String version) {
        int key = pack(method, status, version);
        Entry<M>[] entries = routes.get(route);
        if (entries != null) {
            for (Entry<M> e : entries) if (e.key == key) return e.meters;
        }
        return add(method, route, status, version, key);
    }

    @SuppressWarnings("unchecked")
    private synchronized M add(String method, String route, int status, String version, int key) {
        Entry<M>[] entries = routes.getOrDefault(route, (Entry<M>[]) new Entry<?>[0]);
        for (Entry<M> e : entries) if (e.key == key) return e.meters;
        M meters = factory.apply(new Key(method, route, status, version));
        Entry<M>[] grown = Arrays.copyOf(entries, entries.length + 1);
        grown[entries.length] = new Entry<>(key, meters);
        routes.put(route, grown);
        return meters;
    }

    /** Method index (4 bits), protocol version index (2 bits), status (10 bits). */
    private static int pack(String method, int status, String version) {
        int m = switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "CONNECT" -> 5;
            case "OPTIONS" -> 6;
            case "TRACE" -> 7;
            case "PATCH" -> 8;
            case "QUERY" -> 9;
            default -> 10;
        };
        int v = switch (version) {
            case "1.1" -> 0;
            case "2" -> 1;
            case "1.0" -> 2;
            default -> 3;
        };
        return (status & 0x3ff) << 6 | v << 4 | m;
    }
}
