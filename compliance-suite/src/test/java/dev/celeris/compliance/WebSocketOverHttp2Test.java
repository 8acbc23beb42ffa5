package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.compliance.client.Frame;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.H2;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket over HTTP/2 (RFC 8441) with raw frames against the demo's {@code /ws/echo} on every
 * transport: the SETTINGS advertisement, the extended CONNECT, WebSocket frames in DATA, and bad
 * input on the stream (an unmasked frame → close 1002; {@code :protocol} on a GET → malformed).
 */
@Timeout(60)
class WebSocketOverHttp2Test {

    private static final int ENABLE_CONNECT_PROTOCOL = 0x8;

    static List<String> transports() {
        return CelerisServers.transports();
    }

    private static byte[] wsFrame(int opcode, String text, boolean masked) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        f.write((masked ? 0x80 : 0) | payload.length);
        byte[] key = {9, 8, 7, 6};
        if (masked) f.writeBytes(key);
        for (int i = 0; i < payload.length; i++) f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        return f.toByteArray();
    }

    private static byte[] connect(String path) {
        return HeaderBlock.create().literal(":method", "CONNECT").literal(":protocol", "websocket")
                .literal(":scheme", "http").literal(":path", path).literal(":authority", "127.0.0.1")
                .literal("sec-websocket-version", "13").bytes();
    }

    private static Frame data(RawClient c, int stream) throws Exception {
        return c.expectations().frame("DATA with payload on stream " + stream,
                f -> f.is(H2.DATA) && f.streamId() == stream && f.payload().length > 0);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void extendedConnectCarriesWebSocketFrames(String transport) throws Exception {
        int port = CelerisServers.server(transport).port();
        try (RawClient c = RawClient.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            c.handshake();
            // SPEC: RFC 8441 §3 the server advertises extended CONNECT.
            assertThat(c.serverSetting(ENABLE_CONNECT_PROTOCOL, 0)).isEqualTo(1);
            c.send(Frames.headers(1, H2.FLAG_END_HEADERS, connect("/ws/echo")));
            assertThat(c.expectations().response(1).header(":status")).isEqualTo("200");
            c.send(Frames.data(1, 0, wsFrame(1, "over h2", true)));
            assertThat(data(c, 1).payload()).isEqualTo(wsFrame(1, "over h2", false));
            // Bad input on the stream: an unmasked client frame is closed with 1002.
            c.send(Frames.data(1, 0, wsFrame(1, "unmasked", false)));
            byte[] close = data(c, 1).payload();
            assertThat(close[0] & 0xFF).isEqualTo(0x88);
            assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(1002);
            c.expectations().streamEnd(1);
            // The connection and its other streams are unaffected.
            c.expectations().alive();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void protocolPseudoHeaderOnlyOnConnect(String transport) throws Exception {
        int port = CelerisServers.server(transport).port();
        try (RawClient c = RawClient.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            c.handshake();
            byte[] block = HeaderBlock.request("GET", "/ws/echo", "127.0.0.1").literal(":protocol", "websocket").bytes();
            c.send(Frames.headers(1, H2.FLAG_END_HEADERS | H2.FLAG_END_STREAM, block));
            // SPEC: RFC 8441 §4 :protocol on another method is malformed (RFC 9113 §8.1.1: PROTOCOL_ERROR).
            c.expectations().streamError(1, H2.PROTOCOL_ERROR);
        }
    }
}
