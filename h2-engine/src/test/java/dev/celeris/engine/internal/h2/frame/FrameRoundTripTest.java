package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_STREAM;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_NONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.internal.h2.H2Error;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every frame the writer produces parses back to what was written, fed every way. */
@Timeout(60)
class FrameRoundTripTest {

    @Test
    void everyFrameTypeRoundTrips() {
        FrameWriter writer = new FrameWriter();
        ByteBuffer out = ByteBuffer.allocate(200_000);
        out.put(Frames.preface());
        writer.settings(out, new Settings().add(Settings.HEADER_TABLE_SIZE, 0).add(Settings.ENABLE_PUSH, 0)
                .add(Settings.MAX_CONCURRENT_STREAMS, 100).add(Settings.INITIAL_WINDOW_SIZE, 1 << 20)
                .add(Settings.MAX_FRAME_SIZE, 16_384).add(Settings.MAX_HEADER_LIST_SIZE, 8192).add(0x4242, 7));
        writer.settingsAck(out);
        writer.ping(out, 42);
        writer.pingAck(out, Long.MIN_VALUE);
        writer.headers(out, 1, ByteBuffer.wrap(new byte[] {(byte) 0x82, (byte) 0x86}), FLAG_NONE);
        writer.data(out, 1, ByteBuffer.wrap(new byte[] {1, 2, 3}), FLAG_NONE);
        writer.dataHeader(out, 1, 2, FLAG_END_STREAM);
        out.put(new byte[] {4, 5});
        byte[] bigBlock = new byte[40_000];
        new Random(1).nextBytes(bigBlock);
        writer.headers(out, 3, ByteBuffer.wrap(bigBlock), FLAG_END_STREAM);
        writer.priority(out, 5, new FrameListener.Priority(3, 1, false));
        writer.rstStream(out, 3, H2Error.CANCEL.code());
        writer.windowUpdate(out, 0, 1_000_000);
        writer.windowUpdate(out, 1, 1);
        writer.goAway(out, 3, H2Error.NO_ERROR.code(), ByteBuffer.wrap(new byte[] {'b', 'y', 'e'}));
        byte[] bytes = Arrays.copyOf(out.array(), out.position());

        assertThat(Feed.allWays(bytes, l -> Feed.DEFAULT.apply(l).expectPreface(true))).containsExactly(
                "SETTINGS {HEADER_TABLE_SIZE=0, ENABLE_PUSH=0, MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=1048576, "
                        + "MAX_FRAME_SIZE=16384, MAX_HEADER_LIST_SIZE=8192, 0x4242=7}",
                "SETTINGS ACK {}",
                "PING 2a",
                "PING ACK 8000000000000000",
                "HEADERS 1 8286",
                "DATA 1 010203 flow=3",
                "DATA 1 0405 flow=2 END_STREAM",
                "HEADERS 3 " + HexFormat.of().formatHex(bigBlock) + " END_STREAM",
                "PRIORITY 5 Priority[streamDependency=3, weight=1, exclusive=false]",
                "RST_STREAM 3 CANCEL",
                "WINDOW_UPDATE 0 1000000",
                "WINDOW_UPDATE 1 1",
                "GOAWAY 3 NO_ERROR 627965");
    }

    @Test
    void headersSplitAtALargerPeerMaxFrameSizeRoundTrip() {
        FrameWriter writer = new FrameWriter();
        writer.setMaxFrameSize(20_000);
        byte[] block = new byte[50_000];
        new Random(2).nextBytes(block);
        ByteBuffer out = ByteBuffer.allocate(writer.headersLength(block.length));
        writer.headers(out, 7, ByteBuffer.wrap(block), FLAG_NONE);
        assertThat(out.hasRemaining()).isFalse();
        assertThat(Feed.allWays(out.array(), l -> new FrameParser(l, 20_000, 65_536, 16)))
                .containsExactly("HEADERS 7 " + HexFormat.of().formatHex(block));
    }
}
