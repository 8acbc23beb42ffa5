package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_STREAM;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_NONE;
import static dev.celeris.engine.internal.h2.frame.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.internal.h2.H2Error;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The writer's bytes against hand-built frames (okhttp's Http2Test style). */
class FrameWriterTest {

    private final FrameWriter writer = new FrameWriter();

    private static String written(Consumer<ByteBuffer> write) {
        ByteBuffer out = ByteBuffer.allocate(70_000);
        out.position(5); // writes start at the buffer's position
        write.accept(out);
        out.flip().position(5);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String wire(Wire wire) {
        return HexFormat.of().formatHex(wire.bytes());
    }

    @Test
    void settings() {
        Settings settings = new Settings().add(Settings.MAX_CONCURRENT_STREAMS, 100).add(Settings.INITIAL_WINDOW_SIZE, 0xffff_ffffL);
        assertThat(written(out -> writer.settings(out, settings))).isEqualTo("00000c040000000000" + "000300000064" + "0004ffffffff");
        assertThat(FrameWriter.settingsLength(settings)).isEqualTo(21);
        assertThat(written(writer::settingsAck)).isEqualTo("000000040100000000");
    }

    @Test
    void ping() {
        assertThat(written(out -> writer.ping(out, 0x0102030405060708L))).isEqualTo("000008060000000000" + "0102030405060708");
        assertThat(written(out -> writer.pingAck(out, -1L))).isEqualTo("000008060100000000" + "ffffffffffffffff");
    }

    @Test
    void goAway() {
        assertThat(written(out -> writer.goAway(out, 0x7fff_ffff, H2Error.ENHANCE_YOUR_CALM.code(), ByteBuffer.wrap(hex("6869")))))
                .isEqualTo(wire(Wire.create().frame(Frames.TYPE_GOAWAY, FLAG_NONE, 0, hex("7fffffff 0000000b 6869"))));
        assertThat(written(out -> writer.goAway(out, 3, 0xffff_ffffL, null)))
                .isEqualTo(wire(Wire.create().frame(Frames.TYPE_GOAWAY, FLAG_NONE, 0, hex("00000003 ffffffff"))));
        ByteBuffer own = writer.goAway(5, H2Error.PROTOCOL_ERROR, "bad");
        byte[] bytes = new byte[own.remaining()];
        own.get(bytes);
        assertThat(bytes).isEqualTo(Wire.create().frame(Frames.TYPE_GOAWAY, FLAG_NONE, 0, hex("00000005 00000001 626164")).bytes());
    }

    @Test
    void rstStreamWindowUpdatePriority() {
        assertThat(written(out -> writer.rstStream(out, 3, H2Error.CANCEL.code()))).isEqualTo("000004030000000003" + "00000008");
        assertThat(written(out -> writer.windowUpdate(out, 0, Integer.MAX_VALUE))).isEqualTo("000004080000000000" + "7fffffff");
        assertThat(written(out -> writer.priority(out, 5, new FrameListener.Priority(3, 256, true))))
                .isEqualTo("000005020000000005" + "80000003ff");
        assertThatThrownBy(() -> writer.windowUpdate(ByteBuffer.allocate(13), 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.rstStream(ByteBuffer.allocate(13), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataHeaderAndData() {
        assertThat(written(out -> writer.dataHeader(out, 1, 16_384, FLAG_END_STREAM))).isEqualTo("004000000100000001");
        assertThat(written(out -> writer.data(out, 7, ByteBuffer.wrap(hex("aabb")), FLAG_NONE))).isEqualTo("000002000000000007aabb");
        assertThatThrownBy(() -> writer.dataHeader(ByteBuffer.allocate(9), 1, 16_385, FLAG_NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.dataHeader(ByteBuffer.allocate(9), 1, 1, Frames.FLAG_PADDED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headersInOneFrame() {
        assertThat(written(out -> writer.headers(out, 1, ByteBuffer.wrap(hex("828684")), FLAG_END_STREAM)))
                .isEqualTo(wire(Wire.create().frame(Frames.TYPE_HEADERS, 0x5, 1, hex("828684"))));
        assertThat(written(out -> writer.headers(out, 1, ByteBuffer.allocate(0), FLAG_NONE)))
                .isEqualTo(wire(Wire.create().frame(Frames.TYPE_HEADERS, 0x4, 1)));
    }

    @Test
    void headersSplitByThePeersMaxFrameSize() {
        byte[] block = new byte[16_384 * 2 + 1];
        for (int i = 0; i < block.length; i++) block[i] = (byte) i;
        byte[] a = java.util.Arrays.copyOfRange(block, 0, 16_384);
        byte[] b = java.util.Arrays.copyOfRange(block, 16_384, 32_768);
        byte[] c = java.util.Arrays.copyOfRange(block, 32_768, block.length);
        // END_STREAM on the HEADERS, END_HEADERS on the last frame only.
        assertThat(written(out -> writer.headers(out, 3, ByteBuffer.wrap(block), FLAG_END_STREAM))).isEqualTo(wire(Wire.create()
                .frame(Frames.TYPE_HEADERS, FLAG_END_STREAM, 3, a)
                .frame(Frames.TYPE_CONTINUATION, FLAG_NONE, 3, b)
                .frame(Frames.TYPE_CONTINUATION, Frames.FLAG_END_HEADERS, 3, c)));
        assertThat(writer.headersLength(block.length)).isEqualTo(block.length + 27);
        assertThat(writer.headersLength(16_384)).isEqualTo(16_384 + 9);

        writer.setMaxFrameSize(32_768);
        assertThat(written(out -> writer.headers(out, 3, ByteBuffer.wrap(block), FLAG_NONE))).isEqualTo(wire(Wire.create()
                .frame(Frames.TYPE_HEADERS, FLAG_NONE, 3, Wire.concat(a, b))
                .frame(Frames.TYPE_CONTINUATION, Frames.FLAG_END_HEADERS, 3, c)));
    }

    @Test
    void tooLittleRoomWritesNothing() {
        ByteBuffer out = ByteBuffer.allocate(16);
        assertThatThrownBy(() -> writer.ping(out, 1)).isInstanceOf(BufferOverflowException.class);
        assertThatThrownBy(() -> writer.headers(out, 1, ByteBuffer.allocate(8), FLAG_NONE)).isInstanceOf(BufferOverflowException.class);
        assertThatThrownBy(() -> writer.data(out, 1, ByteBuffer.allocate(8), FLAG_NONE)).isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
        writer.windowUpdate(out, 1, 1);
        assertThat(out.position()).isEqualTo(FrameWriter.WINDOW_UPDATE_FRAME_LENGTH);
    }

    @Test
    void manySmallFramesIntoOneBuffer() {
        ByteBuffer out = ByteBuffer.allocate(1000 * FrameWriter.WINDOW_UPDATE_FRAME_LENGTH);
        for (int i = 1; i <= 1000; i++) writer.windowUpdate(out, i, i);
        assertThat(out.hasRemaining()).isFalse();
    }

    @Test
    void refusesBuffersNotInNetworkOrder() {
        ByteBuffer out = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> writer.ping(out, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.position()).isZero();
    }
}
