package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration key, from a map (as a file gives it) and from its environment variable,
 * changes the setting it names. Record keys are enumerated from the records themselves, so a
 * new option is covered the day it is added; the server keys are a table.
 */
class ConfigKeysTest {

    static Stream<String> recordKeys() {
        return ConfigKeys.ALL.values().stream()
                .filter(k -> k.target() == ConfigKeys.Target.TRANSPORT || k.target() == ConfigKeys.Target.ENGINE)
                .map(ConfigKeys.Key::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordKeys")
    void everyRecordKeyChangesItsComponent(String name) {
        ConfigKeys.Key key = ConfigKeys.ALL.get(name);
        Object before = read(Celeris.server(), key);
        Object changed = otherThan(before, key.type());
        String text = ConfigValues.format(changed);

        ServerBuilder fromMap = Celeris.server().config(Map.of(name, text));
        assertThat(read(fromMap, key)).as(name).isEqualTo(changed).isNotEqualTo(before);

        ServerBuilder fromEnv = Celeris.server().config(null, Map.of(key.envName(), text));
        assertThat(read(fromEnv, key)).as(key.envName()).isEqualTo(changed);
    }

    static Stream<Arguments> serverKeys() {
        return Stream.of(
                Arguments.of("server.host", "127.0.0.2", (Function<ServerBuilder, Object>) b -> b.transportConfig().host(), "127.0.0.2"),
                Arguments.of("server.port", "9099", (Function<ServerBuilder, Object>) b -> b.transportConfig().port(), 9099),
                Arguments.of("server.transport", "jetty", (Function<ServerBuilder, Object>) ServerBuilder::transportName, "jetty"),
                Arguments.of("server.ioThreads", "3", (Function<ServerBuilder, Object>) b -> b.transportConfig().ioThreads(), 3),
                Arguments.of("server.shutdownGrace", "250ms", (Function<ServerBuilder, Object>) ServerBuilder::shutdownGrace,
                        Duration.ofMillis(250)),
                Arguments.of("server.inlineHandlers", "true", (Function<ServerBuilder, Object>) ServerBuilder::inlineHandlers, true),
                Arguments.of("server.proxyProtocol", "v2", (Function<ServerBuilder, Object>) ServerBuilder::proxyProtocolConfig,
                        dev.celeris.spi.proxy.ProxyProtocolConfig.defaults().withVersions(false, true)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("serverKeys")
    void everyServerKeyChangesItsSetting(String name, String value, Function<ServerBuilder, Object> read, Object expected) {
        assertThat(read.apply(Celeris.server())).isNotEqualTo(expected);
        assertThat(read.apply(Celeris.server().config(Map.of(name, value)))).isEqualTo(expected);
        String env = ConfigKeys.Key.envName(name);
        assertThat(read.apply(Celeris.server().config(null, Map.of(env, value)))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void theServerKeyTableCoversEveryServerKey() {
        List<String> tested = serverKeys().map(a -> (String) a.get()[0]).toList();
        assertThat(ConfigKeys.ALL.values().stream().filter(k -> k.target() == ConfigKeys.Target.SERVER).map(ConfigKeys.Key::name))
                .as("a new server.* key needs a row in serverKeys()").containsExactlyInAnyOrderElementsOf(tested);
        assertThat(ConfigKeys.ALL).containsKeys("transport.backlog", "engine.idleTimeout", "engine.protocols",
                "http2.maxConcurrentStreams", "http1.maxRequestLineLength");
        assertThat(ConfigKeys.ALL).doesNotContainKeys("engine.handlerExecutor", "transport.port", "transport.options");
    }

    private static Object read(ServerBuilder b, ConfigKeys.Key key) {
        Record root = key.target() == ConfigKeys.Target.ENGINE ? b.engineConfig() : b.transportConfig();
        return RecordCopy.get(root, key.path());
    }

    /** A valid value different from {@code v}, by type. */
    private static Object otherThan(Object v, Type type) {
        if (type instanceof ParameterizedType p) {
            return p.getRawType() == Set.class ? Set.of("127.0.0.1/32") : List.of("127.0.0.1/32");
        }
        Class<?> c = (Class<?>) type;
        if (c == int.class || c == Integer.class) return v == null || (Integer) v <= 0 ? 1 : (Integer) v + 1;
        if (c == long.class || c == Long.class) return v == null || (Long) v <= 0 ? 1L : (Long) v + 1;
        if (c == boolean.class || c == Boolean.class) return v == null || !(Boolean) v;
        if (c == Duration.class) return v == null ? Duration.ofMillis(1500) : ((Duration) v).plusMillis(1500);
        if (c == Path.class) return Path.of("configured.file");
        if (c == String.class) return v == null ? "configured" : v + "-configured";
        Object[] constants = c.getEnumConstants();
        for (Object k : constants) {
            if (!k.equals(v)) return k;
        }
        throw new AssertionError("no other value for " + c);
    }

    record Inner(int x, java.util.concurrent.Executor notAKey) {
    }

    record Outer(int a, Inner inner, Inner absent) {
    }

    @org.junit.jupiter.api.Test
    void nestedRecordsAreKeyedByComponentAndOptionalOnesAreSkipped() {
        Map<String, ConfigKeys.Key> keys = ConfigKeys.recordKeys(new Outer(1, new Inner(2, null), null), "outer",
                ConfigKeys.Target.ENGINE);
        assertThat(keys.keySet()).as("a null-by-default nested record (an optional feature) has no keys")
                .containsExactly("outer.a", "inner.x");
        assertThat(keys.get("inner.x").path()).containsExactly("inner", "x");
        Outer changed = RecordCopy.with(new Outer(1, new Inner(2, null), null), List.of("inner", "x"), 5);
        assertThat(changed).isEqualTo(new Outer(1, new Inner(5, null), null));
    }

    @org.junit.jupiter.api.Test
    void defaultsStayDefaultWithoutKeys() {
        assertThat(Celeris.server().config(Map.of()).engineConfig()).isEqualTo(EngineConfig.defaults());
        assertThat(Celeris.server().config(null, Map.of("PATH", "/bin", "HOME", "/root")).transportConfig())
                .isEqualTo(Celeris.server().transportConfig());
    }
}
