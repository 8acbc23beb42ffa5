package dev.celeris.engine.internal.hpack;

import static dev.celeris.engine.internal.hpack.HpackTestSupport.decode;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC: RFC 7541 §4.1 / RFC 9113 §6.5.2: the header list size is enforced while decoding. */
class HpackHeaderListSizeTest {

    @Test
    void emitsFieldsWhileTheListFitsThenStops() throws HpackException {
        // :method GET = 7+3+32 = 42; :path / = 5+1+32 = 38; :scheme http = 7+4+32 = 43
        HpackDecoder decoder = new HpackDecoder(4096, 80);
        List<String> got = new ArrayList<>();
        boolean complete = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0x82, (byte) 0x84, (byte) 0x86}),
                (n, v) -> got.add(n + ": " + v));
        assertThat(complete).isFalse();
        assertThat(got).containsExactly(":method: GET", ":path: /"); // 80 fits exactly, 123 does not

        decoder.setMaxHeaderListSize(123);
        got.clear();
        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0x82, (byte) 0x84, (byte) 0x86}),
                (n, v) -> got.add(n + ": " + v))).isTrue();
        assertThat(got).hasSize(3);
        assertThat(decoder.maxHeaderListSize()).isEqualTo(123);
    }

    @Test
    void aSmallBlockThatExpandsToAHugeListIsCutOff() throws HpackException {
        // One 4,000-octet entry, then 100,000 one-byte references to it: a 400 MB list from 100 KB.
        HpackOutput out = new HpackOutput();
        out.write(0x40);
        HpackEncoder.writeInt(0, 7, 1, out);
        out.write('x');
        HpackEncoder.writeInt(0, 7, 3960, out);
        out.writeLatin1("v".repeat(3960));
        for (int i = 0; i < 100_000; i++) out.write(0xBE); // index 62
        byte[] block = out.toByteArray();
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        int[] emitted = {0};
        HeaderSink sink = (n, v) -> emitted[0]++;
        for (int i = 0; i < 3; i++) decoder.decode(ByteBuffer.wrap(block), sink); // warm up
        emitted[0] = 0;
        long before = allocatedBytes();
        assertThat(decoder.decode(ByteBuffer.wrap(block), sink)).isFalse();
        long allocated = allocatedBytes() - before;
        assertThat(emitted[0]).isEqualTo(2); // 3993 each: two fit in 8192
        // The entry's 3,960-octet value is built once (it enters the table); nothing else is.
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(16_000);
    }

    @Test
    void literalsPastTheLimitAreNotBuilt() throws HpackException {
        // 200 literal fields (without indexing) of 1,000 octets: 200 KB of strings if they were built.
        HpackOutput out = new HpackOutput();
        for (int i = 0; i < 200; i++) {
            out.write(0x00);
            HpackEncoder.writeInt(0, 7, 5, out);
            out.writeLatin1("x-abc");
            HpackEncoder.writeInt(0, 7, 1000, out);
            out.writeLatin1(Character.toString('a' + i % 26).repeat(1000));
        }
        byte[] block = out.toByteArray();
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        int[] emitted = {0};
        HeaderSink sink = (n, v) -> emitted[0]++;
        for (int i = 0; i < 3; i++) decoder.decode(ByteBuffer.wrap(block), sink); // warm up
        emitted[0] = 0;
        long before = allocatedBytes();
        assertThat(decoder.decode(ByteBuffer.wrap(block), sink)).isFalse();
        long allocated = allocatedBytes() - before;
        assertThat(emitted[0]).isEqualTo(7); // 1037 each: seven fit in 8192
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(40_000);
    }

    @Test
    void indexedLiteralsPastTheLimitStillEnterTheTable() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 40);
        // custom-key: custom-header (RFC 7541 C.2.1), 55 octets: over the limit, still indexed.
        byte[] block = HpackTestSupport.hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
        List<String> got = decode(decoder, block);
        assertThat(got).isEmpty();
        assertThat(decoder.tableLength()).isEqualTo(1);
        decoder.setMaxHeaderListSize(100);
        assertThat(decode(decoder, new byte[] {(byte) 0xBE})).containsExactly("custom-key: custom-header");
    }

    @Test
    void anEntryLargerThanTheTableEmptiesIt() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(64, 1 << 20);
        decode(decoder, HpackTestSupport.hex("4001 6b01 76"));                   // k: v, 34 octets
        assertThat(decoder.tableLength()).isEqualTo(1);
        HpackOutput out = new HpackOutput();
        out.write(0x40);
        out.write(1);
        out.write('k');
        out.write(40);
        out.writeLatin1("v".repeat(40));                                        // 73 octets > 64
        assertThat(decode(decoder, out.toByteArray())).containsExactly("k: " + "v".repeat(40));
        assertThat(decoder.tableLength()).isZero();
        assertThat(decoder.tableSize()).isZero();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
