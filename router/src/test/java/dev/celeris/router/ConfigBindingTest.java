package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.Protocols;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configuration files, the environment, precedence and the errors that name the key. */
class ConfigBindingTest {

    @TempDir
    Path dir;

    @Test
    void unknownKeyFailsNamingItAndTheNearestKnownOne() {
        assertThatThrownBy(() -> Celeris.server().config(Map.of("http2.maxConcurentStreams", "5")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("http2.maxConcurentStreams"))
                .hasMessageContaining("Unknown configuration key 'http2.maxConcurentStreams' (config map)")
                .hasMessageContaining("did you mean 'http2.maxConcurrentStreams'?");
    }

    @Test
    void badValueFailsNamingKeyValueAndSource() {
        assertThatThrownBy(() -> Celeris.server().config(Map.of("server.port", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Bad value 'eighty' for configuration key 'server.port' (config map)")
                .hasMessageContaining("expected an integer");
        assertThatThrownBy(() -> Celeris.server().config(null, Map.of("CELERIS_ENGINE_IDLE_TIMEOUT", "soon")))
                .hasMessageContaining("'engine.idleTimeout' (environment variable CELERIS_ENGINE_IDLE_TIMEOUT)")
                .hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("engine.protocols", "http3")))
                .hasMessageContaining("expected one of [http1_only, http2_only, both]");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("server.inlineHandlers", "maybe")))
                .hasMessageContaining("server.inlineHandlers").hasMessageContaining("expected true or false");
    }

