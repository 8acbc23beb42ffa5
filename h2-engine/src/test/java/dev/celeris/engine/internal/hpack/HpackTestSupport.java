package dev.celeris.engine.internal.hpack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Helpers shared by the HPACK tests. */
final class HpackTestSupport {

    private HpackTestSupport() {
    }

    /** Hex with optional spaces, as printed in RFC 7541 Appendix C. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("\n", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static List<String[]> fields(String... namesAndValues) {
        List<String[]> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) list.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
        return list;
    }

    /** Decodes one block and returns its fields as "name: value" strings. */
    static List<String> decode(HpackDecoder decoder, byte[] block) throws HpackException {
        List<String> out = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(block), (n, v) -> out.add(n + ": " + v));
        return out;
    }

    static List<String> lines(List<String[]> fields) {
        List<String> out = new ArrayList<>();
        for (String[] f : fields) out.add(f[0] + ": " + f[1]);
        return out;
    }

    static List<String> table(HpackDecoder decoder) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= decoder.tableLength(); i++) {
            String[] e = decoder.tableEntry(i);
            out.add(e[0] + ": " + e[1]);
        }
        return out;
    }

    static byte[] encode(HpackEncoder encoder, List<String[]> fields) {
        HpackOutput out = new HpackOutput();
        encoder.beginBlock(out);
        for (String[] f : fields) encoder.encode(f[0], f[1], out);
        return out.toByteArray();
    }
}
