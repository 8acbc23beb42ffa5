package dev.celeris.engine.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Frames and messages parse the same whole, byte by byte, at random splits and twice in a row. */
class WsFrameParserTest {

    private static byte[] hex(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    /** Parses {@code data} every way with a fresh parser from {@code parser} and asserts the same events. */
    private static void assertAllSplits(byte[] data, boolean server, List<String> expected) throws WsException {
        Random random = new Random(data.length);
        List<List<Integer>> ways = new ArrayList<>();
        ways.add(List.of());
        ways.add(WsWire.everyByte(data.length));
        for (int i = 0; i < 30; i++) ways.add(WsWire.randomCuts(data.length, random));
        for (List<Integer> cuts : ways) {
            Recorder r = new Recorder();
            WsFrameParser p = server ? Recorder.serverParser(r, 1 << 24, 1 << 24, null) : Recorder.clientParser(r, null);
            WsWire.feed(p, data, cuts);
            assertThat(r.events).as("cuts %s", cuts).containsExactlyElementsOf(expected);
            // Twice in a row: the parser is back at a frame boundary and reads the same again.
            r.events.clear();
            WsWire.feed(p, data, cuts);
            assertThat(r.events).as("second pass, cuts %s", cuts).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void rfc6455Section57Examples() throws WsException {
        // A single-frame unmasked text message.
        assertAllSplits(hex(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), false, List.of("text:Hello"));
        // A single-frame masked text message.
        assertAllSplits(hex(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58), true, List.of("text:Hello"));
        // A fragmented unmasked text message.
        assertAllSplits(hex(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f), false, List.of("text:Hello"));
        // Unmasked ping, masked pong ("Hello" each).
        assertAllSplits(hex(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), false, List.of("ping:Hello"));
        assertAllSplits(hex(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58), true, List.of("pong:Hello"));
        // 256 bytes binary in a single unmasked frame: 16-bit length.
        ByteBuffer b256 = ByteBuffer.allocate(4 + 256).put(hex(0x82, 0x7E, 0x01, 0x00));
        assertAllSplits(b256.array(), false, List.of("binary:256 bytes"));
        // 64 KiB binary in a single unmasked frame: 64-bit length.
        ByteBuffer b64k = ByteBuffer.allocate(10 + 65536).put(hex(0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0));
        assertAllSplits(b64k.array(), false, List.of("binary:65536 bytes"));
    }

    @Test
    void controlFramesBetweenFragmentsAndUtf8SplitAcrossFragments() throws WsException {
        byte[] euro = "€".getBytes(java.nio.charset.StandardCharsets.UTF_8); // E2 82 AC
        byte[] data = new WsWire(true)
                .frame(WsFrames.OP_TEXT, false, false, new byte[] {'a', euro[0]})
                .frame(WsFrames.OP_PING, true, "p1")
                .frame(WsFrames.OP_CONTINUATION, false, false, new byte[] {euro[1]})
                .frame(WsFrames.OP_PONG, true, "p2")
                .frame(WsFrames.OP_CONTINUATION, true, false, new byte[] {euro[2], 'b'})
                .frame(WsFrames.OP_BINARY, true, false, new byte[] {1, 2, 3})
                .frame(WsFrames.OP_TEXT, true, "")
                .frame(WsFrames.OP_CLOSE, true, false, WsFrames.closePayload(1000, "bye ☃"))
                .bytes();
        assertAllSplits(data, true, List.of("ping:p1", "pong:p2", "text:a€b", "binary:010203", "text:", "close:1000:bye ☃"));
    }

    @Test
    void largeMaskedMessageInManyFragments() throws WsException {
        WsWire wire = new WsWire(true);
        byte[] part = new byte[20_000];
        for (int i = 0; i < part.length; i++) part[i] = (byte) i;
        wire.frame(WsFrames.OP_BINARY, false, false, part);
        for (int i = 0; i < 8; i++) wire.frame(WsFrames.OP_CONTINUATION, false, false, part);
        wire.frame(WsFrames.OP_CONTINUATION, true, false, part);
        Recorder r = new Recorder();
        List<byte[]> got = new ArrayList<>();
        WsFrameParser p = new WsFrameParser(new WsMessageReader(new Recorder() {
            @Override
            public void onMessage(boolean text, byte[] payload) {
                got.add(payload);
            }
        }, 1 << 20, null), true, 1 << 20);
        WsWire.feed(p, wire.bytes(), WsWire.randomCuts(wire.bytes().length, new Random(7)));
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).hasSize(200_000);
        for (int i = 0; i < 200_000; i++) assertThat(got.get(0)[i]).isEqualTo((byte) (i % 20_000));
        assertThat(r.events).isEmpty();
    }

    @Test
    void emptyCloseIsNoStatus() throws WsException {
        assertAllSplits(new WsWire(true).frame(WsFrames.OP_CLOSE, true, "").bytes(), true, List.of("close:1005:"));
    }

    static void assertCloseCode(Supplier<byte[]> input, int code, long maxFrame, long maxMessage) {
        for (List<Integer> cuts : List.of(List.<Integer>of(), WsWire.everyByte(input.get().length))) {
            Recorder r = new Recorder();
            WsFrameParser p = Recorder.serverParser(r, maxFrame, maxMessage, null);
            try {
                WsWire.feed(p, input.get(), cuts);
                throw new AssertionError("expected close code " + code + ", got events " + r.events);
            } catch (WsException e) {
                assertThat(e.closeCode()).as(e.getMessage()).isEqualTo(code);
                assertThat(p.isFailed()).isTrue();
            }
        }
    }
}
