package dev.celeris.router;

import dev.celeris.spi.testkit.RawWsClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.ws.WebSocketConfig;
import dev.celeris.engine.ws.WebSocketMessage;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code router.ws}: callbacks, the blocking style, middleware before the upgrade, negotiation, origins. */
@Timeout(90)
class RouterWebSocketTest {

    static List<String> transports() {
        List<String> names = Transports.available().stream().map(TransportProvider::name).toList();
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the test class path");
        return names;
    }

    /** Text messages and the close code the JDK client saw. */
    static final class Inbox implements WebSocket.Listener {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            events.add("close:" + code + ":" + reason);
            return null;
        }

        String next() throws InterruptedException {
            String s = events.poll(20, TimeUnit.SECONDS);
            if (s == null) throw new AssertionError("nothing received in 20 s");
            return s;
        }
    }

    static Router app(LinkedBlockingQueue<String> closes) {
        Router r = Router.create();
        WsGroup room = new WsGroup();
        r.use(ctx -> {
            // auth middleware: runs on the upgrade request, before any switch
            if (ctx.path().startsWith("/chat") && !"secret".equals(ctx.query("token"))) {
                ctx.string(401, "no token");
                return;
            }
            ctx.set("user", ctx.query("user", "anon"));
            ctx.next();
        });
        r.ws("/chat/:room", ws -> ws
                .onOpen(s -> {
                    room.add(s);
                    s.send("welcome " + s.get("user") + " to " + s.param("room"));
                })
                .onText((s, text) -> room.broadcast(s.get("user") + ": " + text))
                .onClose((s, code, reason) -> closes.add(s.param("room") + ":" + code)));
        r.ws("/echo", ws -> ws.subprotocols("v2.echo", "v1.echo").handler(s -> {
            s.send("protocol " + s.subprotocol() + " over " + s.httpProtocol());
            for (WebSocketMessage m; (m = s.receive()) != null; ) s.send(m.asText());
        }));
        r.ws("/partners", ws -> ws.allowedOrigins("https://partner.example").handler(s -> s.send("hi")));
        r.ws("/fails", ws -> ws.onText((s, text) -> {
            throw new IllegalStateException("boom");
        }).onError((s, e) -> closes.add("error:" + e.getMessage())));
        r.get("/plain", ctx -> ctx.string("plain"));
        return r;
    }

    private static WebSocket open(HttpClient client, Server server, String path, Inbox inbox, String... protocols)
            throws Exception {
        WebSocket.Builder b = client.newWebSocketBuilder();
        if (protocols.length > 0) b.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
        return b.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), inbox).get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void callbacksMiddlewareParamsAndBroadcast(String transport) throws Exception {
        LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(app(closes));
                HttpClient client = HttpClient.newHttpClient()) {
            Inbox a = new Inbox();
            Inbox b = new Inbox();
            WebSocket wa = open(client, server, "/chat/lobby?token=secret&user=ann", a);
            assertThat(a.next()).isEqualTo("welcome ann to lobby");
            WebSocket wb = open(client, server, "/chat/lobby?token=secret&user=bob", b);
            assertThat(b.next()).isEqualTo("welcome bob to lobby");
            wa.sendText("hello", true).join();
            assertThat(a.next()).isEqualTo("ann: hello");
            assertThat(b.next()).isEqualTo("ann: hello");
            wb.sendClose(4000, "bye").join();
            assertThat(b.next()).isEqualTo("close:4000:");
            assertThat(closes.poll(20, TimeUnit.SECONDS)).isEqualTo("lobby:4000");
            wa.sendText("alone", true).join();
            assertThat(a.next()).isEqualTo("ann: alone");
            wa.sendClose(1000, "").join();
            assertThat(closes.poll(20, TimeUnit.SECONDS)).isEqualTo("lobby:1000");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void blockingHandlerAndSubprotocolNegotiation(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(app(new LinkedBlockingQueue<>()))) {
            // Not closed: close() waits for the aborted WebSocket, sometimes forever; shutdownNow() below.
            HttpClient client = HttpClient.newHttpClient();
            Inbox in = new Inbox();
            WebSocket ws = open(client, server, "/echo", in, "v0.echo", "v1.echo", "v2.echo");
            assertThat(ws.getSubprotocol()).isEqualTo("v1.echo"); // the client's first that we speak
            assertThat(in.next()).isEqualTo("protocol v1.echo over HTTP/1.1");
            ws.sendText("x".repeat(100_000), true).join();
            assertThat(in.next()).hasSize(100_000);
            ws.sendClose(1000, "").join();
            Inbox none = new Inbox();
            WebSocket ws2 = open(client, server, "/echo", none, "other");
            assertThat(ws2.getSubprotocol()).isEmpty();
            assertThat(none.next()).isEqualTo("protocol null over HTTP/1.1");
            ws2.abort();
            client.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void refusalsHappenBeforeTheUpgrade(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(app(new LinkedBlockingQueue<>()))) {
            String[][] cases = {
                    {"/chat/x?token=wrong", "", "401"},                                  // middleware said no
                    {"/echo", "Origin: http://evil.example\r\n", "403"},                 // cross-site page
                    {"/echo", "Origin: http://127.0.0.1:" + server.port() + "\r\n", "101"}, // same origin
                    {"/partners", "Origin: https://partner.example\r\n", "101"},
                    {"/partners", "Origin: http://127.0.0.1:" + server.port() + "\r\n", "403"},
                    {"/nowhere", "", "404"},
            };
            for (String[] c : cases) {
                try (RawWsClient raw = new RawWsClient(server.port())) {
                    assertThat(raw.handshake(c[0], c[1])).as(c[0] + " " + c[1]).startsWith("HTTP/1.1 " + c[2]);
                }
            }
            // A plain GET on a WebSocket route: 426 Upgrade Required.
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawWsClient.readHead(s.getInputStream())).startsWith("HTTP/1.1 426").contains("sec-websocket-version: 13");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aThrowingCallbackClosesWith1011AndReachesOnError(String transport) throws Exception {
        LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(app(closes));
                RawWsClient raw = new RawWsClient(server.port())) {
            raw.handshake("/fails", "");
            raw.send(1, "go");
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1011);
            assertThat(closes.poll(20, TimeUnit.SECONDS)).isEqualTo("error:boom");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void idleTimeoutPingsAndCloseTimeout(String transport) throws Exception {
        Router r = Router.create();
        r.ws("/idle", ws -> ws.config(WebSocketConfig.builder().idleTimeout(Duration.ofMillis(400))
                .pingInterval(Duration.ZERO).closeTimeout(Duration.ofMillis(300)).build()).onText((s, t) -> { }));
        r.ws("/ping", ws -> ws.config(WebSocketConfig.builder().pingInterval(Duration.ofMillis(200)).build())
                .onText((s, t) -> { }));
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(r)) {
            try (RawWsClient raw = new RawWsClient(server.port())) {
                raw.handshake("/idle", "");
                RawWsClient.Frame close = raw.read(); // nothing sent: the idle timeout closes with 1001
                assertThat(close.opcode()).isEqualTo(8);
                assertThat(close.closeCode()).isEqualTo(1001);
                // We never answer the close: the close timeout drops the connection.
                assertThat(raw.endOfStream()).isTrue();
            }
            try (RawWsClient raw = new RawWsClient(server.port())) {
                raw.handshake("/ping", "");
                assertThat(raw.read().opcode()).isEqualTo(9); // a ping after 200 ms of silence
            }
        }
    }
}
