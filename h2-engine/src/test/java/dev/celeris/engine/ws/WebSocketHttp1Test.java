package dev.celeris.engine.ws;

import dev.celeris.spi.testkit.RawWsClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WebSocket over HTTP/1.1 on the engine: the JDK's client, and a raw socket for the handshake rules. */
class WebSocketHttp1Test {

    /** Collects what the JDK client receives. */
    static final class Collector implements java.net.http.WebSocket.Listener {
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                events.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(java.net.http.WebSocket ws, ByteBuffer message) {
            events.add("pong:" + StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode);
            return null;
        }

        Object next() throws InterruptedException {
            Object o = events.poll(20, TimeUnit.SECONDS);
            if (o == null) throw new AssertionError("nothing received in 20 s");
            return o;
        }
    }

    @Test
    void jdkClientEchoesTextBinaryPingAndCloses() throws Exception {
        try (WsTestServer server = WsTestServer.echo(WebSocketConfig.builder().maxFrameSize(20 << 20).maxMessageSize(20 << 20).build());
                HttpClient client = HttpClient.newHttpClient()) {
            Collector c = new Collector();
            java.net.http.WebSocket ws = client.newWebSocketBuilder().subprotocols("echo")
                    .buildAsync(URI.create(server.wsUrl("/ws")), c).get(20, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("echo");
            ws.sendText("hello ☃", true).join();
            assertThat(c.next()).isEqualTo("hello ☃");
            ws.sendText("frag", false).join();
            ws.sendText("mented", true).join();
            assertThat(c.next()).isEqualTo("fragmented");
            byte[] big = new byte[3 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
            ws.sendBinary(ByteBuffer.wrap(big), true).join();
            assertThat((byte[]) c.next()).isEqualTo(big);
            ws.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(c.next()).isEqualTo("pong:p");
            ws.sendClose(4001, "done").join();
            assertThat(c.next()).isEqualTo("close:4001"); // the server echoes the code
        }
    }

    @Test
    void serverInitiatedCloseCarriesTheCode() throws Exception {
        try (WsTestServer server = WsTestServer.echo(WebSocketConfig.defaults());
                HttpClient client = HttpClient.newHttpClient()) {
            Collector c = new Collector();
            java.net.http.WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(URI.create(server.wsUrl("/ws")), c).get(20, TimeUnit.SECONDS);
            ws.sendText("close:4321", true).join();
            assertThat(c.next()).isEqualTo("close:4321"); // the JDK client answers the close frame itself
        }
    }

    @Test
    void handshakeRules() throws Exception {
        try (WsTestServer server = WsTestServer.echo(WebSocketConfig.defaults())) {
            try (RawWsClient raw = new RawWsClient(server.port())) {
                String head = raw.handshake("/ws", "");
                assertThat(head).startsWith("HTTP/1.1 101 ").containsIgnoringCase("upgrade: websocket")
                        .contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455 §1.3 example
            }
            for (String[] bad : List.of(
                    new String[] {"Sec-WebSocket-Key: short\r\n", "400"},
                    new String[] {"Sec-WebSocket-Version: 8\r\n", "426"})) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                    String key = bad[0].startsWith("Sec-WebSocket-Key") ? bad[0] : "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
                    String version = bad[0].startsWith("Sec-WebSocket-Version") ? bad[0] : "Sec-WebSocket-Version: 13\r\n";
                    s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + key + version + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    String head = RawWsClient.readHead(s.getInputStream());
                    assertThat(head).startsWith("HTTP/1.1 " + bad[1]);
                    if (bad[1].equals("426")) {
                        // SPEC: RFC 9110 §15.5.22 a 426 names the protocol in Upgrade (and §7.8 the connection option).
                        assertThat(head).contains("sec-websocket-version: 13", "upgrade: websocket\r\n", "connection: upgrade");
                    }
                }
            }
        }
    }

