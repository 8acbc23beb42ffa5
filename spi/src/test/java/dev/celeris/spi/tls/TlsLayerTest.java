package dev.celeris.spi.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.testkit.TlsTestCertificates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TLS layer against a JDK client engine, in memory: records split anywhere, ALPN, closes, failures. */
@Timeout(60)
class TlsLayerTest {

    private static TlsConfig.Builder config() {
        return TlsTestCertificates.server();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 100, 5000})
    void echoesWhateverWayTheRecordsAreCut(int split) throws Exception {
        for (int run = 0; run < 2; run++) { // twice: a fresh connection behaves the same
            TlsPair pair = new TlsPair(config().build(), List.of("h2", "http/1.1"));
            pair.split = split;
            pair.handshake();
            assertThat(pair.echo.connection).as("opened after the handshake").isNotNull();
            byte[] data = new byte[split == 1 ? 20_000 : 200_000];
            new Random(run).nextBytes(data);
            ByteBuffer out = ByteBuffer.wrap(data);
            java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
            while (out.hasRemaining()) {
                ByteBuffer piece = out.slice(out.position(), Math.min(out.remaining(), 30_000));
                out.position(out.position() + piece.remaining());
                pair.pump(piece);
                back.writeBytes(pair.clientReceived());
            }
            pair.pump(ByteBuffer.allocate(0));
            back.writeBytes(pair.clientReceived());
            assertThat(pair.echo.received.toByteArray()).isEqualTo(data);
            assertThat(back.toByteArray()).isEqualTo(data);
            assertThat(pair.server.retainedBufferBytes()).as("nothing kept between records").isZero();
        }
    }

    @Test
    void aRecordReceivedInPartIsTheOnlyBufferKept() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.handshake();
        ByteBuffer net = ByteBuffer.allocate(40_000);
        pair.client.wrap(ByteBuffer.wrap(new byte[10_000]), net);
        net.flip();
        int half = net.remaining() / 2;
        pair.server.onData(net.slice(0, half));
        assertThat(pair.server.retainedBufferBytes()).isBetween(half, TlsConnectionHandler.MAX_RECORD);
        pair.server.onData(net.slice(half, net.remaining() - half));
        assertThat(pair.server.retainedBufferBytes()).isZero();
        assertThat(pair.echo.received.size()).isEqualTo(10_000);
    }

    @Test
    void alpnPicksTheServersFirstProtocolTheClientOffers() throws Exception {
        assertThat(negotiated(config(), List.of("http/1.1", "h2"))).isEqualTo("h2");
        assertThat(negotiated(config(), List.of("http/1.1"))).isEqualTo("http/1.1");
        assertThat(negotiated(config(), null)).as("no ALPN from the client").isNull();
        assertThat(negotiated(config().applicationProtocols(List.of("http/1.1")), List.of("h2", "http/1.1")))
                .as("applicationProtocols option").isEqualTo("http/1.1");
    }

    @Test
    void noCommonAlpnProtocolFailsTheHandshakeWithAnAlert() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("spdy/3", "imap"));
        org.assertj.core.api.Assertions.assertThatThrownBy(pair::handshake).isInstanceOf(SSLException.class)
                .hasMessageContaining("no_application_protocol");
        assertThat(pair.echo.connection).as("the protocol never opened").isNull();
        assertThat(pair.transport.isOpen()).isFalse();
    }

    @Test
    void h2IsNotNegotiatedOverACipherSuiteRfc9113Forbids() throws Exception {
        String cbc = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
        TlsPair pair = new TlsPair(config().cipherSuites(List.of(cbc, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build(),
                List.of("h2", "http/1.1"), "TLSv1.2");
        SSLParameters p = pair.client.getSSLParameters();
        p.setCipherSuites(new String[] {cbc});
        pair.client.setSSLParameters(p);
        pair.handshake();
        assertThat(pair.echo.connection.tlsSession().getCipherSuite()).isEqualTo(cbc);
        assertThat(pair.echo.connection.applicationProtocol()).isEqualTo("http/1.1");

        TlsPair good = new TlsPair(config().cipherSuites(List.of(cbc, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build(),
                List.of("h2", "http/1.1"), "TLSv1.2");
        good.handshake();
        assertThat(good.echo.connection.tlsSession().getCipherSuite()).as("cipherSuites option, in its order").isEqualTo(cbc);
    }

    @Test
    void protocolsOptionLimitsTheTlsVersion() throws Exception {
        TlsPair pair = new TlsPair(config().protocols(List.of("TLSv1.2")).build(), List.of("h2"));
        pair.handshake();
        assertThat(pair.echo.connection.tlsSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(pair.echo.connection.applicationProtocol()).isEqualTo("h2");
        TlsPair tls13 = new TlsPair(config().build(), List.of("h2"));
        tls13.handshake();
        assertThat(tls13.echo.connection.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void renegotiationIsRefused() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("http/1.1"), "TLSv1.2");
        pair.handshake();
        pair.pump(ByteBuffer.wrap("before".getBytes(StandardCharsets.US_ASCII)));
        assertThat(pair.clientReceived()).isEqualTo("before".getBytes(StandardCharsets.US_ASCII));
        pair.client.beginHandshake();
        try {
            pair.pump(ByteBuffer.allocate(0));
        } catch (SSLException ignored) {
            // the client may see the alert
        }
        assertThat(pair.transport.isOpen()).as("renegotiation closes the connection").isFalse();
    }

    @Test
    void handshakeTimeoutClosesASilentConnection() throws Exception {
        TlsPair pair = new TlsPair(config().handshakeTimeout(Duration.ofMillis(50)).build(), List.of("h2"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pair.transport.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            pair.transport.runTasks();
        }
        assertThat(pair.transport.aborted).isTrue();
        assertThat(pair.echo.connection).isNull();

        TlsPair patient = new TlsPair(config().handshakeTimeout(Duration.ofSeconds(60)).build(), List.of("h2"));
        Thread.sleep(300);
        patient.transport.runTasks();
        assertThat(patient.transport.isOpen()).as("a 60 s timeout has not fired").isTrue();
        patient.handshake();
        assertThat(patient.echo.connection).isNotNull();
    }

    @Test
    void garbageRecordsCloseTheConnection() throws Exception {
        byte[] garbage = new byte[300];
        new Random(3).nextBytes(garbage);
        garbage[0] = 0x16;
        garbage[1] = 3;
        garbage[2] = 3;
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.server.onData(ByteBuffer.wrap(garbage));
        assertThat(pair.transport.isOpen()).isFalse();
        assertThat(pair.echo.connection).isNull();
        pair.server.onData(ByteBuffer.wrap(garbage)); // input after the failure is ignored
        pair.server.onClose(null);
        assertThat(pair.server.retainedBufferBytes()).isZero();
    }

    @Test
    void oversizedRecordHeaderIsRefused() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.server.onData(ByteBuffer.wrap(new byte[] {0x16, 3, 3, (byte) 0xff, (byte) 0xff, 1, 2, 3}));
        assertThat(pair.transport.isOpen()).isFalse();
    }

    @Test
    void plainHttpOnTheTlsPortGetsA400() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.server.onData(ByteBuffer.wrap("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        String answer = new String(pair.transport.take(), StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("speaks HTTPS");
        assertThat(pair.transport.closed).isTrue();
    }

    @Test
    void clientCloseNotifyHalfClosesAndTheLayerClosesBack() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.handshake();
        pair.client.closeOutbound();
        pair.pump(ByteBuffer.allocate(0));
        assertThat(pair.echo.inputClosed).isTrue();
        assertThat(pair.transport.closed).isTrue();
        assertThat(pair.client.isInboundDone()).as("the server's close_notify reached the client").isTrue();
    }

    @Test
    void protocolCloseSendsCloseNotifyAfterQueuedData() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.handshake();
        pair.echo.connection.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)));
        pair.echo.connection.close();
        pair.pump(ByteBuffer.allocate(0));
        assertThat(pair.clientReceived()).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
        assertThat(pair.client.isInboundDone()).isTrue();
        assertThat(pair.transport.closed).isTrue();
        pair.echo.connection.write(ByteBuffer.wrap("late".getBytes(StandardCharsets.US_ASCII)));
        pair.echo.connection.flush();
        assertThat(pair.transport.take()).as("writes after close are dropped").isEmpty();
    }

    @Test
    void theProtocolSeesTheSessionAndBackPressureOfTheTransport() throws Exception {
        TlsPair pair = new TlsPair(config().build(), List.of("h2"));
        pair.handshake();
        var c = pair.echo.connection;
        assertThat(c.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(c.remoteAddress()).isEqualTo(pair.transport.remoteAddress());
        c.write(ByteBuffer.allocate(1000));
        assertThat(c.queuedBytes()).as("plaintext queued before flush counts").isEqualTo(1000);
        c.flush();
        c.setAutoRead(false);
        assertThat(pair.transport.autoRead).isFalse();
        assertThat(pair.client.getHandshakeStatus()).isEqualTo(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING);
    }

    private static String negotiated(TlsConfig.Builder server, List<String> clientAlpn) throws Exception {
        TlsPair pair = new TlsPair(server.build(), clientAlpn);
        pair.handshake();
        assertThat(pair.echo.connection).isNotNull();
        return pair.echo.connection.applicationProtocol();
    }
}
