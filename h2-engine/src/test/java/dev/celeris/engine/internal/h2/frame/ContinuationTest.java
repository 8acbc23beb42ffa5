package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_HEADERS;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_STREAM;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_NONE;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_PADDED;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_PRIORITY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_CONTINUATION;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_DATA;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_HEADERS;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_PING;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_SETTINGS;
import static dev.celeris.engine.internal.h2.frame.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONTINUATION sequencing (RFC 9113 §6.2, §6.10) and its flood limits (CVE-2024-27316 family). */
@Timeout(30)
class ContinuationTest {

    private static final byte[] PING = Wire.create().frame(TYPE_PING, FLAG_NONE, 0, new byte[8]).bytes();

    @Test
    void blockSplitOverContinuationsIsDeliveredOnceWithTheHeadersFlagsAndPriority() {
        byte[] bytes = Wire.create()
                .frame(TYPE_HEADERS, FLAG_END_STREAM | FLAG_PADDED | FLAG_PRIORITY, 3, hex("01 00000001 0f 8286 00"))
                .frame(TYPE_CONTINUATION, FLAG_NONE, 3, hex("84"))
                .frame(TYPE_CONTINUATION, FLAG_NONE, 3)
                .frame(TYPE_CONTINUATION, FLAG_END_HEADERS | FLAG_END_STREAM, 3, hex("4188aa69d29ac4b9ec9b"))
                .frame(TYPE_DATA, FLAG_END_STREAM, 5, hex("ff")) // flags/stream after the block are free again
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly(
                "HEADERS 3 8286844188aa69d29ac4b9ec9b END_STREAM Priority[streamDependency=1, weight=16, exclusive=false]",
                "DATA 5 ff flow=1 END_STREAM");
    }

