package dev.celeris.engine.internal.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celeris.engine.internal.h2.H2Exception;
import dev.celeris.fuzz.Splits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The HTTP/2 frame parser (RFC 9113 §4, §6) fed arbitrary bytes.
 *
 * <p>Invariants: the frames and errors reported for the input delivered whole, in the fuzzed
 * chunks and byte by byte are the same (DATA deliveries in a row for one stream count joined,
 * as a frame straddling chunks arrives in pieces); every DATA delivery carries no more payload
 * than its flow-controlled length, which is at most the max frame size; a header block never exceeds the
 * header block limit; SETTINGS values are in their RFC ranges; a connection error is final (no
 * frame is reported after it); only {@link H2Exception} ever escapes.
 */
class FrameParserFuzzTest {

    private static final int MAX_FRAME = 16_384;
    private static final int MAX_BLOCK = 4_096;
    private static final byte[] PREFACE_AND_SETTINGS = concat(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    @FuzzTest(maxDuration = "")
    void splitsParseAlike(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        Splits s = Splits.from(data, 8);
        byte[] input = mode == 1 ? concat(PREFACE_AND_SETTINGS, s.input()) : s.input();
        Splits splits = new Splits(input, s.cuts(), s.direct());
        boolean preface = mode != 0;
        List<String> whole = run(splits.whole(), preface, false);
        assertThat(run(splits.chunks(), preface, false)).as("fuzzed chunks").isEqualTo(whole);
        if (input.length <= 2048) assertThat(run(splits.bytes(), preface, false)).as("byte by byte").isEqualTo(whole);
    }

    /**
     * As above, with a listener that rejects every header block of streams whose id is a
     * multiple of 3 with a stream error, as the engine does for a refused stream: the parser must
     * go on with the next frame alike for every split, CONTINUATION frames straddling chunks
     * included.
     */
    @FuzzTest(maxDuration = "")
    void streamErrorsFromTheListener(FuzzedDataProvider data) {
        Splits s = Splits.from(data, 8);
        Splits splits = new Splits(concat(PREFACE_AND_SETTINGS, s.input()), s.cuts(), s.direct());
        List<String> whole = run(splits.whole(), true, true);
        assertThat(run(splits.chunks(), true, true)).as("fuzzed chunks").isEqualTo(whole);
        if (splits.input().length <= 2048) assertThat(run(splits.bytes(), true, true)).as("byte by byte").isEqualTo(whole);
    }

    private static List<String> run(List<ByteBuffer> chunks, boolean preface, boolean rejecting) {
        Recorder rec = new Recorder(rejecting);
        FrameParser parser = new FrameParser(rec, MAX_FRAME, MAX_BLOCK, 16).expectPreface(preface);
        for (ByteBuffer chunk : chunks) {
            while (true) {
                try {
                    parser.parse(chunk);
                    break;
                } catch (H2Exception e) {
                    rec.flushData();
                    rec.events.add((e.isConnectionError() ? "connection-error " : "stream-error " + e.streamId() + " ") + e.error());
                    if (e.isConnectionError()) {
                        assertThat(parser.isFailed()).isTrue();
                        break;
                    }
                }
            }
            assertThat(chunk.hasRemaining()).as("chunk consumed").isFalse();
        }
        rec.flushDataAtEnd();
        List<String> events = rec.events;
        int conn = indexOfConnectionError(events);
        if (conn >= 0) assertThat(events.size()).as("nothing after a connection error").isEqualTo(conn + 1);
        return events;
    }

    private static int indexOfConnectionError(List<String> events) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).startsWith("connection-error")) return i;
        return -1;
    }

    /** Records frames as text; joins the pieces of one DATA frame. */
    private static final class Recorder implements FrameListener {
        final List<String> events = new ArrayList<>();
        private final boolean rejecting;

        Recorder(boolean rejecting) {
            this.rejecting = rejecting;
        }

        private void reject(int streamId, String what) throws H2Exception {
            if (rejecting && streamId % 3 == 0) {
                throw H2Exception.streamError(streamId, dev.celeris.engine.internal.h2.H2Error.STREAM_CLOSED, "%s rejected", what);
            }
        }
        private int dataStream = -1;
        private final StringBuilder dataHex = new StringBuilder();
        private long dataFlow;

        /**
         * The input may end inside a padded DATA frame: the Pad Length and padding octets the
         * parser consumed are reported with the frame's next piece, which never comes. Whole and
         * split inputs then differ in the flow-controlled count only, so it is left out here
         * (it is compared for every frame that completes).
         */
        void flushDataAtEnd() {
            if (dataStream >= 0) events.add("DATA " + dataStream + " " + dataHex + " truncated");
            dataStream = -1;
            dataHex.setLength(0);
            dataFlow = 0;
        }

        void flushData() {
            if (dataStream >= 0) events.add("DATA " + dataStream + " flow=" + dataFlow + " " + dataHex + " open");
            dataStream = -1;
            dataHex.setLength(0);
            dataFlow = 0;
        }

        @Override
        public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) {
            assertThat(streamId).isPositive();

            assertThat(data.remaining()).as("data within flow-controlled length").isLessThanOrEqualTo(flowControlledLength);
            if (dataStream != streamId) flushData();
            dataStream = streamId;
            byte[] b = new byte[data.remaining()];
            data.get(b);
            dataHex.append(HexFormat.of().formatHex(b));
            assertThat(flowControlledLength).as("DATA frame size").isLessThanOrEqualTo(MAX_FRAME);
            dataFlow += flowControlledLength;
            if (endStream) {
                events.add("DATA " + streamId + " flow=" + dataFlow + " " + dataHex + " end");
                dataStream = -1;
                dataHex.setLength(0);
                dataFlow = 0;
            }
        }

        /**
         * A piece of DATA is followed by the rest of its frame before anything else, so any
         * other frame first closes the DATA frame in progress (one that ended without
         * END_STREAM).
         */
        private void add(String event) {
            flushData();
            events.add(event);
        }

        @Override
        public void onHeaders(int streamId, ByteBuffer headerBlock, boolean endStream, Priority priority) throws H2Exception {
            assertThat(streamId).isPositive();
            reject(streamId, "HEADERS");
            assertThat(headerBlock.remaining()).as("header block size").isLessThanOrEqualTo(MAX_BLOCK);
            byte[] b = new byte[headerBlock.remaining()];
            headerBlock.get(b);
            add("HEADERS " + streamId + " " + endStream + " " + priority + " " + HexFormat.of().formatHex(b));
        }

        @Override
        public void onPriority(int streamId, Priority priority) {
            assertThat(priority.weight()).isBetween(1, 256);
            add("PRIORITY " + streamId + " " + priority);
        }

        @Override
        public void onRstStream(int streamId, long errorCode) {
            add("RST " + streamId + " " + errorCode);
        }

        @Override
        public void onSettings(boolean ack, Settings settings) {
            for (int i = 0; i < settings.size(); i++) {
                long v = settings.value(i);
                switch (settings.id(i)) {
                    case Settings.ENABLE_PUSH, Settings.ENABLE_CONNECT_PROTOCOL -> assertThat(v).isBetween(0L, 1L);
                    case Settings.INITIAL_WINDOW_SIZE -> assertThat(v).isBetween(0L, (long) Integer.MAX_VALUE);
                    case Settings.MAX_FRAME_SIZE -> assertThat(v).isBetween(16_384L, 16_777_215L);
                    default -> assertThat(v).isBetween(0L, 0xFFFF_FFFFL);
                }
            }
            if (ack) assertThat(settings.size()).isZero();
            add("SETTINGS " + ack + " " + settings);
        }

        @Override
        public void onPing(boolean ack, long opaqueData) {
            add("PING " + ack + " " + opaqueData);
        }

        @Override
        public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
            assertThat(lastStreamId).isNotNegative();
            add("GOAWAY " + lastStreamId + " " + errorCode + " " + debugData.remaining());
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            assertThat(increment).isNotNegative();
            add("WINDOW_UPDATE " + streamId + " " + increment);
        }

        @Override
        public void onUnknownFrame(int type, int flags, int streamId, ByteBuffer payload) {
            add("UNKNOWN " + type + " " + flags + " " + streamId + " " + payload.remaining());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
