package dev.celeris.engine.internal.hpack;

import static dev.celeris.engine.internal.hpack.HpackTestSupport.decode;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each malformed input fails with an HpackException that says what is wrong. */
class HpackDecoderErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // SPEC: RFC 7541 §6.1 index 0
        "indexed field with index 0                 | 80                         | index 0",
        // SPEC: RFC 7541 §2.3.3 past both tables
        "index past the empty dynamic table         | be                         | index 62 is past the end",
        "literal name index past the tables         | 0f 2f 01 61                | index 62 is past the end",
        "indexed name with incremental indexing     | 7f 00 01 61                | index 63 is past the end",
        // SPEC: RFC 7541 §5.1 integers
        "integer above 2^31-1                       | ff ff ff ff ff 0f          | exceeds 2^31-1",
        "integer exactly 2^31                       | ff 81 ff ff ff 07          | exceeds 2^31-1",
        "integer with too many continuation bytes   | ff 80 80 80 80 80 00       | too many continuation bytes",
        "block ends inside an integer               | ff                         | ends inside an integer",
        "block ends inside a multi-byte integer     | ff 80                      | ends inside an integer",
        // SPEC: RFC 7541 §5.2 string literals
        "string longer than the block               | 00 05 61 01 62             | name string length 5 exceeds the 3 bytes left",
        "value missing                              | 00 01 61                   | ends before a value string",
        "name missing                               | 40                         | ends before a name string",
        "value string longer than the block         | 0f 10 7e 61                | value string length 126 exceeds",
        "Huffman string containing EOS              | 00 01 61 84 ff ff ff ff    | contains EOS",
        "Huffman padding longer than 7 bits         | 00 01 61 82 1f ff          | padding longer than 7 bits or not all ones",
        "Huffman padding not all ones               | 00 01 61 81 18             | padding longer than 7 bits or not all ones",
        // SPEC: RFC 7541 §4.2 / §6.3 table size updates
        "size update after a header field           | 82 20                      | size update after a header field",
        "three size updates                         | 20 20 20 82                | more than two",
        "size update above SETTINGS value           | 3f e2 1f                   | update to 4097 exceeds the limit 4096",
    })
    void malformedInputFails(String what, String block, String message) {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThatThrownBy(() -> decode(decoder, hex(block)))
                .as(what).isInstanceOf(HpackException.class).hasMessageContaining(message)
                .hasMessageContaining("RFC 7541 §");
    }

    @Test
    void exceptionHasNoStackTrace() {
        assertThat(new HpackException("x").getStackTrace()).isEmpty();
    }

    @Test
    void largestIntegerIsAccepted() {
        // 2^31-1 as a size update: well-formed, but above the table limit, so the message names it.
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThatThrownBy(() -> decode(decoder, hex("3f e0 ff ff ff 07")))
                .isInstanceOf(HpackException.class).hasMessageContaining("update to 2147483647 exceeds");
    }

    @Test
    void twoSizeUpdatesAtTheStartAreAccepted() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decode(decoder, hex("4003 6b65 7901 76"));            // adds key: v
        assertThat(decoder.tableLength()).isEqualTo(1);
        // size 0 (evicts), then 4096 = 31 + 4065 (0x0fe1), then :method GET
        assertThat(decode(decoder, hex("20 3f e1 1f 82"))).containsExactly(":method: GET");
        assertThat(decoder.tableLength()).isZero();
        assertThat(decoder.tableCapacity()).isEqualTo(4096);
    }

    @Test
    void loweredSettingRequiresAnUpdateInTheNextBlock() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decoder.setMaxTableSize(100);
        assertThatThrownBy(() -> decode(decoder, hex("82")))
                .isInstanceOf(HpackException.class).hasMessageContaining("missing dynamic table size update");

        HpackDecoder ok = new HpackDecoder(4096, 8192);
        ok.setMaxTableSize(100);
        assertThat(decode(ok, hex("3f 45 82"))).containsExactly(":method: GET"); // update to 100
        assertThat(ok.tableCapacity()).isEqualTo(100);
        assertThat(decode(ok, hex("82"))).containsExactly(":method: GET");     // no longer required
        assertThatThrownBy(() -> decode(ok, hex("3f 46")))                       // 101 > 100
                .isInstanceOf(HpackException.class).hasMessageContaining("exceeds the limit 100");
    }

    @Test
    void raisedSettingNeedsNoUpdate() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decoder.setMaxTableSize(8192);
        assertThat(decode(decoder, hex("82"))).containsExactly(":method: GET");
        assertThat(decode(decoder, hex("3f e1 3f 82"))).containsExactly(":method: GET"); // 8192 now allowed
        assertThat(decoder.tableCapacity()).isEqualTo(8192);
    }

    @Test
    void everyTruncationOfAValidBlockFailsCleanlyOrYieldsAPrefix() throws HpackException {
        // C.4.3 and C.6.1 style blocks: cut at every byte, never anything but HpackException.
        List<String> blocks = List.of(
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
                "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                        + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                "3f e1 1f 40 0a 63 75 73 74 6f 6d 2d 6b 65 79 ff 80 01" + "61".repeat(128 + 127));
        for (String h : blocks) {
            byte[] full = hex(h);
            HpackDecoder reference = new HpackDecoder(4096, 1 << 20);
            reference.decode(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x40, 1, 'k', 1, 'v'}), (n, v) -> { });
            reference.decode(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x40, 1, 'k', 1, 'w'}), (n, v) -> { });
            reference.decode(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x40, 1, 'k', 1, 'x'}), (n, v) -> { });
            List<String> whole = decode(copy(reference), full);
            for (int cut = 0; cut < full.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(full, cut);
                try {
                    List<String> got = decode(copy(reference), prefix);
                    assertThat(got.size()).isLessThanOrEqualTo(whole.size());
                    assertThat(whole.subList(0, got.size())).isEqualTo(got);
                } catch (HpackException expected) {
                    assertThat(expected.getMessage()).contains("RFC 7541");
                }
            }
        }
    }

    /** A decoder with the same dynamic table as {@code d}: three entries k: v, k: w, k: x. */
    private static HpackDecoder copy(HpackDecoder d) throws HpackException {
        HpackDecoder c = new HpackDecoder(4096, 1 << 20);
        for (int i = d.tableLength(); i >= 1; i--) {
            String[] e = d.tableEntry(i);
            HpackOutput out = new HpackOutput();
            out.write(0x40);
            out.write(e[0].length());
            out.writeLatin1(e[0]);
            out.write(e[1].length());
            out.writeLatin1(e[1]);
            c.decode(java.nio.ByteBuffer.wrap(out.toByteArray()), (n, v) -> { });
        }
        return c;
    }
}
