package dev.celeris.engine.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celeris.fuzz.Splits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The WebSocket frame parser (RFC 6455 §5), server side, fed arbitrary client bytes.
 *
 * <p>Invariants: the frames and the error reported for the input whole, in fuzzed chunks and
 * byte by byte are the same (a data frame's payload pieces joined); a data frame's payload
 * adds up to its declared length and never exceeds the max frame size; control frames carry
 * at most 125 bytes; an error is a {@link WsException} with a close code a server sends for bad
 * input (1002, 1007, 1009), after which nothing is reported. Round trip: masked frames a client
 * would write parse back to the same opcodes, flags and payloads.
 */
class WsFrameParserFuzzTest {

    private static final int MAX_FRAME = 4096;
    private static final Set<Integer> CLOSE_CODES = Set.of(WsFrames.CLOSE_PROTOCOL_ERROR, WsFrames.CLOSE_INVALID_PAYLOAD, WsFrames.CLOSE_TOO_BIG);

    @FuzzTest(maxDuration = "")
    void splitsParseAlike(FuzzedDataProvider data) {
        boolean rsv1 = data.consumeBoolean();
        Splits splits = Splits.from(data, 8);
        List<String> whole = run(splits.whole(), rsv1);
        assertThat(run(splits.chunks(), rsv1)).as("fuzzed chunks").isEqualTo(whole);
        if (splits.input().length <= 2048) assertThat(run(splits.bytes(), rsv1)).as("byte by byte").isEqualTo(whole);
    }

    private static List<String> run(List<ByteBuffer> chunks, boolean rsv1) {
        Recorder rec = new Recorder();
        WsFrameParser parser = new WsFrameParser(rec, true, MAX_FRAME).allowRsv1(rsv1);
        for (ByteBuffer chunk : chunks) {
            try {
                parser.parse(chunk);
            } catch (WsException e) {
                assertThat(e.closeCode()).as("close code").isIn(CLOSE_CODES);
                assertThat(parser.isFailed()).isTrue();
                rec.events.add("error " + e.closeCode());
                return rec.events;
            }
        }
        if (rec.frame != null) rec.events.add(rec.frame + " truncated");
        return rec.events;
    }

    private static final class Recorder implements WsFrameParser.Listener {
        final List<String> events = new ArrayList<>();
        StringBuilder frame;
        long declared;
        long got;

        @Override
        public void onDataFrameStart(int opcode, boolean fin, boolean rsv1, long length) {
            assertThat(frame).as("frame start inside a frame").isNull();
            assertThat(length).as("frame size").isBetween(0L, (long) MAX_FRAME);
            frame = new StringBuilder("data op=" + opcode + " fin=" + fin + " rsv1=" + rsv1 + " len=" + length + " ");
            declared = length;
            got = 0;
        }

        @Override
        public void onDataPayload(ByteBuffer data) {
            assertThat(frame).isNotNull();
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got += b.length;
            assertThat(got).as("payload within the declared length").isLessThanOrEqualTo(declared);
            frame.append(HexFormat.of().formatHex(b));
        }

        @Override
        public void onDataFrameEnd(boolean fin) {
            assertThat(got).as("payload adds up to the declared length").isEqualTo(declared);
            events.add(frame.toString());
            frame = null;
        }

        @Override
        public void onControlFrame(int opcode, ByteBuffer payload) {
            assertThat(WsFrames.isControl(opcode)).isTrue();
            assertThat(payload.remaining()).isLessThanOrEqualTo(WsFrames.MAX_CONTROL_PAYLOAD);
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            // Between the pieces of a data frame nothing else can come: control frames sit between frames.
            events.add((frame != null ? frame + " | " : "") + "control op=" + opcode + " " + HexFormat.of().formatHex(b));
        }
    }

    @FuzzTest(maxDuration = "")
    void roundTrip(FuzzedDataProvider data) throws WsException {
        ByteBuffer wire = ByteBuffer.allocate(64 * 1024);
        List<String> sent = new ArrayList<>();
        boolean inMessage = false;
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            boolean control = data.consumeBoolean();
            int opcode;
            byte[] payload;
            boolean fin;
            if (control) {
                opcode = data.pickValue(new Integer[] {WsFrames.OP_PING, WsFrames.OP_PONG});
                payload = data.consumeBytes(WsFrames.MAX_CONTROL_PAYLOAD);
                fin = true;
            } else {
                opcode = inMessage ? WsFrames.OP_CONTINUATION : data.pickValue(new Integer[] {WsFrames.OP_BINARY, WsFrames.OP_TEXT});
                payload = data.consumeBytes(data.consumeInt(0, 3000));
                fin = data.consumeBoolean();
                inMessage = !fin;
            }
            int key = data.consumeInt();
            byte[] masked = payload.clone();
            WsFrames.mask(masked, 0, masked.length, key, 0);
            WsFrames.writeHead(wire, opcode, fin, false, payload.length, true, key);
            wire.put(masked);
            sent.add(control ? "control op=" + opcode + " " + HexFormat.of().formatHex(payload)
                    : "data op=" + opcode + " fin=" + fin + " rsv1=false len=" + payload.length + " " + HexFormat.of().formatHex(payload));
        }
        Recorder rec = new Recorder();
        new WsFrameParser(rec, true, MAX_FRAME).parse(wire.flip());
        assertThat(rec.events).isEqualTo(sent);
    }
}
