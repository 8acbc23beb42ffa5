package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_ACK;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_HEADERS;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_NONE;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_PADDED;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_PRIORITY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_CONTINUATION;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_DATA;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_GOAWAY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_HEADERS;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_PING;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_PRIORITY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_PUSH_PROMISE;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_RST_STREAM;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_SETTINGS;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_WINDOW_UPDATE;
import static dev.celeris.engine.internal.h2.frame.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.celeris.engine.internal.h2.H2Error;
import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every syntax error the parser checks gets the right error code and scope (fed whole, byte by
 * byte and at random splits), a message that names the problem, and a connection error is
 * sticky: a valid frame after it is never delivered.
 */
@Timeout(30)
class FrameParserErrorTest {

    private static final byte[] PING = Wire.create().frame(TYPE_PING, FLAG_NONE, 0, new byte[8]).bytes();

    static Stream<Arguments> connectionErrors() {
        return Stream.of(
                // SPEC: RFC 9113 §4.2
                err("DATA larger than the max frame size", H2Error.FRAME_SIZE_ERROR, "exceeds max frame size 16384",
                        Wire.create().frame(TYPE_DATA, FLAG_NONE, 1, new byte[16_385])),
                err("SETTINGS larger than the max frame size", H2Error.FRAME_SIZE_ERROR, "exceeds max frame size",
                        Wire.create().frame(16_386, TYPE_SETTINGS, FLAG_NONE, 0)),
                // SPEC: RFC 9113 §6.1-§6.4, §6.10: stream frames on stream 0
                err("DATA on stream 0", H2Error.PROTOCOL_ERROR, "DATA frame on stream 0",
                        Wire.create().frame(TYPE_DATA, FLAG_NONE, 0, hex("00"))),
                err("HEADERS on stream 0", H2Error.PROTOCOL_ERROR, "HEADERS frame on stream 0",
                        Wire.create().frame(TYPE_HEADERS, FLAG_END_HEADERS, 0, hex("82"))),
                err("PRIORITY on stream 0", H2Error.PROTOCOL_ERROR, "PRIORITY frame on stream 0",
                        Wire.create().frame(TYPE_PRIORITY, FLAG_NONE, 0, hex("00000001 00"))),
                err("RST_STREAM on stream 0", H2Error.PROTOCOL_ERROR, "RST_STREAM frame on stream 0",
                        Wire.create().frame(TYPE_RST_STREAM, FLAG_NONE, 0, hex("00000008"))),
                err("CONTINUATION on stream 0", H2Error.PROTOCOL_ERROR, "CONTINUATION on stream 0",
                        Wire.create().frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 0, hex("82"))),
                // SPEC: RFC 9113 §6.5, §6.7, §6.8: connection frames on a stream
                err("SETTINGS on stream 1", H2Error.PROTOCOL_ERROR, "SETTINGS frame on stream 1",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 1)),
                err("PING on stream 1", H2Error.PROTOCOL_ERROR, "PING frame on stream 1",
                        Wire.create().frame(TYPE_PING, FLAG_NONE, 1, new byte[8])),
                err("GOAWAY on stream 1", H2Error.PROTOCOL_ERROR, "GOAWAY frame on stream 1",
                        Wire.create().frame(TYPE_GOAWAY, FLAG_NONE, 1, new byte[8])),
                // SPEC: RFC 9113 §6.5
                err("SETTINGS length not a multiple of 6", H2Error.FRAME_SIZE_ERROR, "not a multiple of 6",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0003 000064"))),
                err("SETTINGS ACK with a payload", H2Error.FRAME_SIZE_ERROR, "SETTINGS ACK with a 6-byte payload",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_ACK, 0, hex("0003 00000064"))),
                // SPEC: RFC 9113 §6.5.2 value ranges
                err("ENABLE_PUSH 2", H2Error.PROTOCOL_ERROR, "ENABLE_PUSH must be 0 or 1, got 2",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0002 00000002"))),
                err("INITIAL_WINDOW_SIZE 2^31", H2Error.FLOW_CONTROL_ERROR, "INITIAL_WINDOW_SIZE 2147483648",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0004 80000000"))),
                err("MAX_FRAME_SIZE 16383", H2Error.PROTOCOL_ERROR, "MAX_FRAME_SIZE 16383 outside",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0005 00003fff"))),
                err("MAX_FRAME_SIZE 2^24", H2Error.PROTOCOL_ERROR, "MAX_FRAME_SIZE 16777216 outside",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0005 01000000"))),
                err("ENABLE_CONNECT_PROTOCOL 2", H2Error.PROTOCOL_ERROR, "ENABLE_CONNECT_PROTOCOL must be 0 or 1",
                        Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0008 00000002"))),
                // SPEC: RFC 9113 §6.7, §6.4, §6.9, §6.8 fixed lengths
                err("PING of 7 bytes", H2Error.FRAME_SIZE_ERROR, "PING length 7, must be 8",
                        Wire.create().frame(TYPE_PING, FLAG_NONE, 0, new byte[7])),
                err("PING ACK of 9 bytes", H2Error.FRAME_SIZE_ERROR, "PING length 9, must be 8",
                        Wire.create().frame(TYPE_PING, FLAG_ACK, 0, new byte[9])),
                err("RST_STREAM of 3 bytes", H2Error.FRAME_SIZE_ERROR, "RST_STREAM length 3, must be 4",
                        Wire.create().frame(TYPE_RST_STREAM, FLAG_NONE, 1, new byte[3])),
                err("RST_STREAM of 5 bytes", H2Error.FRAME_SIZE_ERROR, "RST_STREAM length 5, must be 4",
                        Wire.create().frame(TYPE_RST_STREAM, FLAG_NONE, 1, new byte[5])),
                err("WINDOW_UPDATE of 3 bytes", H2Error.FRAME_SIZE_ERROR, "WINDOW_UPDATE length 3, must be 4",
                        Wire.create().frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 1, new byte[3])),
                err("WINDOW_UPDATE of 5 bytes on stream 0", H2Error.FRAME_SIZE_ERROR, "WINDOW_UPDATE length 5",
                        Wire.create().frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 0, new byte[5])),
                err("GOAWAY of 7 bytes", H2Error.FRAME_SIZE_ERROR, "GOAWAY length 7 is less than 8",
                        Wire.create().frame(TYPE_GOAWAY, FLAG_NONE, 0, new byte[7])),
                // SPEC: RFC 9113 §6.1, §6.2 padding
                err("DATA padding equal to the payload", H2Error.PROTOCOL_ERROR, "pad length 3 >= payload length 3",
                        Wire.create().frame(TYPE_DATA, FLAG_PADDED, 1, hex("03 0000"))),
                err("DATA padding larger than the payload", H2Error.PROTOCOL_ERROR, "pad length 255 >= payload length 1",
                        Wire.create().frame(TYPE_DATA, FLAG_PADDED, 1, hex("ff"))),
                err("PADDED DATA without a pad length", H2Error.FRAME_SIZE_ERROR, "PADDED but empty",
                        Wire.create().frame(TYPE_DATA, FLAG_PADDED, 1)),
                err("HEADERS padding too large", H2Error.PROTOCOL_ERROR, "pad length 3 too large for payload length 3",
                        Wire.create().frame(TYPE_HEADERS, FLAG_PADDED | FLAG_END_HEADERS, 1, hex("03 8286"))),
                err("HEADERS padding too large with priority", H2Error.PROTOCOL_ERROR, "pad length 1 too large",
                        Wire.create().frame(TYPE_HEADERS, FLAG_PADDED | FLAG_PRIORITY | FLAG_END_HEADERS, 1,
                                hex("01 00000000 0f"))),
                err("HEADERS PRIORITY flag without the fields", H2Error.FRAME_SIZE_ERROR, "PRIORITY flag but 4 bytes",
                        Wire.create().frame(TYPE_HEADERS, FLAG_PRIORITY | FLAG_END_HEADERS, 1, hex("00000000"))),
                // SPEC: RFC 9113 §8.4
                err("PUSH_PROMISE from a client", H2Error.PROTOCOL_ERROR, "PUSH_PROMISE received from a client",
                        Wire.create().frame(TYPE_PUSH_PROMISE, FLAG_END_HEADERS, 1, hex("00000002 82"))));
    }

    private static Arguments err(String name, H2Error error, String message, Wire wire) {
        return Arguments.of(name, error, message, wire.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionErrors")
    void connectionError(String name, H2Error error, String message, byte[] bytes) {
        // A valid PING after the bad frame proves the error is sticky: it is never delivered.
        byte[] input = Wire.concat(bytes, PING);
        assertThat(Feed.allWaysAndTwice(input)).containsExactly("CONNECTION_ERROR " + error);
        H2Exception e = firstError(input);
        assertThat(e.isConnectionError()).isTrue();
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void oversizedFrameFailsFromItsHeaderBeforeThePayloadArrives() {
        byte[] header = Wire.create().frame(1 << 20, TYPE_DATA, FLAG_NONE, 1).bytes();
        assertThat(Feed.allWays(header)).containsExactly("CONNECTION_ERROR FRAME_SIZE_ERROR");
    }

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                // SPEC: RFC 9113 §6.3 a PRIORITY of the wrong length is a stream error
                Arguments.of("PRIORITY of 4 bytes", H2Error.FRAME_SIZE_ERROR, "PRIORITY on stream 3 has length 4, not 5",
                        Wire.create().frame(TYPE_PRIORITY, FLAG_NONE, 3, new byte[4]).bytes()),
                Arguments.of("PRIORITY of 6 bytes", H2Error.FRAME_SIZE_ERROR, "has length 6, not 5",
                        Wire.create().frame(TYPE_PRIORITY, FLAG_NONE, 3, new byte[6]).bytes()),
                // SPEC: RFC 9113 §5.3.1 a stream cannot depend on itself
                Arguments.of("PRIORITY self-dependency", H2Error.PROTOCOL_ERROR, "stream 3 depends on itself",
                        Wire.create().frame(TYPE_PRIORITY, FLAG_NONE, 3, hex("80000003 10")).bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamErrors")
    void streamErrorResetsOneStreamAndParsingGoesOn(String name, H2Error error, String message, byte[] bytes) {
        byte[] input = Wire.concat(bytes, PING);
        assertThat(Feed.allWaysAndTwice(input)).containsExactly("STREAM_ERROR 3 " + error, "PING 0");
        H2Exception e = firstError(input);
        assertThat(e.streamId()).isEqualTo(3);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void badPrefaceIsAProtocolError() {
        byte[] http1 = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Feed.allWays(Wire.concat(http1, PING), l -> Feed.DEFAULT.apply(l).expectPreface(true)))
                .containsExactly("CONNECTION_ERROR PROTOCOL_ERROR");
        byte[] almost = Frames.preface();
        almost[23] = 'x';
        assertThat(Feed.allWays(Wire.concat(almost, PING), l -> Feed.DEFAULT.apply(l).expectPreface(true)))
                .containsExactly("CONNECTION_ERROR PROTOCOL_ERROR");
        H2Exception e = firstError(almost, Feed.DEFAULT.andThen(p -> p.expectPreface(true)));
        assertThat(e.getMessage()).isEqualTo("invalid connection preface (mismatch at byte 23)");
    }

    @Test
    void prefaceMustBeFollowedBySettings() {
        byte[] thenPing = Wire.concat(Frames.preface(), PING);
        assertThat(Feed.allWays(thenPing, l -> Feed.DEFAULT.apply(l).expectPreface(true)))
                .containsExactly("CONNECTION_ERROR PROTOCOL_ERROR");
        byte[] thenAck = Wire.create().preface().frame(TYPE_SETTINGS, FLAG_ACK, 0).bytes();
        assertThat(Feed.allWays(thenAck, l -> Feed.DEFAULT.apply(l).expectPreface(true)))
                .containsExactly("CONNECTION_ERROR PROTOCOL_ERROR");
        assertThat(firstError(thenPing, Feed.DEFAULT.andThen(p -> p.expectPreface(true))).getMessage())
                .isEqualTo("connection preface must be followed by SETTINGS, got PING");
    }

    @Test
    void listenerConnectionErrorIsStickyAndStreamErrorIsNot() throws H2Exception {
        byte[] input = Wire.create()
                .frame(TYPE_DATA, FLAG_NONE, 1, hex("aa"))
                .frame(TYPE_DATA, FLAG_NONE, 2, hex("bb"))
                .frame(TYPE_DATA, FLAG_NONE, 3, hex("cc"))
                .bytes();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
                super.onData(streamId, data, flowControlledLength, endStream);
                if (streamId == 1) throw H2Exception.streamError(1, H2Error.STREAM_CLOSED, "closed");
                if (streamId == 2) throw H2Exception.connectionError(H2Error.FLOW_CONTROL_ERROR, "window");
            }
        };
        FrameParser parser = Feed.DEFAULT.apply(listener);
        Feed.parseAll(parser, ByteBuffer.wrap(input), listener.events);
        Feed.parseAll(parser, ByteBuffer.wrap(input), listener.events);
        assertThat(listener.events).containsExactly("DATA 1 aa flow=1", "STREAM_ERROR 1 STREAM_CLOSED", "DATA 2 bb flow=1",
                "CONNECTION_ERROR FLOW_CONTROL_ERROR");
    }

    @Test
    void listenerBugIsTerminalToo() throws H2Exception {
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onPing(boolean ack, long opaqueData) {
                throw new IllegalStateException("bug");
            }
        };
        FrameParser parser = Feed.DEFAULT.apply(listener);
        ByteBuffer chunk = ByteBuffer.wrap(Wire.concat(PING, PING));
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> parser.parse(chunk))).hasMessage("bug");
        assertThat(parser.isFailed()).isTrue();
        assertThat(chunk.hasRemaining()).isFalse();
        parser.parse(ByteBuffer.wrap(PING)); // ignored, no throw
    }

    private static H2Exception firstError(byte[] bytes) {
        return firstError(bytes, Feed.DEFAULT);
    }

    private static H2Exception firstError(byte[] bytes, java.util.function.Function<FrameListener, FrameParser> factory) {
        FrameParser parser = factory.apply(new RecordingListener());
        return catchThrowableOfType(H2Exception.class, () -> parser.parse(ByteBuffer.wrap(bytes)));
    }
}
