package dev.celeris.compliance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The expectation rules, against a scripted peer that writes fixed frames. */
@Timeout(20)
class ExpectationsTest {

    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) server.close();
    }

    /** A client whose peer writes {@code frames} and then closes (or keeps the socket open). */
    private RawClient peer(boolean closeAfter, byte[]... frames) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                for (byte[] f : frames) out.write(f);
                out.flush();
                if (!closeAfter) Thread.sleep(10_000); // outlasts the client's timeout
            } catch (IOException | InterruptedException ignored) {
                // test over
            }
        });
        // 2 s: the frames come at once, but a loaded 2-core CI box can stall this thread for a while
        return RawClient.connect("127.0.0.1", server.getLocalPort(), Duration.ofMillis(2_000));
    }

    @Test
    void connectionErrorAcceptsGoAwayWithTheCodeOrAClose() throws Exception {
        try (RawClient c = peer(false, Frames.goAway(0, H2.PROTOCOL_ERROR, new byte[0]))) {
            c.expectations().connectionError(H2.PROTOCOL_ERROR);
        }
        try (RawClient c = peer(true)) {
            c.expectations().connectionError(H2.PROTOCOL_ERROR);
        }
    }

    @Test
    void connectionErrorRejectsAnotherCodeAndSaysWhatItSaw() throws Exception {
        try (RawClient c = peer(false, Frames.goAway(0, H2.INTERNAL_ERROR, new byte[0]))) {
            assertThatThrownBy(() -> c.expectations().connectionError(H2.PROTOCOL_ERROR))
                    .isInstanceOf(CaseFailure.class)
                    .hasMessageContaining("expected GOAWAY PROTOCOL_ERROR or connection close")
                    .hasMessageContaining("GOAWAY INTERNAL_ERROR");
        }
    }

    @Test
    void goAwayStrictlyRejectsABareClose() throws Exception {
        try (RawClient c = peer(true)) {
            assertThatThrownBy(() -> c.expectations().goAway(H2.PROTOCOL_ERROR)).hasMessageContaining("connection closed");
        }
    }

    @Test
    void streamErrorSkipsOtherStreamsAndTimesOut() throws Exception {
        try (RawClient c = peer(false, Frames.rstStream(3, H2.PROTOCOL_ERROR), Frames.rstStream(1, H2.PROTOCOL_ERROR))) {
            c.expectations().streamError(1, H2.PROTOCOL_ERROR);
        }
        try (RawClient c = peer(false, Frames.ping(H2.FLAG_ACK, new byte[8]))) {
            assertThatThrownBy(() -> c.expectations().streamError(1, H2.PROTOCOL_ERROR))
                    .hasMessageContaining("PING ACK").hasMessageContaining("timeout after 2000 ms");
        }
    }

    @Test
    void theCloseStaysVisibleToLaterExpectations() throws Exception {
        try (RawClient c = peer(true, Frames.settings())) {
            c.expectations().closed();
            c.expectations().closed();
            assertThatThrownBy(() -> c.expectations().alive()).hasMessageContaining("connection closed");
        }
    }

    @Test
    void fieldBlocksSplitOverContinuationDecode() throws Exception {
        byte[] block = HeaderBlock.create().literal(":status", "200").literal("x-a", "b").bytes();
        try (RawClient c = peer(false, Frames.headers(1, 0, java.util.Arrays.copyOfRange(block, 0, 3)),
                Frames.continuation(1, H2.FLAG_END_HEADERS | H2.FLAG_END_STREAM, java.util.Arrays.copyOfRange(block, 3, block.length)))) {
            Frame f = c.expectations().response(1);
            assertThat(f.header(":status")).isEqualTo("200");
            assertThat(f.header("x-a")).isEqualTo("b");
        }
    }
}