    @Test
    void valueTheSettingRejectsFailsNamingTheKey() {
        assertThatThrownBy(() -> Celeris.server().config(Map.of("http2.maxFrameSize", "10")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("http2.maxFrameSize"))
                .hasMessageContaining("'http2.maxFrameSize'");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("server.port", "70000"))).hasMessageContaining("'server.port'");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("transport.writeLowWaterMark", "1MiB")))
                .hasMessageContaining("'transport.writeLowWaterMark'");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("server.ioThreads", "0"))).hasMessageContaining("'server.ioThreads'");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("server.transport", "carrier-pigeon")))
                .hasMessageContaining("'server.transport'").hasMessageContaining("available: nio");
    }

    @Test
    void dependentKeysApplyInAnyOrder() {
        ServerBuilder b = Celeris.server().config(Map.of("transport.writeLowWaterMark", "1MiB", "transport.writeHighWaterMark", "2MiB"));
        assertThat(b.transportConfig().writeLowWaterMark()).isEqualTo(1 << 20);
        assertThat(b.transportConfig().writeHighWaterMark()).isEqualTo(2 << 20);
    }

    @Test
    void sizesDurationsEnumsAndOptions() {
        ServerBuilder b = Celeris.server().config(Map.of("transport.readBufferSize", "16KiB", "engine.maxRequestBodySize", "2m",
                "engine.idleTimeout", "PT2M", "http1.headerReadTimeout", "1500ms", "engine.protocols", "http2-only",
                "transport.options.netty.native", "false"));
        assertThat(b.transportConfig().readBufferSize()).isEqualTo(16 * 1024);
        assertThat(b.engineConfig().maxRequestBodySize()).isEqualTo(2L << 20);
        assertThat(b.engineConfig().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(b.engineConfig().http1().headerReadTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(b.engineConfig().protocols()).isEqualTo(Protocols.HTTP2_ONLY);
        assertThat(b.transportConfig().option("netty.native", "true")).isEqualTo("false");
    }

    @Test
    void propertiesFile() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), """
                # comments are fine
                server.port = 9001
                http2.maxConcurrentStreams = 50
                transport.options.jetty.maxThreads = 32
                """);
        ServerBuilder b = Celeris.server().config(file, Map.of());
        assertThat(b.transportConfig().port()).isEqualTo(9001);
        assertThat(b.engineConfig().http2().maxConcurrentStreams()).isEqualTo(50);
        assertThat(b.transportConfig().option("jetty.maxThreads", null)).isEqualTo("32");
    }

    @Test
    void yamlFileNestsKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("app.yaml"), """
                server:
                  port: 9002
                  inlineHandlers: true
                http2:
                  maxConcurrentStreams: 64
                  resetWindow: 10s
                transport:
                  options:
                    netty.native: false
                """);
        ServerBuilder b = Celeris.server().config(file, Map.of());
        assertThat(b.transportConfig().port()).isEqualTo(9002);
        assertThat(b.inlineHandlers()).isTrue();
        assertThat(b.engineConfig().http2().maxConcurrentStreams()).isEqualTo(64);
        assertThat(b.engineConfig().http2().resetWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.transportConfig().option("netty.native", null)).isEqualTo("false");
    }

    @Test
    void wrongKeyInAFileNamesKeyAndFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "http1:\n  maxHeaderByte: 100\n");
        assertThatThrownBy(() -> Celeris.server().config(file, Map.of()))
                .hasMessageContaining("'http1.maxHeaderByte' (file " + file + ")")
                .hasMessageContaining("did you mean 'http1.maxHeaderBytes'?");
        assertThatThrownBy(() -> Celeris.server().config(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("not found").hasMessageContaining("missing.yaml");
        Path toml = Files.writeString(dir.resolve("app.toml"), "x = 1\n");
        assertThatThrownBy(() -> Celeris.server().config(toml, Map.of())).hasMessageContaining(".properties, .yaml or .yml");
    }

    @Test
    void precedenceExplicitCallAfterConfigOverEnvironmentOverFile() throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "server.port=1111\nengine.idleTimeout=5s\nserver.host=127.0.0.3\n");
        Map<String, String> env = Map.of("CELERIS_SERVER_PORT", "2222", "CELERIS_SERVER_HOST", "127.0.0.4");
        ServerBuilder b = Celeris.server().config(file, env).host("127.0.0.5");
        assertThat(b.transportConfig().port()).as("env over file").isEqualTo(2222);
        assertThat(b.engineConfig().idleTimeout()).as("file where env is silent").isEqualTo(Duration.ofSeconds(5));
        assertThat(b.transportConfig().host()).as("builder call after config").isEqualTo("127.0.0.5");
        ServerBuilder before = Celeris.server().port(3333).config(Map.of("server.port", "4444"));
        assertThat(before.transportConfig().port()).as("config applies where it is called").isEqualTo(4444);
        ServerBuilder custom = Celeris.server().config(Map.of("transport.backlog", "7")).transportConfig(t -> t.backlog(9));
        assertThat(custom.transportConfig().backlog()).isEqualTo(9);
    }

    @Test
    void unknownEnvironmentVariablesAreIgnoredWarningOnlyInsideAKeySection() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(ConfigSources.class.getName());
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            ServerBuilder b = Celeris.server().config(null, Map.of("CELERIS_BENCH_OFFLINE", "1", "CELERIS_LB_BIND", "x",
                    "HOME", "/root", "CELERIS_HTTP2_MAX_STREAMS", "5"));
            assertThat(b.transportConfig()).isEqualTo(Celeris.server().transportConfig());
            assertThat(b.engineConfig()).isEqualTo(Celeris.server().engineConfig());
        } finally {
            jul.removeHandler(capture);
        }
        assertThat(warnings).containsExactly(
                "Ignoring environment variable CELERIS_HTTP2_MAX_STREAMS: it names no Celeris configuration key");
    }

    @Test
    @Timeout(30)
    void aConfiguredLimitChangesBehaviour() throws Exception {
        Path file = Files.writeString(dir.resolve("limits.properties"),
                "server.host=127.0.0.1\nserver.port=0\nserver.transport=nio\nhttp1.maxRequestLineLength=64\n");
        Router router = Router.create();
        router.get("/*path", ctx -> ctx.string("ok"));
        try (Server server = Celeris.server().config(file, Map.of()).start(router)) {
            assertThat(statusLine(server.port(), "/" + "a".repeat(20))).contains(" 200 ");
            assertThat(statusLine(server.port(), "/" + "a".repeat(100))).contains(" 414 ");
        }
    }

    private static String statusLine(int port, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\r'; ) line.append((char) c);
            return line.toString();
        }
    }
}
