package dev.celeris.engine.internal.ws;

import static dev.celeris.engine.internal.ws.WsFrameParserTest.assertCloseCode;

import org.junit.jupiter.api.Test;

/** Every framing rule a server enforces, with the close code it earns (RFC 6455 §5, §7.4.1). */
class WsFrameErrorTest {

    private static final long BIG = 1 << 20;

    private static WsWire client() {
        return new WsWire(true);
    }

    @Test
    void unmaskedClientFrameIs1002() {
        assertCloseCode(() -> new WsWire(false).frame(WsFrames.OP_TEXT, true, "hi").bytes(), 1002, BIG, BIG);
    }

    @Test
    void reservedBitsAndUnknownOpcodesAre1002() {
        assertCloseCode(() -> client().frame(WsFrames.OP_TEXT, true, true, new byte[1]).bytes(), 1002, BIG, BIG);
        assertCloseCode(() -> client().raw(0xA1, 0x80, 0, 0, 0, 0).bytes(), 1002, BIG, BIG); // RSV2
        assertCloseCode(() -> client().raw(0x93, 0x80, 0, 0, 0, 0).bytes(), 1002, BIG, BIG); // RSV3 + opcode 3
        assertCloseCode(() -> client().raw(0x83, 0x80, 0, 0, 0, 0).bytes(), 1002, BIG, BIG); // reserved data opcode
        assertCloseCode(() -> client().raw(0x8B, 0x80, 0, 0, 0, 0).bytes(), 1002, BIG, BIG); // reserved control opcode
    }

    @Test
    void badControlFramesAre1002() {
        assertCloseCode(() -> client().frame(WsFrames.OP_PING, false, "x").bytes(), 1002, BIG, BIG);
        assertCloseCode(() -> client().frame(WsFrames.OP_PING, true, false, new byte[126]).bytes(), 1002, BIG, BIG);
        assertCloseCode(() -> client().frame(WsFrames.OP_CLOSE, true, false, new byte[] {3}).bytes(), 1002, BIG, BIG);
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            byte[] payload = {(byte) (code >>> 8), (byte) code};
            assertCloseCode(() -> client().frame(WsFrames.OP_CLOSE, true, false, payload).bytes(), 1002, BIG, BIG);
        }
    }

    @Test
    void fragmentSequencingIs1002() {
        assertCloseCode(() -> client().frame(WsFrames.OP_CONTINUATION, true, "x").bytes(), 1002, BIG, BIG);
        assertCloseCode(() -> client().frame(WsFrames.OP_TEXT, false, "x").frame(WsFrames.OP_TEXT, true, "y").bytes(),
                1002, BIG, BIG);
        assertCloseCode(() -> client().frame(WsFrames.OP_TEXT, true, "x").frame(WsFrames.OP_CONTINUATION, true, "y").bytes(),
                1002, BIG, BIG);
    }

    @Test
    void sixtyFourBitLengthWithHighBitIs1002() {
        assertCloseCode(() -> client().raw(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4).bytes(), 1002, BIG, BIG);
    }

    @Test
    void oversizedFrameAndMessageAre1009() {
        assertCloseCode(() -> client().frame(WsFrames.OP_BINARY, true, false, new byte[101]).bytes(), 1009, 100, BIG);
        // Each fragment is within the frame limit; together they pass the message limit.
        assertCloseCode(() -> client().frame(WsFrames.OP_BINARY, false, false, new byte[60])
                .frame(WsFrames.OP_CONTINUATION, true, false, new byte[60]).bytes(), 1009, 100, 100);
        // A huge declared length fails on the head, before any payload arrives.
        assertCloseCode(() -> client().raw(0x82, 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4).bytes(), 1009, BIG, BIG);
    }

    @Test
    void invalidUtf8Is1007() {
        byte[][] bad = {
                {(byte) 0xC0, (byte) 0x80},                    // overlong NUL
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},       // surrogate U+D800
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0xFF},
                {(byte) 0xE2, (byte) 0x82},                    // cut short at the message end
        };
        for (byte[] b : bad) {
            assertCloseCode(() -> client().frame(WsFrames.OP_TEXT, true, false, b).bytes(), 1007, BIG, BIG);
        }
        // Fails fast: the second fragment is never needed to see the first is broken.
        assertCloseCode(() -> client().frame(WsFrames.OP_TEXT, false, false, new byte[] {'o', 'k', (byte) 0xFF}).bytes(),
                1007, BIG, BIG);
        byte[] badReason = {3, (byte) 0xE8, (byte) 0xFF};
        assertCloseCode(() -> client().frame(WsFrames.OP_CLOSE, true, false, badReason).bytes(), 1007, BIG, BIG);
    }

    @Test
    void inputAfterAFailureIsIgnored() throws WsException {
        Recorder r = new Recorder();
        WsFrameParser p = Recorder.serverParser(r, BIG, BIG, null);
        try {
            p.parse(java.nio.ByteBuffer.wrap(new WsWire(false).frame(WsFrames.OP_TEXT, true, "x").bytes()));
        } catch (WsException expected) {
            // the failure under test
        }
        p.parse(java.nio.ByteBuffer.wrap(client().frame(WsFrames.OP_TEXT, true, "ok").bytes()));
        org.assertj.core.api.Assertions.assertThat(r.events).isEmpty();
    }
}
