package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Server;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's {@code /ws/echo} on every transport with JVM WebSocket clients nobody here wrote:
 * the JDK's {@code java.net.http.WebSocket}, Jetty's WebSocket client and OkHttp's. Each echoes
 * text, binary and a 16 MiB message (fragmented where the client can), pings, and closes with a code.
 */
@Timeout(180)
class WebSocketJvmClientsTest {

    private static final Map<String, Server> SERVERS = new ConcurrentHashMap<>();
    static final byte[] BIG = new byte[16 << 20];

    static {
        new Random(16).nextBytes(BIG);
    }

    static List<String> transports() {
        // The memory transport (celeris-test) has no socket for these clients.
        List<String> names = Transports.available().stream().map(TransportProvider::name)
                .filter(n -> !n.equals("memory")).toList();
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the class path");
        return names;
    }

    static String echoUrl(String transport) {
        Server server = SERVERS.computeIfAbsent(transport, t -> Celeris.server().host("127.0.0.1").port(0).transport(t)
                .shutdownGrace(Duration.ofSeconds(1)).start(DemoApp.router("secret")));
        return "ws://127.0.0.1:" + server.port() + "/ws/echo";
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(Server::close);
        SERVERS.clear();
    }

    static byte[] nextBytes(LinkedBlockingQueue<Object> q) throws InterruptedException {
        Object o = next(q);
        assertThat(o).as("expected binary, got %s", o).isInstanceOf(byte[].class);
        return (byte[]) o;
    }

    static <T> T next(LinkedBlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(60, TimeUnit.SECONDS);
        if (v == null) throw new AssertionError("nothing received in 60 s");
        return v;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jdkClient(String transport) throws Exception {
        LinkedBlockingQueue<Object> in = new LinkedBlockingQueue<>();
        java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();
            java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();

            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence d, boolean last) {
                text.append(d);
                if (last) {
                    in.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer d, boolean last) {
                byte[] b = new byte[d.remaining()];
                d.get(b);
                bin.writeBytes(b);
                if (last) {
                    in.add(bin.toByteArray());
                    bin = new java.io.ByteArrayOutputStream();
                }
                ws.request(1);
                return null;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onPong(java.net.http.WebSocket ws, ByteBuffer m) {
                in.add("pong:" + StandardCharsets.UTF_8.decode(m));
                ws.request(1);
                return null;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
                in.add("close:" + code);
                return null;
            }
        };
        try (HttpClient client = HttpClient.newHttpClient()) {
            java.net.http.WebSocket ws = client.newWebSocketBuilder().subprotocols("echo")
                    .buildAsync(URI.create(echoUrl(transport)), listener).get(30, TimeUnit.SECONDS);
            ws.sendText("hello ☃", true).join();
            assertThat(next(in)).isEqualTo("hello ☃");
            ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, -1}), true).join();
            assertThat(nextBytes(in)).containsExactly(0, 1, 2, -1);
            for (int i = 0; i < 16; i++) {
                ws.sendBinary(ByteBuffer.wrap(BIG, i << 20, 1 << 20), i == 15).join();
            }
            assertThat(nextBytes(in)).isEqualTo(BIG);
            ws.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(next(in)).isEqualTo("pong:p");
            ws.sendClose(4000, "bye").join();
            assertThat(next(in)).isEqualTo("close:4000");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jettyClient(String transport) throws Exception {
        LinkedBlockingQueue<Object> in = new LinkedBlockingQueue<>();
        WebSocketClient client = new WebSocketClient();
        client.setMaxBinaryMessageSize(64 << 20);
        client.setMaxTextMessageSize(64 << 20);
        client.start();
        try {
            JettyEndpoint endpoint = new JettyEndpoint(in);
            org.eclipse.jetty.websocket.client.ClientUpgradeRequest upgrade = new org.eclipse.jetty.websocket.client.ClientUpgradeRequest();
            upgrade.setSubProtocols("echo");
            upgrade.addExtensions("permessage-deflate");
            Session session = client.connect(endpoint, URI.create(echoUrl(transport)), upgrade).get(30, TimeUnit.SECONDS);
            assertThat(session.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("echo");
            session.sendText("hello ☃", Callback.NOOP);
            assertThat(next(in)).isEqualTo("hello ☃");
            session.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, -1}), Callback.NOOP);
            assertThat(nextBytes(in)).containsExactly(0, 1, 2, -1);
            for (int i = 0; i < 16; i++) {
                Callback.Completable done = new Callback.Completable();
                session.sendPartialBinary(ByteBuffer.wrap(BIG, i << 20, 1 << 20), i == 15, done);
                done.get(30, TimeUnit.SECONDS);
            }
            assertThat(nextBytes(in)).isEqualTo(BIG);
            session.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            assertThat(next(in)).isEqualTo("pong:p");
            session.close(4000, "bye", Callback.NOOP);
            assertThat(next(in)).isEqualTo("close:4000");
        } finally {
            client.stop();
        }
    }

    /** Jetty's client calls the endpoint through method handles: a public class, not an anonymous one. */
    public static final class JettyEndpoint implements Session.Listener.AutoDemanding {
        private final LinkedBlockingQueue<Object> in;

        public JettyEndpoint(LinkedBlockingQueue<Object> in) {
            this.in = in;
        }

        @Override
        public void onWebSocketText(String message) {
            in.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            in.add(b);
            callback.succeed();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            in.add("pong:" + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            in.add("close:" + statusCode);
            callback.succeed();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void okHttpClient(String transport) throws Exception {
        LinkedBlockingQueue<Object> in = new LinkedBlockingQueue<>();
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
        try {
            okhttp3.WebSocket ws = client.newWebSocket(new Request.Builder().url(echoUrl(transport))
                    .header("Sec-WebSocket-Protocol", "echo").build(), new WebSocketListener() {
                        @Override
                        public void onOpen(okhttp3.WebSocket webSocket, okhttp3.Response response) {
                            in.add("open:" + response.header("sec-websocket-extensions"));
                        }

                        @Override
                        public void onMessage(okhttp3.WebSocket webSocket, String text) {
                            in.add(text);
                        }

                        @Override
                        public void onMessage(okhttp3.WebSocket webSocket, ByteString bytes) {
                            in.add(bytes.toByteArray());
                        }

                        @Override
                        public void onClosing(okhttp3.WebSocket webSocket, int code, String reason) {
                            in.add("close:" + code);
                        }

                        @Override
                        public void onFailure(okhttp3.WebSocket webSocket, Throwable t, okhttp3.Response response) {
                            in.add("failure:" + t);
                        }
                    });
            // OkHttp offers permessage-deflate (client_no_context_takeover absent) and we accept it.
            assertThat(next(in)).isEqualTo("open:permessage-deflate");
            ws.send("hello ☃");
            assertThat(next(in)).isEqualTo("hello ☃");
            ws.send(ByteString.of(new byte[] {0, 1, 2, -1}));
            assertThat(nextBytes(in)).containsExactly(0, 1, 2, -1);
            // OkHttp sends each message as one frame and queues at most 16 MiB (counting bytes it has
            // written but not yet subtracted), so it gets 16 MiB less 4 KiB.
            byte[] almost = java.util.Arrays.copyOf(BIG, BIG.length - 4096);
            assertThat(ws.send(ByteString.of(almost))).isTrue();
            assertThat(nextBytes(in)).isEqualTo(almost);
            ws.close(4000, "bye");
            assertThat(next(in)).isEqualTo("close:4000");
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
