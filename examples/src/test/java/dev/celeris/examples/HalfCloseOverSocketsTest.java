package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.internal.hpack.HpackDecoder;
import dev.celeris.router.Celeris;
import dev.celeris.router.Server;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP/2 clients that shut their write side (TCP half-close) after their requests, over real
 * sockets on every transport: a request already complete (END_STREAM) is still answered, then
 * the server closes; a request whose body can no longer come is reset with CANCEL.
 */
@Timeout(60)
class HalfCloseOverSocketsTest {

    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int END_STREAM = 1;
    private static final int END_HEADERS = 4;

    static List<String> transports() {
        List<String> names = Transports.available().stream().map(TransportProvider::name).filter(n -> !n.equals("memory")).toList();
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the class path");
        return names;
    }

    /** One frame as received. */
    private record Frame(int type, int flags, int stream, byte[] payload) {
    }

    @ParameterizedTest
    @MethodSource("transports")
    void completeRequestsAreAnsweredAfterTheClientHalfCloses(String transport) throws Exception {
        try (Server server = start(transport); Socket s = connect(server)) {
            OutputStream out = s.getOutputStream();
            preface(out);
            frame(out, HEADERS, END_HEADERS | END_STREAM, 1, request("GET", "/"));
            frame(out, HEADERS, END_HEADERS, 3, request("POST", "/echo", "content-type", "application/json"));
            frame(out, DATA, END_STREAM, 3, "{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();

            List<Frame> frames = readUntilClosed(s);
            assertThat(status(frames, 1)).isEqualTo("200");
            assertThat(body(frames, 1)).isEqualTo("Hello, Celeris!");
            assertThat(status(frames, 3)).isEqualTo("200");
            assertThat(body(frames, 3)).isEqualTo("{\"a\":1}");
            assertThat(frames).noneMatch(f -> f.type() == RST_STREAM);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aRequestStillWaitingForItsBodyIsCancelledTheOthersAnswered(String transport) throws Exception {
        try (Server server = start(transport); Socket s = connect(server)) {
            OutputStream out = s.getOutputStream();
            preface(out);
            frame(out, HEADERS, END_HEADERS, 1, request("POST", "/echo", "content-type", "application/json"));
            frame(out, DATA, 0, 1, "{\"a\":".getBytes(StandardCharsets.US_ASCII)); // the rest never comes
            frame(out, HEADERS, END_HEADERS | END_STREAM, 3, request("GET", "/"));
            s.shutdownOutput();

            List<Frame> frames = readUntilClosed(s);
            assertThat(body(frames, 3)).isEqualTo("Hello, Celeris!");
            assertThat(frames).anySatisfy(f -> {
                assertThat(f.type()).isEqualTo(RST_STREAM);
                assertThat(f.stream()).isEqualTo(1);
                assertThat(f.payload()).containsExactly(0, 0, 0, 8); // CANCEL
            });
            assertThat(frames).noneMatch(f -> f.type() == DATA && f.stream() == 1);
        }
    }

    private static Server start(String transport) {
        return Celeris.server().host("127.0.0.1").port(0).transport(transport)
                .shutdownGrace(Duration.ofSeconds(1)).start(DemoApp.router("secret"));
    }

    private static Socket connect(Server server) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(20_000);
        return s;
    }

    private static void preface(OutputStream out) throws Exception {
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(out, SETTINGS, 0, 0, new byte[0]);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws Exception {
        byte[] head = {(byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream};
        out.write(head);
        out.write(payload);
        out.flush();
    }

    /** A header block of literals without indexing (RFC 7541 §6.2.2), no Huffman coding. */
    private static byte[] request(String method, String path, String... extra) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<String> fields = new ArrayList<>(List.of(":method", method, ":scheme", "http", ":authority", "x", ":path", path));
        fields.addAll(List.of(extra));
        for (int i = 0; i < fields.size(); i += 2) {
            b.write(0);
            for (String str : new String[] {fields.get(i), fields.get(i + 1)}) {
                byte[] bytes = str.getBytes(StandardCharsets.US_ASCII);
                b.write(bytes.length); // < 127: one octet, H = 0
                b.writeBytes(bytes);
            }
        }
        return b.toByteArray();
    }

    /** Every frame until the server closes the connection (the test fails on the read timeout if it never does). */
    private static List<Frame> readUntilClosed(Socket s) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        List<Frame> frames = new ArrayList<>();
        while (true) {
            byte[] head = new byte[9];
            try {
                in.readFully(head);
            } catch (EOFException e) {
                return frames;
            }
            int len = ((head[0] & 0xFF) << 16) | ((head[1] & 0xFF) << 8) | (head[2] & 0xFF);
            byte[] payload = new byte[len];
            in.readFully(payload);
            int stream = ((head[5] & 0x7F) << 24) | ((head[6] & 0xFF) << 16) | ((head[7] & 0xFF) << 8) | (head[8] & 0xFF);
            frames.add(new Frame(head[3], head[4] & 0xFF, stream, payload));
        }
    }

    private static String status(List<Frame> frames, int stream) throws Exception {
        HpackDecoder decoder = new HpackDecoder(4096, 65536);
        String[] status = new String[1];
        for (Frame f : frames) {
            if (f.type() != HEADERS) continue;
            // Every block is decoded in order to keep the decoder's table in step; END_HEADERS on each (no CONTINUATION from this server for small heads).
            assertThat(f.flags() & END_HEADERS).isNotZero();
            decoder.decode(f.payload(), 0, f.payload().length, (name, value) -> {
                if (f.stream() == stream && name.equals(":status")) status[0] = value;
            });
        }
        return status[0];
    }

    private static String body(List<Frame> frames, int stream) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean ended = false;
        for (Frame f : frames) {
            if (f.type() != DATA || f.stream() != stream) continue;
            b.writeBytes(f.payload());
            ended |= (f.flags() & END_STREAM) != 0;
        }
        assertThat(ended).as("stream %d ended", stream).isTrue();
        return b.toString(StandardCharsets.UTF_8);
    }
}
