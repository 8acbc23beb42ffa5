package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.proxy.ProxyProtocolConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Celeris.server().proxyProtocol(...)} on every transport: the header is read before
 * protocol detection, the handler sees the announced client, and a connection without a valid
 * header is closed unanswered. Without the option the same bytes are not a PROXY header.
 */
@Timeout(60)
class ProxyProtocolOverSocketsTest {

    private static Router who() {
        Router r = Router.create();
        r.get("/who", ctx -> ctx.string(ctx.clientIp() + " " + ((InetSocketAddress) ctx.remoteAddress()).getPort()
                + " " + ctx.protocol()));
        return r;
    }

    private static Server start(String transport, boolean proxy) {
        ServerBuilder b = Celeris.server().host("127.0.0.1").port(0).transport(transport);
        if (proxy) b.proxyProtocol(ProxyProtocolConfig.defaults());
        return b.start(who());
    }

    /** Sends {@code prefix} then an HTTP/1.1 request, returns everything read until the server closes. */
    private static String exchange(Server server, byte[] prefix) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(prefix);
            request.writeBytes("GET /who HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(request.toByteArray()); // one write: a rejecting server may reset before a second one
                out.flush();
            } catch (java.net.SocketException reset) {
                return ""; // rejected before the request was even sent: unanswered
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(got);
            } catch (java.net.SocketException reset) {
                // closed abortively: what was read is the answer
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @MethodSource("dev.celeris.router.RouterOverSocketsTest#transports")
    void v1HeaderGivesTheHandlerTheClientsAddress(String transport) throws Exception {
        try (Server server = start(transport, true)) {
            String res = exchange(server, ascii("PROXY TCP4 198.51.100.9 127.0.0.1 40000 8080\r\n"));
            assertThat(res).startsWith("HTTP/1.1 200").endsWith("198.51.100.9 40000 HTTP/1.1");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.celeris.router.RouterOverSocketsTest#transports")
    void v2HeaderIsStrippedBeforeProtocolDetection(String transport) throws Exception {
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        v2.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x21, 0, 36});
        byte[] addresses = new byte[36];
        addresses[0] = 0x20; addresses[1] = 0x01; addresses[2] = 0x0d; addresses[3] = (byte) 0xb8; addresses[15] = 0x42;
        addresses[31] = 1;
        addresses[32] = (byte) 0xEA; addresses[33] = 0x60; // 60000
        addresses[34] = 0x1F; addresses[35] = (byte) 0x90;
        v2.writeBytes(addresses);
        try (Server server = start(transport, true)) {
            assertThat(exchange(server, v2.toByteArray())).startsWith("HTTP/1.1 200").endsWith("2001:db8:0:0:0:0:0:42 60000 HTTP/1.1");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.celeris.router.RouterOverSocketsTest#transports")
    void withoutAValidHeaderTheConnectionIsClosedUnanswered(String transport) throws Exception {
        try (Server server = start(transport, true)) {
            assertThat(exchange(server, new byte[0])).as("plain HTTP on a PROXY listener").isEmpty();
            assertThat(exchange(server, ascii("PROXY TCP4 evil.example 127.0.0.1 1 2\r\n"))).isEmpty();
            // The listener still serves well-formed connections afterwards.
            assertThat(exchange(server, ascii("PROXY TCP4 192.0.2.1 127.0.0.1 1 2\r\n"))).endsWith("192.0.2.1 1 HTTP/1.1");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.celeris.router.RouterOverSocketsTest#transports")
    void withoutTheOptionAPROXYLineIsNotBelieved(String transport) throws Exception {
        try (Server server = start(transport, false)) {
            String res = exchange(server, ascii("PROXY TCP4 198.51.100.9 127.0.0.1 40000 8080\r\n"));
            assertThat(res).doesNotContain("198.51.100.9");
            assertThat(exchange(server, new byte[0])).endsWith(" HTTP/1.1").contains("127.0.0.1");
        }
    }
}
