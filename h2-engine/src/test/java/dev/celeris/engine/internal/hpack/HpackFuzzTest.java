package dev.celeris.engine.internal.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random inputs: Huffman and integer round trips over their whole domains, and hostile
 * blocks (random bytes, and valid blocks with flipped bits) that must decode or fail with an
 * HpackException, never anything else.
 */
@Timeout(60)
class HpackFuzzTest {

    @Test
    void huffmanRoundTripsEveryOctet() throws HpackException {
        Random random = new Random(7);
        for (int round = 0; round < 3000; round++) {
            int len = round < 256 ? 1 : random.nextInt(300);
            StringBuilder sb = new StringBuilder(len);
            for (int i = 0; i < len; i++) sb.append((char) (round < 256 ? round : random.nextInt(256)));
            String s = sb.toString();
            HpackOutput out = new HpackOutput();
            Huffman.encode(s, out);
            assertThat(out.size()).isEqualTo(Huffman.encodedLength(s));
            byte[] dst = new byte[Huffman.maxDecodedLength(out.size()) + 3];
            int n = Huffman.decode(out.array(), 0, out.size(), dst, 3);
            assertThat(new String(dst, 3, n, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(s);
        }
    }

    /**
     * The encoding of a string is unique (a canonical code, padding fixed to at most 7 one bits),
     * so whatever the decoder accepts must re-encode to the same bytes: checked for every 1- and
     * 2-byte input and random longer ones. With the round trip above, the decoder accepts exactly
     * the valid encodings.
     */
    @Test
    void huffmanDecoderAcceptsOnlyCanonicalEncodings() {
        Random random = new Random(13);
        byte[] dst = new byte[64];
        int accepted = 0;
        for (int round = 0; round < 65_536 + 256 + 100_000; round++) {
            byte[] in;
            if (round < 256) in = new byte[] {(byte) round};
            else if (round < 256 + 65_536) in = new byte[] {(byte) ((round - 256) >> 8), (byte) (round - 256)};
            else {
                in = new byte[3 + random.nextInt(6)];
                random.nextBytes(in);
            }
            int n;
            try {
                n = Huffman.decode(in, 0, in.length, dst, 0);
            } catch (HpackException rejected) {
                continue;
            }
            accepted++;
            HpackOutput out = new HpackOutput();
            Huffman.encode(new String(dst, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1), out);
            assertThat(out.toByteArray()).as("re-encoding of %s", HpackTestSupport.hex(in)).isEqualTo(in);
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    @Test
    void integersRoundTripForEveryPrefix() throws HpackException {
        Random random = new Random(11);
        for (int round = 0; round < 5000; round++) {
            int value = switch (round % 4) {
                case 0 -> random.nextInt(300);
                case 1 -> Integer.MAX_VALUE - random.nextInt(3);
                default -> random.nextInt(Integer.MAX_VALUE);
            };
            // As a literal-without-indexing name index (4-bit prefix) the decoder reports it back
            // in its "past the end" message; as a string length (7-bit prefix) in its length message.
            HpackOutput out = new HpackOutput();
            HpackEncoder.writeInt(0x00, 4, value, out);
            HpackDecoder decoder = new HpackDecoder(4096, 8192);
            try {
                decoder.decode(ByteBuffer.wrap(out.toByteArray()), (n, v) -> { });
                assertThat(value).isZero(); // name index 0 then a missing string would fail: not reached
            } catch (HpackException e) {
                if (value == 0) assertThat(e.getMessage()).contains("ends before a name string");
                else if (value <= StaticTable.LENGTH) assertThat(e.getMessage()).contains("ends before a value string");
                else assertThat(e.getMessage()).contains("index " + value + " is past the end");
            }
        }
    }

    @Test
    void randomBytesDecodeOrFailCleanly() {
        Random random = new Random(3);
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        for (int round = 0; round < 20_000; round++) {
            byte[] block = new byte[random.nextInt(40)];
            random.nextBytes(block);
            try {
                decoder.decode(ByteBuffer.wrap(block), (n, v) -> { });
            } catch (HpackException e) {
                decoder = new HpackDecoder(4096, 8192); // a failed decoder is out of sync: replace it
            }
        }
    }

    @Test
    void corruptedValidBlocksDecodeOrFailCleanly() throws HpackException {
        Random random = new Random(5);
        HpackEncoder encoder = new HpackEncoder();
        for (int round = 0; round < 5000; round++) {
            List<String[]> fields = HpackNettyDifferentialTest.randomFields(random);
            byte[] block = HpackTestSupport.encode(encoder, fields);
            if (block.length == 0) continue;
            HpackDecoder decoder = new HpackDecoder(4096, 8192);
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                block[random.nextInt(block.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                decoder.decode(ByteBuffer.wrap(block), (n, v) -> { });
            } catch (HpackException expected) {
                assertThat(expected.getMessage()).contains("RFC 7541");
            }
            if (round % 100 == 0) encoder = new HpackEncoder();
        }
    }
}
