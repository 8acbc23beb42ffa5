package dev.celeris.engine.internal.hpack;

import static dev.celeris.engine.internal.hpack.HpackTestSupport.decode;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The encoder's choices: indexing, never-indexed fields, Huffman, table size updates. */
class HpackEncoderTest {

    private static String encodeOne(HpackEncoder encoder, String name, String value, boolean sensitive) {
        HpackOutput out = new HpackOutput();
        encoder.beginBlock(out);
        encoder.encode(name, value, sensitive, out);
        return hex(out.toByteArray());
    }

    @Test
    void status200IsOneByte() {
        assertThat(encodeOne(new HpackEncoder(), ":status", "200", false)).isEqualTo("88");
    }

    @Test
    void repeatedFieldBecomesOneByteFromTheDynamicTable() {
        HpackEncoder encoder = new HpackEncoder();
        assertThat(encodeOne(encoder, "content-type", "application/json", false)).startsWith("5f8b"); // 01 + name index 31, Huffman value of 11 bytes
        assertThat(encodeOne(encoder, "content-type", "application/json", false)).isEqualTo("be");   // index 62
        assertThat(encoder.tableLength()).isEqualTo(1);
    }

    @Test
    void sensitiveFieldsAreNeverIndexed() throws HpackException {
        HpackEncoder encoder = new HpackEncoder();
        // explicit: 0001xxxx with the new name literal, twice, nothing enters the table
        assertThat(encodeOne(encoder, "x-token", "abc", true)).startsWith("10");
        assertThat(encodeOne(encoder, "x-token", "abc", true)).startsWith("10");
        // by name: authorization (static 23 = 15 + 8), short cookies
        assertThat(encodeOne(encoder, "authorization", "Bearer x", false)).startsWith("1f08");
        assertThat(encodeOne(encoder, "cookie", "a=b", false)).startsWith("1f11");     // static 32 = 15 + 17
        assertThat(encoder.tableLength()).isZero();
        // a sensitive field never references a full match in the table either
        encodeOne(encoder, "x-token", "def", false);
        assertThat(encoder.tableLength()).isEqualTo(1);
        assertThat(encodeOne(encoder, "x-token", "def", true)).startsWith("1f2f");     // name index 62 only
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        HpackOutput out = new HpackOutput();
        encoder = new HpackEncoder();
        encoder.beginBlock(out);
        encoder.encode("authorization", "Bearer x", out);
        assertThat(decode(decoder, out.toByteArray())).containsExactly("authorization: Bearer x");
    }

    @Test
    void perMessageAndLargeFieldsStayOutOfTheTable() {
        HpackEncoder encoder = new HpackEncoder();
        assertThat(encodeOne(encoder, "content-length", "1234", false)).startsWith("0f0d");      // without indexing
        assertThat(encodeOne(encoder, "set-cookie", "id=1234567890abcdefghij", false)).startsWith("0f28");
        assertThat(encodeOne(encoder, ":path", "/a/b", false)).startsWith("04");
        assertThat(encodeOne(encoder, "x-large", "v".repeat(3100), false)).startsWith("00");      // > 3/4 of 4096
        assertThat(encoder.tableLength()).isZero();
        assertThat(encodeOne(encoder, "x-small", "v", false)).startsWith("40");
        assertThat(encoder.tableLength()).isEqualTo(1);
    }

