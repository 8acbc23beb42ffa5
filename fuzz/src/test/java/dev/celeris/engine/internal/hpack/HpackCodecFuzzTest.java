package dev.celeris.engine.internal.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * HPACK (RFC 7541) fuzz targets: the decoder reads raw header blocks from the peer.
 *
 * <p>Invariants: a block either decodes or fails with {@link HpackException} (nothing else);
 * the fields emitted never add up past the header list limit (RFC 7541 §4.1 sizes), and the
 * result says whether some were dropped; the dynamic table never exceeds its capacity; decoding
 * is deterministic (a fresh decoder given the same blocks emits the same fields). For the
 * encoder: every header list it encodes decodes back to the same list, block after block,
 * through table size changes.
 */
class HpackCodecFuzzTest {

    private static final int LIST_LIMIT = 1024;

    @FuzzTest(maxDuration = "")
    void decoder(FuzzedDataProvider data) {
        int tableSize = data.consumeInt(0, 8192);
        List<byte[]> blocks = new ArrayList<>();
        while (data.remainingBytes() > 0 && blocks.size() < 8) {
            blocks.add(data.consumeBytes(data.consumeInt(0, 512)));
        }
        List<String> first = decodeAll(tableSize, blocks);
        assertThat(decodeAll(tableSize, blocks)).as("deterministic").isEqualTo(first);
    }

    private static List<String> decodeAll(int tableSize, List<byte[]> blocks) {
        HpackDecoder decoder = new HpackDecoder(4096, LIST_LIMIT);
        decoder.setMaxTableSize(tableSize);
        List<String> trace = new ArrayList<>();
        for (byte[] block : blocks) {
            long[] listSize = {0};
            List<String> fields = new ArrayList<>();
            boolean complete;
            try {
                complete = decoder.decode(block, 0, block.length, (name, value) -> {
                    listSize[0] += name.length() + value.length() + 32L;
                    fields.add(name + ": " + value);
                });
            } catch (HpackException e) {
                trace.add("error");
                return trace;   // the connection ends: the table is out of sync from here on
            }
            assertThat(listSize[0]).as("emitted header list size").isLessThanOrEqualTo(LIST_LIMIT);
            assertThat(decoder.tableSize()).as("table size").isLessThanOrEqualTo(decoder.tableCapacity());
            assertThat(decoder.tableCapacity()).as("table capacity").isLessThanOrEqualTo(Math.max(tableSize, 4096));
            trace.addAll(fields);
            trace.add(complete ? "complete" : "truncated");
        }
        return trace;
    }

    @FuzzTest(maxDuration = "")
    void roundTrip(FuzzedDataProvider data) throws HpackException {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        HpackOutput out = new HpackOutput();
        int blocks = data.consumeInt(1, 6);
        for (int b = 0; b < blocks && data.remainingBytes() > 0; b++) {
            if (data.consumeBoolean()) {
                long size = data.consumeInt(0, 4096);
                encoder.setPeerMaxTableSize(size);
                decoder.setMaxTableSize(size);
            }
            List<String[]> fields = new ArrayList<>();
            int n = data.consumeInt(0, 12);
            for (int i = 0; i < n; i++) {
                String name = data.consumeBoolean() ? commonName(data.consumeInt(0, 5)) : lower(data.consumeString(20));
                fields.add(new String[] {name, latin1(data.consumeString(60)), data.consumeBoolean() ? "s" : ""});
            }
            out.reset();
            encoder.beginBlock(out);
            for (String[] f : fields) encoder.encode(f[0], f[1], !f[2].isEmpty(), out);
            List<String[]> decoded = new ArrayList<>();
            boolean complete = decoder.decode(out.toByteArray(), 0, out.size(), (name, value) -> decoded.add(new String[] {name, value}));
            assertThat(complete).isTrue();
            assertThat(decoded).as("block %d", b).hasSameSizeAs(fields);
            for (int i = 0; i < fields.size(); i++) {
                assertThat(decoded.get(i)[0]).isEqualTo(fields.get(i)[0]);
                assertThat(decoded.get(i)[1]).isEqualTo(fields.get(i)[1]);
            }
        }
    }

    private static String commonName(int i) {
        return switch (i) {
            case 0 -> ":path";
            case 1 -> "content-type";
            case 2 -> "cookie";
            case 3 -> "user-agent";
            case 4 -> "authorization";
            default -> "x-custom";
        };
    }

    /** Header names on the wire are lowercase (RFC 9113 §8.2.1); the encoder may assume it. */
    private static String lower(String s) {
        return latin1(s).toLowerCase(java.util.Locale.ROOT);
    }

    /** HPACK strings are octets: keep each char within one octet, as the engine's strings are. */
    private static String latin1(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) b.append((char) (s.charAt(i) & 0xFF));
        return b.toString();
    }
}
