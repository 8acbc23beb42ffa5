package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_ACK;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_HEADERS;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_STREAM;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_NONE;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_PADDED;
import static dev.celeris.engine.internal.h2.frame.Frames.FLAG_PRIORITY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_DATA;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_GOAWAY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_HEADERS;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_PING;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_PRIORITY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_RST_STREAM;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_SETTINGS;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_WINDOW_UPDATE;
import static dev.celeris.engine.internal.h2.frame.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-built frames of every type parse to the right events, fed whole, byte by byte, at random splits and twice. */
@Timeout(30)
class FrameParserTest {

    @Test
    void data() {
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_END_STREAM, 1, "hello".getBytes(StandardCharsets.US_ASCII)).bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("DATA 1 68656c6c6f flow=5 END_STREAM");
    }

    @Test
    void emptyData() {
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_NONE, 3).bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("DATA 3  flow=0");
    }

    @Test
    void paddedDataStripsPaddingButCountsItForFlowControl() {
        // SPEC: RFC 9113 §6.1 pad length (1) + data + padding; the whole payload is flow controlled.
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_PADDED, 1, hex("03 6869 000000")).bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("DATA 1 6869 flow=6");
    }

    @Test
    void paddedDataMayBeAllPadding() {
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_PADDED | FLAG_END_STREAM, 1, hex("02 0000")).bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("DATA 1  flow=3 END_STREAM");
    }

    @Test
    void headers() {
        byte[] bytes = Wire.create().frame(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, hex("828684")).bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("HEADERS 1 828684 END_STREAM");
    }

    @Test
    void headersWithPaddingAndPriority() {
        // pad length 2 | E + dependency 3 | weight 16 - 1 | block 82 | padding 0000
        byte[] bytes = Wire.create()
                .frame(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_PADDED | FLAG_PRIORITY, 5, hex("02 80000003 0f 82 0000"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes))
                .containsExactly("HEADERS 5 82 Priority[streamDependency=3, weight=16, exclusive=true]");
    }

    @Test
    void headersSelfDependencyIsLeftToTheListener() {
        // The block must still reach HPACK; the listener resets the stream (FrameParser Javadoc).
        byte[] bytes = Wire.create().frame(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_PRIORITY, 1, hex("00000001 ff 82")).bytes();
        assertThat(Feed.allWays(bytes)).containsExactly("HEADERS 1 82 Priority[streamDependency=1, weight=256, exclusive=false]");
    }

    @Test
    void priority() {
        byte[] bytes = Wire.create().frame(TYPE_PRIORITY, FLAG_NONE, 3, hex("00000001 07")).bytes();
        assertThat(Feed.allWaysAndTwice(bytes))
                .containsExactly("PRIORITY 3 Priority[streamDependency=1, weight=8, exclusive=false]");
    }

    @Test
    void rstStreamKeepsUnknownCodesRaw() {
        byte[] bytes = Wire.create()
                .frame(TYPE_RST_STREAM, FLAG_NONE, 1, hex("00000008"))
                .frame(TYPE_RST_STREAM, FLAG_NONE, 3, hex("ffffffff"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("RST_STREAM 1 CANCEL", "RST_STREAM 3 0xffffffff");
    }

    @Test
    void settingsKeepUnknownIdentifiersAndAcceptTheEdgesOfEveryRange() {
        byte[] bytes = Wire.create()
                .frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0002 00000001  0004 7fffffff  0005 00004000  0099 ffffffff"))
                .frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0005 00ffffff  0001 00000000  0003 00000064  0006 00002000"))
                .frame(TYPE_SETTINGS, FLAG_NONE, 0)
                .frame(TYPE_SETTINGS, FLAG_ACK, 0)
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly(
                "SETTINGS {ENABLE_PUSH=1, INITIAL_WINDOW_SIZE=2147483647, MAX_FRAME_SIZE=16384, 0x99=4294967295}",
                "SETTINGS {MAX_FRAME_SIZE=16777215, HEADER_TABLE_SIZE=0, MAX_CONCURRENT_STREAMS=100, MAX_HEADER_LIST_SIZE=8192}",
                "SETTINGS {}",
                "SETTINGS ACK {}");
    }

    @Test
    void ping() {
        byte[] bytes = Wire.create()
                .frame(TYPE_PING, FLAG_NONE, 0, hex("0102030405060708"))
                .frame(TYPE_PING, FLAG_ACK, 0, hex("ffffffffffffffff"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("PING 102030405060708", "PING ACK ffffffffffffffff");
    }

    @Test
    void goAwayWithDebugDataAndReservedBit() {
        byte[] bytes = Wire.create()
                .frame(TYPE_GOAWAY, FLAG_NONE, 0, hex("80000007 00000001 6f6f7073"))
                .frame(TYPE_GOAWAY, FLAG_NONE, 0, hex("7fffffff 00000000"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes))
                .containsExactly("GOAWAY 7 PROTOCOL_ERROR 6f6f7073", "GOAWAY 2147483647 NO_ERROR ");
    }

    @Test
    void windowUpdateIgnoresTheReservedBitAndPassesZero() {
        byte[] bytes = Wire.create()
                .frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 0, hex("80000001"))
                .frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 5, hex("7fffffff"))
                .frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 7, hex("00000000"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes))
                .containsExactly("WINDOW_UPDATE 0 1", "WINDOW_UPDATE 5 2147483647", "WINDOW_UPDATE 7 0");
    }

    @Test
    void reservedStreamIdBitIsIgnored() {
        // SPEC: RFC 9113 §4.1 the R bit MUST be ignored when receiving.
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_NONE, 0x8000_0001, hex("aa")).bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("DATA 1 aa flow=1");
    }

    @Test
    void unknownFlagsAreIgnored() {
        // 0x02, 0x10, 0x40, 0x80 mean nothing on DATA/PING; 0x08 (PADDED) means nothing on PING.
        byte[] bytes = Wire.create()
                .frame(TYPE_DATA, 0xd2 | FLAG_END_STREAM, 1, hex("aa"))
                .frame(TYPE_PING, 0xfe, 0, hex("0000000000000001"))
                .bytes();
        assertThat(Feed.allWaysAndTwice(bytes)).containsExactly("DATA 1 aa flow=1 END_STREAM", "PING 1");
    }

    @Test
    void unknownFrameTypesGoToTheListenerAndParsingGoesOn() {
        // SPEC: RFC 9113 §5.5 unknown frame types are ignored, on any stream, of any size.
        byte[] bytes = Wire.create()
                .frame(0x0b, 0xff, 0, hex("010203"))
                .frame(0xff, 0x00, 9, new byte[16_384])
                .frame(0x10, 0x00, 1)
                .frame(TYPE_PING, FLAG_NONE, 0, hex("0000000000000002"))
                .bytes();
        List<String> events = Feed.allWaysAndTwice(bytes);
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo("UNKNOWN type=11 flags=255 0 010203");
        assertThat(events.get(1)).startsWith("UNKNOWN type=255 flags=0 9 0000").hasSize("UNKNOWN type=255 flags=0 9 ".length() + 32_768);
        assertThat(events.get(2)).isEqualTo("UNKNOWN type=16 flags=0 1 ");
        assertThat(events.get(3)).isEqualTo("PING 2");
    }

    @Test
    void manyFramesInOneChunkAllParse() {
        Wire wire = Wire.create();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int stream = 2 * i + 1;
            wire.frame(TYPE_HEADERS, FLAG_END_HEADERS, stream, hex("8286"));
            wire.frame(TYPE_DATA, FLAG_END_STREAM, stream, new byte[] {(byte) i});
            wire.frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 0, hex("00000001"));
            expected.add("HEADERS " + stream + " 8286");
            expected.add("DATA " + stream + " " + String.format("%02x", i & 0xff) + " flow=1 END_STREAM");
            expected.add("WINDOW_UPDATE 0 1");
        }
        assertThat(Feed.allWaysAndTwice(wire.bytes())).isEqualTo(expected);
    }

    @Test
    void maxFrameSizeFramesParseAndLargerOnesOnlyAfterSetMaxFrameSize() throws H2Exception {
        byte[] max = Wire.create().frame(TYPE_DATA, FLAG_NONE, 1, new byte[16_384]).bytes();
        assertThat(Feed.allWays(max)).hasSize(1);
        byte[] big = Wire.create().frame(TYPE_DATA, FLAG_NONE, 1, new byte[40_000]).bytes();
        assertThat(Feed.allWays(big)).containsExactly("CONNECTION_ERROR FRAME_SIZE_ERROR");
        assertThat(Feed.allWays(big, l -> new FrameParser(l, 40_000, 8192, 16))).hasSize(1);

        RecordingListener listener = new RecordingListener();
        FrameParser parser = new FrameParser(listener, 16_384, 8192, 16);
        parser.setMaxFrameSize(1 << 20);
        assertThat(parser.maxFrameSize()).isEqualTo(1 << 20);
        parser.parse(ByteBuffer.wrap(big));
        assertThat(listener.events).hasSize(1);
        assertThatThrownBy(() -> parser.setMaxFrameSize(16_383)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.setMaxFrameSize(1 << 24)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefaceThenSettingsThenFrames() {
        byte[] bytes = Wire.create()
                .preface()
                .frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0003 00000064"))
                .frame(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, hex("82"))
                .bytes();
        assertThat(Feed.allWays(bytes, l -> Feed.DEFAULT.apply(l).expectPreface(true)))
                .containsExactly("SETTINGS {MAX_CONCURRENT_STREAMS=100}", "HEADERS 1 82 END_STREAM");
    }

    @Test
    void wholeFramesAreViewsOfTheChunkNotCopies() throws H2Exception {
        byte[] bytes = Wire.create()
                .frame(TYPE_DATA, FLAG_PADDED, 1, hex("01 aabbcc 00"))
                .frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, hex("8286"))
                .bytes();
        List<ByteBuffer> seen = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
                seen.add(data);
                ranges.add(data.position() + ".." + data.limit());
                super.onData(streamId, data, flowControlledLength, endStream);
            }

            @Override
            public void onHeaders(int streamId, ByteBuffer block, boolean endStream, Priority priority) throws H2Exception {
                seen.add(block);
                ranges.add(block.position() + ".." + block.limit());
                super.onHeaders(streamId, block, endStream, priority);
            }
        };
        FrameParser parser = new FrameParser(listener, 16_384, 8192, 16);

        ByteBuffer heap = Feed.chunk(bytes, 0, bytes.length, false);
        parser.parse(heap);
        // Offsets in the chunk: 3 (chunk start) + 9 (header) + 1 (pad length) = 13.
        assertThat(ranges).containsExactly("13..16", "26..28");
        assertThat(seen).allSatisfy(b -> assertThat(b.array()).isSameAs(heap.array()));

        ByteBuffer direct = Feed.chunk(bytes, 0, bytes.length, true);
        seen.clear();
        parser.parse(direct);
        assertThat(seen).allSatisfy(b -> assertThat(b).isSameAs(direct));
        assertThat(direct.position()).isEqualTo(direct.limit()).isEqualTo(3 + bytes.length);
        assertThat(listener.events).containsExactly("DATA 1 aabbcc flow=5", "HEADERS 1 8286", "DATA 1 aabbcc flow=5",
                "HEADERS 1 8286");
    }

    @Test
    void littleEndianChunksParseTheSameAndKeepTheirOrder() throws H2Exception {
        byte[] bytes = Wire.create()
                .frame(TYPE_SETTINGS, FLAG_NONE, 0, hex("0004 00010000"))
                .frame(TYPE_WINDOW_UPDATE, FLAG_NONE, 0, hex("00000100"))
                .frame(TYPE_PING, FLAG_NONE, 0, hex("0000000000000001"))
                .bytes();
        RecordingListener listener = new RecordingListener();
        FrameParser parser = Feed.DEFAULT.apply(listener);
        ByteBuffer chunk = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        parser.parse(chunk);
        assertThat(listener.events).containsExactly("SETTINGS {INITIAL_WINDOW_SIZE=65536}", "WINDOW_UPDATE 0 256", "PING 1");
        assertThat(chunk.order()).isEqualTo(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aListenerThatMovesTheViewDoesNotDisturbParsing() {
        byte[] bytes = Wire.create()
                .frame(TYPE_DATA, FLAG_NONE, 1, hex("aabbccdd"))
                .frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, hex("8286"))
                .frame(TYPE_DATA, FLAG_END_STREAM, 1, hex("ee"))
                .bytes();
        java.util.function.Function<FrameListener, FrameParser> factory = l -> Feed.DEFAULT.apply(new RecordingListener() {
            @Override
            public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
                l.onData(streamId, data, flowControlledLength, endStream);
                data.position(data.limit()).limit(data.position()); // consume it, as a body copy would
            }

            @Override
            public void onHeaders(int streamId, ByteBuffer block, boolean endStream, Priority priority) throws H2Exception {
                l.onHeaders(streamId, block, endStream, priority);
                block.clear(); // even this
            }
        });
        assertThat(Feed.allWays(bytes, factory)).containsExactly("DATA 1 aabbccdd flow=4", "HEADERS 1 8286",
                "DATA 1 ee flow=1 END_STREAM");
    }

    @Test
    void straddlingDataIsDeliveredAsItArrivesAsViewsOfEachChunk() throws H2Exception {
        // PADDED, END_STREAM: pad length 3 | aa bb cc dd ee ff | 00 00 00  (10 octets)
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_PADDED | FLAG_END_STREAM, 1, hex("03 aabbccddeeff 000000")).bytes();
        List<byte[]> arrays = new ArrayList<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
                arrays.add(data.array());
                super.onData(streamId, data, flowControlledLength, endStream);
            }
        };
        FrameParser parser = Feed.DEFAULT.apply(listener);
        int[] cuts = {11, 14, 17, 19};  // header + pad length + aa | bbccdd | eeff + 00 | 0000
        List<ByteBuffer> chunks = new ArrayList<>();
        int from = 0;
        for (int to : cuts) {
            ByteBuffer chunk = Feed.chunk(bytes, from, to, false);
            chunks.add(chunk);
            parser.parse(chunk);
            from = to;
        }
        assertThat(listener.events).containsExactly(
                "DATA 1 aa flow=2", "DATA 1 bbccdd flow=3", "DATA 1 eeff flow=3", "DATA 1  flow=2 END_STREAM");
        for (int i = 0; i < 4; i++) assertThat(arrays.get(i)).isSameAs(chunks.get(i).array());
        // The next frame parses normally after it.
        parser.parse(ByteBuffer.wrap(Wire.create().frame(TYPE_DATA, FLAG_NONE, 3, hex("01")).bytes()));
        assertThat(listener.events).last().isEqualTo("DATA 3 01 flow=1");
    }

    @Test
    void straddlingDataOnlyPaddingLeftIsReportedOnTheLastCall() throws H2Exception {
        byte[] bytes = Wire.create().frame(TYPE_DATA, FLAG_PADDED, 5, hex("04 aa 00000000")).bytes();
        RecordingListener listener = new RecordingListener();
        FrameParser parser = Feed.DEFAULT.apply(listener);
        parser.parse(Feed.chunk(bytes, 0, 10, false));  // header + pad length: nothing to deliver yet
        assertThat(listener.events).isEmpty();
        parser.parse(Feed.chunk(bytes, 10, 12, false)); // aa + one padding octet: flow counts pad length too
        parser.parse(Feed.chunk(bytes, 12, 13, false)); // padding only: held back
        assertThat(listener.events).containsExactly("DATA 5 aa flow=3");
        parser.parse(Feed.chunk(bytes, 13, 15, false)); // the last padding octets
        assertThat(listener.events).containsExactly("DATA 5 aa flow=3", "DATA 5  flow=3");
    }

    @Test
    void aStreamErrorOnOnePieceLeavesTheRestOfTheFrameToTheListener() {
        // The connection resets the stream on the first piece and ignores (but counts) the rest.
        byte[] bytes = Wire.concat(Wire.create().frame(TYPE_DATA, FLAG_END_STREAM, 1, hex("aabbcc")).bytes(),
                Wire.create().frame(TYPE_PING, FLAG_NONE, 0, new byte[8]).bytes());
        List<String> resets = new ArrayList<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
                super.onData(streamId, data, flowControlledLength, endStream);
                if (resets.isEmpty()) {
                    resets.add("reset");
                    throw H2Exception.streamError(streamId, dev.celeris.engine.internal.h2.H2Error.STREAM_CLOSED, "closed");
                }
            }
        };
        FrameParser parser = Feed.DEFAULT.apply(listener);
        Feed.parseAll(parser, Feed.chunk(bytes, 0, 10, false), listener.events);
        Feed.parseAll(parser, Feed.chunk(bytes, 10, bytes.length, false), listener.events);
        assertThat(listener.events).containsExactly("DATA 1 aa flow=1", "STREAM_ERROR 1 STREAM_CLOSED",
                "DATA 1 bbcc flow=2 END_STREAM", "PING 0");
    }
}
