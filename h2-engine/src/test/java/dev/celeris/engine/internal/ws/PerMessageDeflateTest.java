package dev.celeris.engine.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** permessage-deflate (RFC 7692): the RFC's examples, round trips, context takeover, negotiation, bombs. */
class PerMessageDeflateTest {

    private static final DeflateParams TAKEOVER = new DeflateParams(false, false, 15, false);

    private static byte[] hex(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    @Test
    void rfc7692Section72Examples() throws WsException {
        // §7.2.3.1 "Hello" compressed in one unmasked frame; §7.2.3.2 a second "Hello" using the shared window.
        byte[] data = new WsWire(false)
                .frame(WsFrames.OP_TEXT, true, true, hex(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00))
                .frame(WsFrames.OP_TEXT, true, true, hex(0xf2, 0x00, 0x11, 0x00, 0x00))
                // §7.2.3.1 the same first message split over two frames (RSV1 only on the first).
                .frame(WsFrames.OP_TEXT, false, true, hex(0xf2, 0x48, 0xcd))
                .frame(WsFrames.OP_CONTINUATION, true, false, hex(0xc9, 0xc9, 0x07, 0x00))
                // §7.2.3.3 no compression: a stored block.
                .frame(WsFrames.OP_TEXT, true, true, hex(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00))
                .bytes();
        for (List<Integer> cuts : List.of(List.<Integer>of(), WsWire.everyByte(data.length))) {
            Recorder r = new Recorder();
            WsWire.feed(Recorder.clientParser(r, new PerMessageDeflate(TAKEOVER, 6)), data, cuts);
            assertThat(r.events).containsExactly("text:Hello", "text:Hello", "text:Hello", "text:Hello");
        }
    }

    @Test
    void finalBlockThenMoreMessagesWithContextTakeover() throws WsException {
        // §7.2.3.4 "Hello" in a block with BFINAL set, then the 0x00 left of an empty stored block: the
        // stream ends inside the payload and what follows starts a new one. Found by
        // PerMessageDeflateFuzzTest: the 0x00 was dropped when it came in the same chunk as the final
        // block, so the tail was read as a stored block header and the next message failed with 1007.
        byte[] data = new WsWire(false)
                .frame(WsFrames.OP_TEXT, true, true, hex(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00))
                .frame(WsFrames.OP_TEXT, true, true, hex(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00))
                .frame(WsFrames.OP_TEXT, true, true, hex(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00))
                .frame(WsFrames.OP_TEXT, true, true, hex(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00))
                .bytes();
        for (List<Integer> cuts : List.of(List.<Integer>of(), WsWire.everyByte(data.length))) {
            Recorder r = new Recorder();
            WsWire.feed(Recorder.clientParser(r, new PerMessageDeflate(TAKEOVER, 6)), data, cuts);
            assertThat(r.events).containsExactly("text:Hello", "text:Hello", "text:Hello", "text:Hello");
        }
    }

    @Test
    void roundTripWithAndWithoutContextTakeover() throws WsException {
        for (DeflateParams params : List.of(TAKEOVER, new DeflateParams(true, true, 15, false))) {
            PerMessageDeflate sender = new PerMessageDeflate(params, Deflater.DEFAULT_COMPRESSION);
            WsWire wire = new WsWire(true);
            Random random = new Random(3);
            StringBuilder letters = new StringBuilder();
            for (int i = 0; i < 20_000; i++) letters.append((char) ('a' + random.nextInt(26)));
            String big = letters.toString(); // fits the 32 KiB window, compresses poorly on its own
            byte[] noise = new byte[50_000];
            random.nextBytes(noise);
            wire.frame(WsFrames.OP_TEXT, true, true, sender.deflate(big.getBytes(StandardCharsets.UTF_8), 0, big.length()));
            wire.frame(WsFrames.OP_TEXT, true, true, sender.deflate(new byte[0], 0, 0));
            byte[] second = sender.deflate(big.getBytes(StandardCharsets.UTF_8), 0, big.length());
            wire.frame(WsFrames.OP_TEXT, true, true, second);
            wire.frame(WsFrames.OP_BINARY, true, true, sender.deflate(noise, 0, noise.length));
            wire.frame(WsFrames.OP_TEXT, true, false, "plain".getBytes(StandardCharsets.UTF_8));
            Recorder r = new Recorder();
            WsFrameParser p = Recorder.serverParser(r, 1 << 20, 1 << 20, new PerMessageDeflate(params, 6));
            WsWire.feed(p, wire.bytes(), WsWire.randomCuts(wire.bytes().length, random));
            assertThat(r.events).containsExactly("text:" + big, "text:", "text:" + big, "binary:50000 bytes", "text:plain");
            // With context takeover the repeat is a back-reference: a few bytes; without, compressed anew.
            if (!params.serverNoContextTakeover()) assertThat(second.length).isLessThan(200);
            else assertThat(second.length).isGreaterThan(10_000);
            sender.close();
        }
    }

    @Test
    void inflatedSizeIsBoundedByTheMessageLimit() {
        PerMessageDeflate sender = new PerMessageDeflate(TAKEOVER, 9);
        byte[] zeros = new byte[10 << 20];
        byte[] bomb = sender.deflate(zeros, 0, zeros.length); // ~10 KiB on the wire
        assertThat(bomb.length).isLessThan(20_000);
        Recorder r = new Recorder();
        WsFrameParser p = Recorder.serverParser(r, 1 << 20, 1 << 20, new PerMessageDeflate(TAKEOVER, 6));
        assertThatThrownBy(() -> p.parse(java.nio.ByteBuffer.wrap(new WsWire(true)
                .frame(WsFrames.OP_BINARY, true, true, bomb).bytes())))
                .isInstanceOfSatisfying(WsException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
    }

    @Test
    void garbageIs1007AndInvalidUtf8AfterInflateIs1007() {
        Recorder r = new Recorder();
        WsFrameParser p = Recorder.serverParser(r, 1 << 20, 1 << 20, new PerMessageDeflate(TAKEOVER, 6));
        assertThatThrownBy(() -> p.parse(java.nio.ByteBuffer.wrap(new WsWire(true)
                .frame(WsFrames.OP_BINARY, true, true, hex(0xff, 0xff, 0xff)).bytes())))
                .isInstanceOfSatisfying(WsException.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
        byte[] bad = new PerMessageDeflate(TAKEOVER, 6).deflate(new byte[] {(byte) 0xC0, (byte) 0x80}, 0, 2);
        WsFrameParser p2 = Recorder.serverParser(r, 1 << 20, 1 << 20, new PerMessageDeflate(TAKEOVER, 6));
        assertThatThrownBy(() -> p2.parse(java.nio.ByteBuffer.wrap(new WsWire(true)
                .frame(WsFrames.OP_TEXT, true, true, bad).bytes())))
                .isInstanceOfSatisfying(WsException.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
    }

    @Test
    void rsv1WithoutNegotiationIs1002() {
        WsFrameParserTest.assertCloseCode(() -> new WsWire(true).frame(WsFrames.OP_TEXT, true, true, new byte[1]).bytes(),
                1002, 100, 100);
    }

    @Test
    void negotiation() {
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate; client_max_window_bits"), false, false, 15)
                .responseHeader()).isEqualTo("permessage-deflate");
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate; client_max_window_bits"), false, false, 10)
                .responseHeader()).isEqualTo("permessage-deflate; client_max_window_bits=10");
        // Without the client's client_max_window_bits the server must not ask for a smaller window.
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate"), false, false, 10).responseHeader())
                .isEqualTo("permessage-deflate");
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                false, false, 15).responseHeader())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate"), true, true, 15).responseHeader())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        // A smaller server window than java.util.zip keeps is declined; the next offer is taken.
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate; server_max_window_bits=10, permessage-deflate"),
                false, false, 15).responseHeader()).isEqualTo("permessage-deflate");
        assertThat(DeflateParams.negotiate(List.of("permessage-deflate; server_max_window_bits=\"15\""), false, false, 15)
                .responseHeader()).isEqualTo("permessage-deflate; server_max_window_bits=15");
        for (String bad : List.of("permessage-deflate; server_max_window_bits=7", "permessage-deflate; foo",
                "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
                "permessage-deflate; server_no_context_takeover=1", "permessage-deflate; client_max_window_bits=16",
                "x-webkit-deflate-frame")) {
            assertThat(DeflateParams.negotiate(List.of(bad), false, false, 15)).as(bad).isNull();
        }
    }
}
