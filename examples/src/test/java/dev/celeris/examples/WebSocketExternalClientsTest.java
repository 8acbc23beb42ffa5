package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's WebSocket endpoints driven by clients outside the JVM: Python's {@code websockets}
 * (Debian python3-websockets), Node's {@code ws} package (installed by this test with
 * {@code npm install --prefix target/node-ws}), and headless Chromium opening the {@code /chat}
 * page. A missing tool skips its test with a message.
 */
@Timeout(240)
class WebSocketExternalClientsTest {

    static List<String> transports() {
        return WebSocketJvmClientsTest.transports();
    }

    private static Path script(String name) throws Exception {
        return Paths.get(WebSocketExternalClientsTest.class.getResource("/ws/" + name).toURI());
    }

    private static boolean available(String... command) {
        try {
            return ExternalTools.run(60, List.of(command)).exit() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void pythonWebsockets(String transport) throws Exception {
        Assumptions.assumeTrue(available("/usr/bin/python3", "-c", "import websockets"),
                "python3-websockets is not installed (apt-get install python3-websockets)");
        ExternalTools.Run r = ExternalTools.run(180, List.of("/usr/bin/python3", script("python_client.py").toString(),
                WebSocketJvmClientsTest.echoUrl(transport)));
        assertThat(r.exit()).as(r.output()).isZero();
        // websockets offers permessage-deflate by default and we accept it.
        assertThat(r.output()).contains("OK extensions=permessage-deflate");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void nodeWs(String transport) throws Exception {
        Assumptions.assumeTrue(available("node", "--version") && available("npm", "--version"), "node/npm are not installed");
        Path prefix = Paths.get("target", "node-ws").toAbsolutePath();
        Path modules = prefix.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("ws"))) {
            ExternalTools.Run install = ExternalTools.run(180, List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund", "ws@8"));
            Assumptions.assumeTrue(install.exit() == 0, "npm could not install the ws package: " + install.output());
        }
        ExternalTools.Run r = ExternalTools.run(180, List.of("node", script("node_client.js").toString(), WebSocketJvmClientsTest.echoUrl(transport),
                modules.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("OK extensions=permessage-deflate");
    }

    /** A JDK client in a chat room, collecting what the room says. */
    static final class RoomListener implements java.net.http.WebSocket.Listener {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            lines.add(data.toString());
            ws.request(1);
            return null;
        }

        /** Waits for a line starting with {@code prefix}; fails after 60 s. */
        String await(String prefix) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                String s = lines.poll(1, TimeUnit.SECONDS);
                if (s == null) continue;
                if (s.startsWith(prefix)) return s;
                seen.add(s);
            }
            throw new AssertionError("no line starting with '" + prefix + "'; saw " + seen);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void headlessChromiumChats(String transport, @TempDir Path profile) throws Exception {
        Assumptions.assumeTrue(available("chromium", "--version"), "chromium is not installed");
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport)
                .shutdownGrace(Duration.ofSeconds(1)).start(DemoApp.router("secret"))) {
            // Not closed: close() waits for the aborted WebSocket, sometimes forever; shutdownNow() below.
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            RoomListener room = new RoomListener();
            java.net.http.WebSocket observer = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/chat/interop?name=jdk"), room)
                    .get(30, TimeUnit.SECONDS);
            room.await("jdk joined");
            // The page joins the room, says hello on open, and shows what the room says.
            try (ExternalTools.Background browser = ExternalTools.Background.start(List.of(
                    "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking", "--user-data-dir=" + profile,
                    base + "/chat?room=interop&name=chromium&say=hello+from+chromium"))) {
                assertThat(room.await("chromium joined")).isEqualTo("chromium joined (HTTP/1.1)");
                assertThat(room.await("chromium: ")).isEqualTo("chromium: hello from chromium");
                observer.sendText("hello from the JDK", true).join();
                // The browser received its own broadcast through the same WebSocket: the page acknowledges it.
                // (Not read from --dump-dom: virtual time does not wait for WebSocket messages, so headless
                // Chromium could dump the page and exit before its own line came back.) The browser keeps
                // running until the try block closes it.
                assertThat(room.await("chromium: (seen)")).isEqualTo("chromium: (seen)");
                // The page then closes its WebSocket (1000) while the browser still runs: the room announces the leave.
                assertThat(room.await("chromium left")).isEqualTo("chromium left");
            }
            observer.abort();
            client.shutdownNow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Over TLS the page loads over h2 (ALPN), and Chromium opens the WebSocket on that connection with RFC 8441. */
    @ParameterizedTest
    @MethodSource("transports")
    void headlessChromiumChatsOverHttp2(String transport, @TempDir Path profile) throws Exception {
        Assumptions.assumeTrue(available("chromium", "--version"), "chromium is not installed");
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport)
                .shutdownGrace(Duration.ofSeconds(1)).tls(dev.celeris.spi.testkit.TlsTestCertificates.server().build())
                .start(DemoApp.router("secret"))) {
            // Not closed: close() waits for the aborted WebSocket, sometimes forever; shutdownNow() below.
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(dev.celeris.spi.testkit.TlsTestCertificates.clientContext()).build();
            RoomListener room = new RoomListener();
            java.net.http.WebSocket observer = client.newWebSocketBuilder()
                    .buildAsync(URI.create("wss://localhost:" + server.port() + "/ws/chat/h2?name=jdk"), room)
                    .get(30, TimeUnit.SECONDS);
            room.await("jdk joined");
            try (ExternalTools.Background browser = ExternalTools.Background.start(List.of(
                    "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--ignore-certificate-errors", "--user-data-dir=" + profile,
                    "--disable-background-networking",
                    "https://localhost:" + server.port() + "/chat?room=h2&name=chromium&say=over+h2"))) {
                // The server reports the protocol the browser's WebSocket came in on.
                assertThat(room.await("chromium joined")).isEqualTo("chromium joined (HTTP/2.0)");
                assertThat(room.await("chromium: ")).isEqualTo("chromium: over h2");
                assertThat(room.await("chromium: (seen)")).as("the browser got its own line back").isEqualTo("chromium: (seen)");
                // The page then closes its WebSocket (1000) while the browser still runs: the room announces the leave.
                assertThat(room.await("chromium left")).isEqualTo("chromium left");
            }
            observer.abort();
            client.shutdownNow();
        }
    }
}