    @Test
    void largeBlocksAreAssembledWhateverTheirSize() {
        byte[] first = Wire.repeat(16_384, 0x11);
        byte[] second = Wire.repeat(16_384, 0x22);
        byte[] third = Wire.repeat(5, 0x33);
        byte[] bytes = Wire.create()
                .frame(TYPE_HEADERS, FLAG_NONE, 1, first)
                .frame(TYPE_CONTINUATION, FLAG_NONE, 1, second)
                .frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, third)
                .bytes();
        String block = HexFormat.of().formatHex(Wire.concat(first, second, third));
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("HEADERS 1 " + block);
    }

    @Test
    void anyOtherFrameInsideABlockIsAProtocolError() throws H2Exception {
        Wire open = Wire.create().frame(TYPE_HEADERS, FLAG_NONE, 1, hex("82"));
        for (byte[] intruder : List.of(
                Wire.create().frame(TYPE_DATA, FLAG_NONE, 1, hex("00")).bytes(),
                Wire.create().frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, hex("82")).bytes(),
                Wire.create().frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 3, hex("82")).bytes(),
                Wire.create().frame(TYPE_SETTINGS, FLAG_NONE, 0).bytes(),
                PING,
                Wire.create().frame(0x0b, FLAG_NONE, 0).bytes())) { // SPEC: RFC 9113 §6.2 "any other type", unknown too
            byte[] bytes = Wire.concat(open.bytes(), intruder, PING);
            assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("CONNECTION_ERROR PROTOCOL_ERROR");
        }
        FrameParser parser = Feed.DEFAULT.apply(new RecordingListener());
        H2Exception e = catchThrowableOfType(H2Exception.class,
                () -> parser.parse(ByteBuffer.wrap(Wire.concat(open.bytes(), PING))));
        assertThat(e.getMessage()).isEqualTo("expected CONTINUATION for stream 1, got PING on stream 0");
    }

    @Test
    void continuationWithoutABlockIsAProtocolError() {
        byte[] afterComplete = Wire.create()
                .frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, hex("82"))
                .frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, hex("84"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(afterComplete)).containsExactly("HEADERS 1 82", "CONNECTION_ERROR PROTOCOL_ERROR");
    }

    private static Wire headersWithContinuations(int count, int size) {
        Wire wire = Wire.create().frame(TYPE_HEADERS, FLAG_NONE, 1, hex("82"));
        for (int i = 1; i <= count; i++) {
            wire.frame(TYPE_CONTINUATION, i == count ? FLAG_END_HEADERS : FLAG_NONE, 1, Wire.repeat(size, 0x84));
        }
        return wire;
    }

    @Test
    void moreSmallContinuationsThanTheLimitIsEnhanceYourCalm() {
        // 16 small CONTINUATION frames (the default limit) pass; the 17th fails, empty ones count.
        assertThat(Feed.allWaysAndTwice(headersWithContinuations(16, 0).bytes())).containsExactly("HEADERS 1 82");
        assertThat(Feed.allWaysAndTwice(Wire.concat(headersWithContinuations(17, 0).bytes(), PING)))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
        assertThat(Feed.allWays(headersWithContinuations(17, 100).bytes()))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
    }

    @Test
    void maxContinuationFramesChangesTheLimit() {
        byte[] three = headersWithContinuations(3, 0).bytes();
        assertThat(Feed.allWays(three, l -> new FrameParser(l, 16_384, 8192, 3))).containsExactly("HEADERS 1 82");
        assertThat(Feed.allWays(three, l -> new FrameParser(l, 16_384, 8192, 2)))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
        FrameParser parser = new FrameParser(new RecordingListener(), 16_384, 8192, 2);
        H2Exception e = catchThrowableOfType(H2Exception.class, () -> parser.parse(ByteBuffer.wrap(three)));
        assertThat(e.getMessage()).isEqualTo("header block on stream 1 has more than 2 small CONTINUATION frames");
    }

    @Test
    void continuationsOfOneKibibyteOrMoreAreBoundByBytesOnly() {
        byte[] bytes = headersWithContinuations(40, 1024).bytes();
        assertThat(Feed.allWays(bytes, l -> new FrameParser(l, 16_384, 65_536, 16))).hasSize(1);
        assertThat(Feed.allWays(bytes, l -> new FrameParser(l, 16_384, 40 * 1024, 16)))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
    }

    @Test
    void counterResetsBetweenBlocks() {
        byte[] bytes = Wire.concat(headersWithContinuations(16, 0).bytes(), headersWithContinuations(16, 0).bytes());
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("HEADERS 1 82", "HEADERS 1 82");
    }

    @Test
    void maxHeaderBlockBytesChangesTheLimit() throws H2Exception {
        byte[] bytes = Wire.create()
                .frame(TYPE_HEADERS, FLAG_NONE, 1, Wire.repeat(600, 0x82))
                .frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, Wire.repeat(400, 0x82))
                .bytes();
        assertThat(Feed.allWays(bytes, l -> new FrameParser(l, 16_384, 1000, 16))).hasSize(1);
        assertThat(Feed.allWays(bytes, l -> new FrameParser(l, 16_384, 999, 16)))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
        // A single HEADERS frame is held to the same cap (padding and priority fields excluded).
        byte[] single = Wire.create()
                .frame(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_PADDED, 1, Wire.concat(hex("0a"), Wire.repeat(1000, 0x82), new byte[10]))
                .bytes();
        assertThat(Feed.allWays(single, l -> new FrameParser(l, 16_384, 1000, 16))).hasSize(1);
        assertThat(Feed.allWays(single, l -> new FrameParser(l, 16_384, 999, 16)))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
        FrameParser parser = new FrameParser(new RecordingListener(), 16_384, 999, 16);
        H2Exception e = catchThrowableOfType(H2Exception.class, () -> parser.parse(ByteBuffer.wrap(bytes)));
        assertThat(e.getMessage()).isEqualTo("header block on stream 1 exceeds 999 bytes");
    }

    @Test
    void floodFailsFromTheContinuationHeaderBeforeItsPayloadIsBuffered() {
        byte[] bytes = Wire.create()
                .frame(TYPE_HEADERS, FLAG_NONE, 1, hex("82"))
                .frame(16_000, TYPE_CONTINUATION, FLAG_NONE, 1) // header only: the payload never comes
                .bytes();
        assertThat(Feed.allWays(bytes, l -> new FrameParser(l, 16_384, 8192, 16)))
                .containsExactly("CONNECTION_ERROR ENHANCE_YOUR_CALM");
    }
}
