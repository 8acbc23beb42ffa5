package dev.celeris.router;

import dev.celeris.engine.EngineConfig;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.proxy.ProxyProtocolConfig;
import dev.celeris.spi.Transports;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Every configuration key and how it reaches a {@link ServerBuilder}. The server builder's own
 * options are listed below, one line each; the components of {@link TransportConfig}
 * ({@code transport.*}), {@link EngineConfig} ({@code engine.*}) and of every settings record
 * nested in them ({@code http2.*}, {@code http1.*}, named after the component) are keys by
 * construction, so a new record component of a type {@link ConfigValues} reads is a new key.
 */
final class ConfigKeys {

    /** Where a key's value goes: a builder method, or a component of the transport or engine record. */
    enum Target { SERVER, TRANSPORT, ENGINE, TLS }

    /** One key: its name, value type, target, and the component path or builder method. */
    record Key(String name, Type type, Target target, List<String> path, BiConsumer<ServerBuilder, Object> setter) {

        /** The environment variable for this key: {@code http2.maxFrameSize} is {@code CELERIS_HTTP2_MAX_FRAME_SIZE}. */
        String envName() {
            return envName(name);
        }

        static String envName(String key) {
            return "CELERIS_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
        }
    }

    /** {@code transport.options.NAME}: a transport-specific option, e.g. {@code transport.options.netty.native}. */
    static final String TRANSPORT_OPTIONS = "transport.options.";

    private static final List<Key> SERVER_KEYS = List.of(
            server("server.host", String.class, (b, v) -> b.host((String) v)),
            server("server.port", int.class, (b, v) -> b.port((Integer) v)),
            server("server.transport", String.class, (b, v) -> b.transport(Transports.select((String) v).name())),
            server("server.ioThreads", int.class, (b, v) -> b.ioThreads((Integer) v)),
            server("server.shutdownGrace", Duration.class, (b, v) -> b.shutdownGrace((Duration) v)),
            server("server.inlineHandlers", boolean.class, (b, v) -> b.inlineHandlers((Boolean) v)),
            server("server.proxyProtocol", String.class, (b, v) -> b.proxyProtocol(ProxyProtocolConfig.ofVersions((String) v))));

    /**
     * TransportConfig components configured as {@code server.*} keys or {@code transport.options.*};
     * {@code tls} has its own group of {@code tls.*} keys ({@link TlsConfigKeys}).
     */
    private static final Set<String> TRANSPORT_NOT_KEYS = Set.of("host", "port", "ioThreads", "options", "tls");

    static final Map<String, Key> ALL = catalogue();

    private ConfigKeys() {
    }

    private static Key server(String name, Type type, BiConsumer<ServerBuilder, Object> setter) {
        return new Key(name, type, Target.SERVER, List.of(), setter);
    }

    private static Map<String, Key> catalogue() {
        Map<String, Key> keys = new LinkedHashMap<>();
        SERVER_KEYS.forEach(k -> keys.put(k.name(), k));
        new java.util.TreeMap<>(TlsConfigKeys.KEYS).forEach((name, type) -> keys.put(name, new Key(name, type, Target.TLS, List.of(), null)));
        addRecord(keys, TransportConfig.builder().build(), "transport", Target.TRANSPORT, List.of(), TRANSPORT_NOT_KEYS);
        addRecord(keys, EngineConfig.defaults(), "engine", Target.ENGINE, List.of(), Set.of());
        return Collections.unmodifiableMap(keys);
    }

    /** The keys {@code defaults}' record type contributes under {@code prefix} (visible for tests). */
    static Map<String, Key> recordKeys(Record defaults, String prefix, Target target) {
        Map<String, Key> keys = new LinkedHashMap<>();
        addRecord(keys, defaults, prefix, target, List.of(), Set.of());
        return keys;
    }

    /**
     * Adds the keys of {@code defaults}' record type. A nested settings record becomes the
     * {@code <component>.*} keys; one that is null by default (an optional feature whose record
     * has required parts) has no keys: there is nothing to change one field of.
     */
    private static void addRecord(Map<String, Key> keys, Record defaults, String prefix, Target target,
                                  List<String> path, Set<String> skip) {
        for (RecordComponent c : defaults.getClass().getRecordComponents()) {
            if (skip.contains(c.getName())) continue;
            List<String> at = new ArrayList<>(path);
            at.add(c.getName());
            if (c.getType().isRecord()) {
                Object nested = RecordCopy.get(defaults, List.of(c.getName()));
                if (nested != null) addRecord(keys, (Record) nested, c.getName(), target, List.copyOf(at), Set.of());
            } else if (ConfigValues.supports(c.getGenericType())) {
                String name = prefix + "." + c.getName();
                keys.put(name, new Key(name, c.getGenericType(), target, List.copyOf(at), null));
            }
        }
    }

    /** The known key closest to a misspelt one, or null. */
    static String closest(String unknown) {
        String best = null;
        int bestDistance = 4;
        for (String k : ALL.keySet()) {
            int d = distance(unknown.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