    @Test
    void aBurstOfPingsAlwaysGetsThePongOfTheLastOne() throws Exception {
        try (WsTestServer server = WsTestServer.echo(WebSocketConfig.builder().maxPingsPerSecond(10_000).build());
                RawWsClient raw = new RawWsClient(server.port())) {
            raw.handshake("/ws", "");
            // 200 pings in one write: far more than the pongs allowed to wait, so some are skipped.
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 200; i++) {
                byte[] p = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                burst.write(0x89);
                burst.write(0x80 | p.length);
                burst.writeBytes(new byte[4]); // a zero masking key leaves the payload as it is
                burst.writeBytes(p);
            }
            raw.out.write(burst.toByteArray());
            raw.out.flush();
            // SPEC: RFC 6455 §5.5.3 pongs for earlier pings may be skipped, never the most recent one's.
            int last = -1;
            while (last < 199) {
                RawWsClient.Frame f = raw.read();
                assertThat(f.opcode()).isEqualTo(0xA);
                int n = Integer.parseInt(f.text());
                assertThat(n).as("pongs in order").isGreaterThan(last);
                last = n;
            }
            raw.send(1, "still open");
            assertThat(raw.read().text()).isEqualTo("still open");
        }
    }

    @Test
    void rejectedUpgradeKeepsTheConnectionForHttp() throws Exception {
        try (WsTestServer server = WsTestServer.start((req, res) -> res.status(403).send("no"));
                RawWsClient raw = new RawWsClient(server.port())) {
            assertThat(raw.handshake("/ws", "")).startsWith("HTTP/1.1 403");
            raw.in.readNBytes(2); // "no"
            raw.out.write("GET /next HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawWsClient.readHead(raw.in)).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void badFramesGetTheirCloseCodes() throws Exception {
        WebSocketConfig config = WebSocketConfig.builder().maxFrameSize(1000).maxMessageSize(1500).build();
        try (WsTestServer server = WsTestServer.echo(config)) {
            record Case(String name, int code, CheckedSend send) {
            }
            List<Case> cases = List.of(
                    new Case("unmasked", 1002, c -> c.send(1, true, "x".getBytes(), false)),
                    new Case("oversized frame", 1009, c -> c.send(2, true, new byte[1001], true)),
                    new Case("oversized message", 1009, c -> {
                        c.send(2, false, new byte[1000], true);
                        c.send(0, true, new byte[1000], true);
                    }),
                    new Case("bad utf-8", 1007, c -> c.send(1, true, new byte[] {(byte) 0xC0, (byte) 0x80}, true)),
                    new Case("reserved opcode", 1002, c -> c.send(3, true, new byte[0], true)),
                    new Case("ping flood", 1008, c -> {
                        // One write, so the server reads every ping before it closes (no reset of unread bytes).
                        byte[] ping = {(byte) 0x89, (byte) 0x80, 1, 2, 3, 4};
                        java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
                        for (int i = 0; i < 60; i++) flood.write(ping);
                        c.out.write(flood.toByteArray());
                    }));
            for (Case k : cases) {
                try (RawWsClient c = new RawWsClient(server.port())) {
                    assertThat(c.handshake("/ws", "")).startsWith("HTTP/1.1 101");
                    k.send().send(c);
                    RawWsClient.Frame close = c.readUntilClose();
                    assertThat(close.closeCode()).as(k.name()).isEqualTo(k.code());
                    assertThat(c.endOfStream()).as(k.name() + ": connection closed after the close frame").isTrue();
                }
            }
            // Neighbours are unaffected: a fresh session still echoes.
            try (RawWsClient c = new RawWsClient(server.port())) {
                c.handshake("/ws", "");
                c.send(1, "still here");
                assertThat(c.read().text()).isEqualTo("still here");
            }
        }
    }

    @FunctionalInterface
    interface CheckedSend {
        void send(RawWsClient c) throws Exception;
    }

    @Test
    void permessageDeflateIsNegotiatedWithTheJdkClientOff() throws Exception {
        // The JDK client offers no extensions; a raw offer gets the negotiated answer and compressed echoes.
        try (WsTestServer server = WsTestServer.echo(WebSocketConfig.defaults());
                RawWsClient c = new RawWsClient(server.port())) {
            String head = c.handshake("/ws", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
            assertThat(head).contains("sec-websocket-extensions: permessage-deflate");
            String text = "abc".repeat(100);
            c.send(1, text);
            RawWsClient.Frame f = c.read();
            assertThat(f.payload().length).isLessThan(text.length()); // compressed (RSV1)
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            inf.setInput(ByteBuffer.allocate(f.payload().length + 4).put(f.payload()).put(new byte[] {0, 0, -1, -1}).flip());
            byte[] out = new byte[1000];
            int n = inf.inflate(out);
            assertThat(new String(out, 0, n, StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }
}
