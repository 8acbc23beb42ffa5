package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.router.ConfigException;
import dev.celeris.router.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's {@code --config FILE}: a YAML file starts it, flags override it, a wrong key stops it naming the key. */
@Timeout(60)
class DemoConfigTest {

    @TempDir
    Path dir;

    @Test
    void startsFromAYamlFileWithFlagsOverIt() throws Exception {
        Path file = Files.writeString(dir.resolve("demo.yaml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                  transport: jetty
                http1:
                  maxRequestLineLength: 1024
                """);
        DemoApp.Options o = DemoApp.Options.parse(new String[] {"--config", file.toString(), "--transport", "nio"});
        try (Server server = DemoApp.start(o, Map.of("CELERIS_HTTP2_MAX_CONCURRENT_STREAMS", "10"))) {
            assertThat(server.transportName()).as("--transport beats the file").isEqualTo("nio");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).isEqualTo("Hello, Celeris!");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/users/" + "9".repeat(1100))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the file's http1 limit").isEqualTo(414);
        }
    }

    @Test
    void tlsFromTheEnvironment() throws Exception {
        Path[] files = DemoTls.selfSigned(dir);
        DemoApp.Options o = DemoApp.Options.parse(new String[] {"--host", "127.0.0.1", "--port", "0"});
        Map<String, String> env = Map.of("CELERIS_TLS_CERTIFICATE", files[0].toString(), "CELERIS_TLS_PRIVATE_KEY", files[1].toString());
        try (Server server = DemoApp.start(o, env);
             HttpClient client = HttpClient.newBuilder().sslContext(DemoTlsTest.trusting(files[0])).build()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(res.body()).isEqualTo("Hello, Celeris!");
        }
    }

    @Test
    void aWrongKeyFailsStartUpNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("demo.properties"), "server.port=0\nhttp2.maxStreams=5\n");
        DemoApp.Options o = DemoApp.Options.parse(new String[] {"--config", file.toString()});
        assertThatThrownBy(() -> DemoApp.start(o, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'http2.maxStreams'");
    }
}