    @Test
    void requestAndTraceIdsIndexOnlyTheirFirstValueSoTheNameCanBeReferenced() {
        HpackEncoder encoder = new HpackEncoder();
        // the first of a name: incremental indexing with a new name (0x40), one entry
        assertThat(encodeOne(encoder, "x-request-id", "0123456789abcdef", false)).startsWith("40");
        assertThat(encoder.tableLength()).isEqualTo(1);
        // later values differ in every message: without indexing, name index 62 (0x0f 0x2f), table unchanged
        // ... and the value raw (0x10: 16 octets, no Huffman flag)
        assertThat(encodeOne(encoder, "x-request-id", "fedcba9876543210", false))
                .isEqualTo("0f2f10" + hex("fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(encodeOne(encoder, "x-request-id", "00112233445566778", false)).startsWith("0f2f");
        assertThat(encoder.tableLength()).isEqualTo(1);
        assertThat(encodeOne(encoder, "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false))
                .startsWith("40");
        // the request id's entry is now index 63
        assertThat(encodeOne(encoder, "x-request-id", "0123456789abcdef", false)).isEqualTo("bf");
        assertThat(encodeOne(encoder, "traceparent", "00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false))
                .startsWith("0f2f");
        assertThat(encoder.tableLength()).isEqualTo(2);
    }

    @Test
    void huffmanOnlyWhenShorter() {
        HpackEncoder encoder = new HpackEncoder();
        // "www.example.com" Huffman-codes to 12 bytes (RFC 7541 C.4.1)
        assertThat(encodeOne(encoder, ":authority", "www.example.com", false)).isEqualTo("418cf1e3c2e5f23a6ba0ab90f4ff");
        // control characters have long codes: raw is shorter
        assertThat(encodeOne(encoder, "x-a", "\u0001\u0002", false)).endsWith("020102");
    }

    @Test
    void nonLatin1CharactersBecomeQuestionMarks() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        HpackOutput out = new HpackOutput();
        encoder.encode("x-a", "é€", out);
        assertThat(decode(new HpackDecoder(4096, 8192), out.toByteArray())).containsExactly("x-a: é?");
    }

    @Test
    void tableSizeUpdatesAreAnnouncedAtTheNextBlock() throws HpackException {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decode(decoder, HpackTestSupport.encode(encoder, HpackTestSupport.fields("x-a", "1")));
        assertThat(encoder.tableLength()).isEqualTo(1);

        encoder.setPeerMaxTableSize(0);
        encoder.setPeerMaxTableSize(2048);          // two changes: smallest (0) then final (2048)
        decoder.setMaxTableSize(2048);
        byte[] block = HpackTestSupport.encode(encoder, HpackTestSupport.fields("x-a", "1"));
        assertThat(hex(block)).startsWith("20" + "3fe10f");   // 0, then 2048 = 31 + 2017 (0x07e1)
        assertThat(decode(decoder, block)).containsExactly("x-a: 1");
        assertThat(decoder.tableCapacity()).isEqualTo(2048);
        assertThat(encoder.tableLength()).isEqualTo(1).isEqualTo(decoder.tableLength());

        // Only at the start of the next block, and only once.
        HpackOutput out = new HpackOutput();
        encoder.beginBlock(out);
        assertThat(out.size()).isZero();
    }

    @Test
    void ownMaximumCapsThePeerSetting() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(256);
        byte[] first = HpackTestSupport.encode(encoder, HpackTestSupport.fields(":status", "200"));
        assertThat(hex(first)).isEqualTo("3fe101" + "88"); // announces 256 = 31 + 225 (0xe1 0x01)
        encoder.setPeerMaxTableSize(65536);                 // min(256, 65536) = 256: nothing to announce
        assertThat(hex(HpackTestSupport.encode(encoder, HpackTestSupport.fields(":status", "200")))).isEqualTo("88");
        assertThat(encoder.tableCapacity()).isEqualTo(256);
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThat(decoder.decode(ByteBuffer.wrap(first), (n, v) -> { })).isTrue();
        assertThat(decoder.tableCapacity()).isEqualTo(256);
    }

    @Test
    void outputGrowsAndCopies() {
        HpackOutput out = new HpackOutput(16);
        for (int i = 0; i < 100; i++) out.write(i);
        out.write(new byte[50], 0, 50);
        assertThat(out.size()).isEqualTo(150);
        ByteBuffer dst = ByteBuffer.allocate(150);
        out.writeTo(dst);
        assertThat(dst.position()).isEqualTo(150);
        assertThat(dst.get(99)).isEqualTo((byte) 99);
        out.reset();
        assertThat(out.size()).isZero();
    }
}
