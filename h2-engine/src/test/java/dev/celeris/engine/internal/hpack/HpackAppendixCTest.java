package dev.celeris.engine.internal.hpack;

import static dev.celeris.engine.internal.hpack.HpackTestSupport.decode;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.encode;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.fields;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.hex;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.lines;
import static dev.celeris.engine.internal.hpack.HpackTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example of RFC 7541 Appendix C: the exact bytes, the decoded list, and the dynamic table
 * (entries and size) after each block. Each sequence is decoded from heap buffers, from a direct
 * buffer, and from a buffer with an array offset.
 */
class HpackAppendixCTest {

    private record Step(List<String[]> headers, String hex, List<String[]> table, int tableSize) {
    }

    // ---- C.1 integer representation ----

    @Test
    void c1IntegerExamples() throws HpackException {
        HpackOutput out = new HpackOutput();
        HpackEncoder.writeInt(0x00, 5, 10, out);     // C.1.1
        HpackEncoder.writeInt(0x00, 5, 1337, out);   // C.1.2
        HpackEncoder.writeInt(0x00, 8, 42, out);     // C.1.3 (8-bit prefix: a whole octet)
        assertThat(hex(out.toByteArray())).isEqualTo("0a1f9a0a2a");
        // Decoding: 1337 as an index past the tables is rejected with that index in the message.
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decode(decoder, hex("ff ba 09")))
                .isInstanceOf(HpackException.class).hasMessageContaining("index 1337 ");
    }

    // ---- C.2 header field representation ----

    @Test
    void c21LiteralWithIndexing() throws HpackException {
        run(4096, true, List.of(new Step(fields("custom-key", "custom-header"),
                "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
                fields("custom-key", "custom-header"), 55)));
    }

    @Test
    void c22LiteralWithoutIndexing() throws HpackException {
        run(4096, false, List.of(new Step(fields(":path", "/sample/path"),
                "040c 2f73 616d 706c 652f 7061 7468", fields(), 0)));
        // Our encoder writes :path without indexing too (it changes with every request).
        assertThat(hex(encode(new HpackEncoder(4096, false), fields(":path", "/sample/path"))))
                .isEqualTo("040c2f73616d706c652f70617468");
    }

    @Test
    void c23LiteralNeverIndexed() throws HpackException {
        run(4096, false, List.of(new Step(fields("password", "secret"),
                "1008 7061 7373 776f 7264 0673 6563 7265 74", fields(), 0)));
        HpackOutput out = new HpackOutput();
        new HpackEncoder(4096, false).encode("password", "secret", true, out);
        assertThat(hex(out.toByteArray())).isEqualTo("100870617373776f726406736563726574");
    }

    @Test
    void c24IndexedField() throws HpackException {
        run(4096, true, List.of(new Step(fields(":method", "GET"), "82", fields(), 0)));
    }

    // ---- C.3 / C.4 requests ----

    private static List<Step> requests(boolean huffman) {
        return List.of(
                new Step(fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"),
                        huffman ? "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"
                                : "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                        fields(":authority", "www.example.com"), 57),
                new Step(fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com",
                        "cache-control", "no-cache"),
                        huffman ? "8286 84be 5886 a8eb 1064 9cbf"
                                : "8286 84be 5808 6e6f 2d63 6163 6865",
                        fields("cache-control", "no-cache", ":authority", "www.example.com"), 110),
                new Step(fields(":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority", "www.example.com",
                        "custom-key", "custom-value"),
                        huffman ? "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"
                                : "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
                        fields("custom-key", "custom-value", "cache-control", "no-cache", ":authority", "www.example.com"), 164));
    }

    @Test
    void c3RequestsWithoutHuffman() throws HpackException {
        run(4096, true, requests(false));
        encodeExactly(4096, false, requests(false));
    }

    @Test
    void c4RequestsWithHuffman() throws HpackException {
        run(4096, true, requests(true));
        encodeExactly(4096, true, requests(true));
    }

    // ---- C.5 / C.6 responses, table size 256 so entries are evicted ----

    private static List<Step> responses(boolean huffman) {
        String cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
        return List.of(
                new Step(fields(":status", "302", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:21 GMT",
                        "location", "https://www.example.com"),
                        huffman ? "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                                + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"
                                : "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
                                + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
                                + "6c65 2e63 6f6d",
                        fields("location", "https://www.example.com", "date", "Mon, 21 Oct 2013 20:13:21 GMT",
                                "cache-control", "private", ":status", "302"), 222),
                new Step(fields(":status", "307", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:21 GMT",
                        "location", "https://www.example.com"),
                        huffman ? "4883 640e ffc1 c0bf" : "4803 3330 37c1 c0bf",
                        fields(":status", "307", "location", "https://www.example.com",
                                "date", "Mon, 21 Oct 2013 20:13:21 GMT", "cache-control", "private"), 222),
                new Step(fields(":status", "200", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:22 GMT",
                        "location", "https://www.example.com", "content-encoding", "gzip", "set-cookie", cookie),
                        huffman ? "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
                                + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
                                + "9587 3160 65c0 03ed 4ee5 b106 3d50 07"
                                : "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
                                + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
                                + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
                                + "3d31",
                        fields("set-cookie", cookie, "content-encoding", "gzip", "date", "Mon, 21 Oct 2013 20:13:22 GMT"), 215));
    }

    @Test
    void c5ResponsesWithoutHuffman() throws HpackException {
        run(256, true, responses(false));
        roundTrip(256, false, responses(false));
    }

    @Test
    void c6ResponsesWithHuffman() throws HpackException {
        run(256, true, responses(true));
        roundTrip(256, true, responses(true));
    }

    @Test
    void staticNamesAreTheInternedInstances() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        List<String> names = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(hex(requests(true).get(0).hex())), (n, v) -> names.add(n));
        assertThat(names.get(0)).isSameAs(StaticTable.NAMES[2]);
        assertThat(names.get(3)).isSameAs(StaticTable.NAMES[1]);
        // A literal name that is in the static table comes back as the static instance too.
        List<String> literal = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(hex("000c 636f 6e74 656e 742d 7479 7065 0161")), (n, v) -> literal.add(n));
        assertThat(literal.get(0)).isEqualTo("content-type").isSameAs(StaticTable.NAMES[31]);
    }

    /** Decodes the steps with one decoder three ways (heap, direct, offset), checking lists and tables. */
    private static void run(int tableSize, boolean checkTableAfter, List<Step> steps) throws HpackException {
        for (int mode = 0; mode < 3; mode++) {
            HpackDecoder decoder = new HpackDecoder(tableSize, 1 << 20);
            for (Step step : steps) {
                byte[] block = hex(step.hex());
                List<String> got = new ArrayList<>();
                ByteBuffer buf = switch (mode) {
                    case 0 -> ByteBuffer.wrap(block);
                    case 1 -> ByteBuffer.allocateDirect(block.length).put(block).flip();
                    default -> {
                        byte[] padded = new byte[block.length + 7];
                        System.arraycopy(block, 0, padded, 5, block.length);
                        yield ByteBuffer.wrap(padded, 3, block.length + 4).slice().slice(2, block.length);
                    }
                };
                assertThat(decoder.decode(buf, (n, v) -> got.add(n + ": " + v))).isTrue();
                assertThat(buf.hasRemaining()).isFalse();
                assertThat(got).isEqualTo(lines(step.headers()));
                if (checkTableAfter) {
                    assertThat(table(decoder)).isEqualTo(lines(step.table()));
                    assertThat(decoder.tableSize()).isEqualTo(step.tableSize());
                }
            }
        }
    }

    /** Our encoder produces exactly the RFC's bytes (requests: its choices match the RFC's). */
    private static void encodeExactly(int tableSize, boolean huffman, List<Step> steps) {
        HpackEncoder encoder = new HpackEncoder(tableSize, huffman);
        for (Step step : steps) {
            assertThat(hex(encode(encoder, step.headers()))).isEqualTo(hex(hex(step.hex())));
            assertThat(encoder.tableSize()).isEqualTo(step.tableSize());
        }
    }

    /** Responses: our encoder keeps location and set-cookie out of the table, so compare by decoding. */
    private static void roundTrip(int tableSize, boolean huffman, List<Step> steps) throws HpackException {
        HpackEncoder encoder = new HpackEncoder(tableSize, huffman);
        encoder.setPeerMaxTableSize(tableSize);
        HpackDecoder decoder = new HpackDecoder(tableSize, 1 << 20);
        for (Step step : steps) {
            assertThat(decode(decoder, encode(encoder, step.headers()))).isEqualTo(lines(step.headers()));
            assertThat(decoder.tableSize()).isEqualTo(encoder.tableSize());
        }
    }
}
