package dev.celeris.engine.internal.hpack;

/**
 * The HPACK Huffman code (RFC 7541 §5.2, Appendix B): encoding, and a table-driven decoder that
 * reads the input through a 64-bit bit buffer: one lookup per symbol for codes of up to 8 bits
 * (74 symbols: letters, digits, common punctuation), canonical-code arithmetic for the rest.
 */
final class Huffman {

    /** SPEC: RFC 7541 Appendix B, symbols 0..256 (256 is EOS): code, right-aligned. */
    private static final int[] CODES = {
        0x00001ff8, 0x007fffd8, 0x0fffffe2, 0x0fffffe3, 0x0fffffe4, 0x0fffffe5,
        0x0fffffe6, 0x0fffffe7, 0x0fffffe8, 0x00ffffea, 0x3ffffffc, 0x0fffffe9,
        0x0fffffea, 0x3ffffffd, 0x0fffffeb, 0x0fffffec, 0x0fffffed, 0x0fffffee,
        0x0fffffef, 0x0ffffff0, 0x0ffffff1, 0x0ffffff2, 0x3ffffffe, 0x0ffffff3,
        0x0ffffff4, 0x0ffffff5, 0x0ffffff6, 0x0ffffff7, 0x0ffffff8, 0x0ffffff9,
        0x0ffffffa, 0x0ffffffb, 0x00000014, 0x000003f8, 0x000003f9, 0x00000ffa,
        0x00001ff9, 0x00000015, 0x000000f8, 0x000007fa, 0x000003fa, 0x000003fb,
        0x000000f9, 0x000007fb, 0x000000fa, 0x00000016, 0x00000017, 0x00000018,
        0x00000000, 0x00000001, 0x00000002, 0x00000019, 0x0000001a, 0x0000001b,
        0x0000001c, 0x0000001d, 0x0000001e, 0x0000001f, 0x0000005c, 0x000000fb,
        0x00007ffc, 0x00000020, 0x00000ffb, 0x000003fc, 0x00001ffa, 0x00000021,
        0x0000005d, 0x0000005e, 0x0000005f, 0x00000060, 0x00000061, 0x00000062,
        0x00000063, 0x00000064, 0x00000065, 0x00000066, 0x00000067, 0x00000068,
        0x00000069, 0x0000006a, 0x0000006b, 0x0000006c, 0x0000006d, 0x0000006e,
        0x0000006f, 0x00000070, 0x00000071, 0x00000072, 0x000000fc, 0x00000073,
        0x000000fd, 0x00001ffb, 0x0007fff0, 0x00001ffc, 0x00003ffc, 0x00000022,
        0x00007ffd, 0x00000003, 0x00000023, 0x00000004, 0x00000024, 0x00000005,
        0x00000025, 0x00000026, 0x00000027, 0x00000006, 0x00000074, 0x00000075,
        0x00000028, 0x00000029, 0x0000002a, 0x00000007, 0x0000002b, 0x00000076,
        0x0000002c, 0x00000008, 0x00000009, 0x0000002d, 0x00000077, 0x00000078,
        0x00000079, 0x0000007a, 0x0000007b, 0x00007ffe, 0x000007fc, 0x00003ffd,
        0x00001ffd, 0x0ffffffc, 0x000fffe6, 0x003fffd2, 0x000fffe7, 0x000fffe8,
        0x003fffd3, 0x003fffd4, 0x003fffd5, 0x007fffd9, 0x003fffd6, 0x007fffda,
        0x007fffdb, 0x007fffdc, 0x007fffdd, 0x007fffde, 0x00ffffeb, 0x007fffdf,
        0x00ffffec, 0x00ffffed, 0x003fffd7, 0x007fffe0, 0x00ffffee, 0x007fffe1,
        0x007fffe2, 0x007fffe3, 0x007fffe4, 0x001fffdc, 0x003fffd8, 0x007fffe5,
        0x003fffd9, 0x007fffe6, 0x007fffe7, 0x00ffffef, 0x003fffda, 0x001fffdd,
        0x000fffe9, 0x003fffdb, 0x003fffdc, 0x007fffe8, 0x007fffe9, 0x001fffde,
        0x007fffea, 0x003fffdd, 0x003fffde, 0x00fffff0, 0x001fffdf, 0x003fffdf,
        0x007fffeb, 0x007fffec, 0x001fffe0, 0x001fffe1, 0x003fffe0, 0x001fffe2,
        0x007fffed, 0x003fffe1, 0x007fffee, 0x007fffef, 0x000fffea, 0x003fffe2,
        0x003fffe3, 0x003fffe4, 0x007ffff0, 0x003fffe5, 0x003fffe6, 0x007ffff1,
        0x03ffffe0, 0x03ffffe1, 0x000fffeb, 0x0007fff1, 0x003fffe7, 0x007ffff2,
        0x003fffe8, 0x01ffffec, 0x03ffffe2, 0x03ffffe3, 0x03ffffe4, 0x07ffffde,
        0x07ffffdf, 0x03ffffe5, 0x00fffff1, 0x01ffffed, 0x0007fff2, 0x001fffe3,
        0x03ffffe6, 0x07ffffe0, 0x07ffffe1, 0x03ffffe7, 0x07ffffe2, 0x00fffff2,
        0x001fffe4, 0x001fffe5, 0x03ffffe8, 0x03ffffe9, 0x0ffffffd, 0x07ffffe3,
        0x07ffffe4, 0x07ffffe5, 0x000fffec, 0x00fffff3, 0x000fffed, 0x001fffe6,
        0x003fffe9, 0x001fffe7, 0x001fffe8, 0x007ffff3, 0x003fffea, 0x003fffeb,
        0x01ffffee, 0x01ffffef, 0x00fffff4, 0x00fffff5, 0x03ffffea, 0x007ffff4,
        0x03ffffeb, 0x07ffffe6, 0x03ffffec, 0x03ffffed, 0x07ffffe7, 0x07ffffe8,
        0x07ffffe9, 0x07ffffea, 0x07ffffeb, 0x0ffffffe, 0x07ffffec, 0x07ffffed,
        0x07ffffee, 0x07ffffef, 0x07fffff0, 0x03ffffee, 0x3fffffff,
    };
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };

    private static final int EOS = 256;

    private Huffman() {
    }

    /** Length in bytes of the Huffman encoding of {@code s}, read as ISO-8859-1. */
    static int encodedLength(CharSequence s) {
        long bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) bits += LENGTHS[octet(s.charAt(i))];
        return (int) ((bits + 7) >> 3);
    }

    /** Writes the Huffman encoding of {@code s}, padded with the EOS prefix (all ones). */
    static void encode(CharSequence s, HpackOutput out) {
        int n = s.length();
        out.ensure((int) Math.min(Integer.MAX_VALUE - 16, n * 4L)); // no code is longer than 30 bits
        byte[] buf = out.array();
        int p = out.size();
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            int c = octet(s.charAt(i));
            int len = LENGTHS[c];
            acc = (acc << len) | CODES[c];
            bits += len;
            while (bits >= 8) {
                bits -= 8;
                buf[p++] = (byte) (acc >>> bits);
            }
        }
        if (bits > 0) {
            // SPEC: RFC 7541 §5.2 padding is the most significant bits of EOS (all ones)
            buf[p++] = (byte) ((acc << (8 - bits)) | (0xFF >>> bits));
        }
        out.size(p);
    }

    /** Characters outside ISO-8859-1 are written as '?', as {@code String.getBytes(ISO_8859_1)} does. */
    private static int octet(char c) {
        return c <= 0xFF ? c : '?';
    }

    /** Codes of up to this many bits are decoded with one lookup in {@link #FAST}. */
    private static final int FAST_BITS = 8;
    /** {@code FAST[next 8 bits]} = symbol << 8 | code length, or 0 if the code is longer. */
    private static final int[] FAST = new int[1 << FAST_BITS];
    /** Canonical decoding of longer codes (RFC 7541's code is canonical: codes of one length are
     *  consecutive, ordered by symbol): a left-aligned 32-bit peek below {@code LIMIT[len]} has a
     *  code of at most {@code len} bits, which is symbol {@code SORTED[BASE[len] + code]}. */
    private static final long[] LIMIT = new long[31];
    private static final int[] BASE = new int[31];
    private static final int[] SORTED = new int[EOS + 1];

    static {
        buildCanonical();
    }

    /**
     * Decodes {@code len} Huffman-coded bytes at {@code src[off]} into {@code dst} from
     * {@code dstOff} (which must have room for {@link #maxDecodedLength}) and returns the decoded
     * length. Reads the input through a 64-bit buffer, one table lookup per symbol for the
     * common codes of up to 8 bits.
     *
     * @throws HpackException EOS in the string, or padding longer than 7 bits or not all ones
     */
    static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) throws HpackException {
        final int[] fast = FAST;
        long acc = 0; // the next bits, left-aligned
        int bits = 0;
        int i = off;
        final int end = off + len;
        int n = dstOff;
        while (true) {
            if (bits < 32) {
                // Refill: afterwards there are at least 32 bits (longer than any code) or no more input.
                if (end - i >= 4) {
                    long word = ((src[i] & 0xFFL) << 24) | ((src[i + 1] & 0xFFL) << 16)
                            | ((src[i + 2] & 0xFFL) << 8) | (src[i + 3] & 0xFFL);
                    acc |= word << (32 - bits);
                    bits += 32;
                    i += 4;
                } else {
                    while (i < end) {
                        acc |= (src[i++] & 0xFFL) << (56 - bits);
                        bits += 8;
                    }
                }
            }
            int e = fast[(int) (acc >>> (64 - FAST_BITS))];
            int sym;
            int codeLength;
            if (e != 0) {
                sym = e >>> 8;
                codeLength = e & 0xFF;
            } else {
                long peek = acc >>> 32;
                codeLength = FAST_BITS + 1;
                while (peek >= LIMIT[codeLength]) codeLength++;
                sym = SORTED[BASE[codeLength] + (int) (peek >>> (32 - codeLength))];
            }
            if (codeLength > bits) break; // the input ends inside a code: the rest is padding
            if (sym == EOS) throw new HpackException("Huffman string contains EOS (RFC 7541 §5.2)");
            dst[n++] = (byte) sym;
            acc <<= codeLength;
            bits -= codeLength;
        }
        // SPEC: RFC 7541 §5.2: padding is at most 7 bits, the most significant bits of EOS (all ones)
        if (bits > 7 || (bits > 0 && (acc >>> (64 - bits)) != (1L << bits) - 1)) {
            throw new HpackException("Huffman padding longer than 7 bits or not all ones (RFC 7541 §5.2)");
        }
        return n - dstOff;
    }

    private static void buildCanonical() {
        Integer[] order = new Integer[EOS + 1];
        for (int i = 0; i <= EOS; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> LENGTHS[a] != LENGTHS[b] ? LENGTHS[a] - LENGTHS[b] : a - b);
        long code = 0;
        int previous = LENGTHS[order[0]];
        long[] first = new long[31];
        java.util.Arrays.fill(first, -1);
        for (int k = 0; k <= EOS; k++) {
            int sym = order[k];
            int length = LENGTHS[sym];
            if (k > 0) code = (code + 1) << (length - previous);
            previous = length;
            if (code != (CODES[sym] & 0xFFFFFFFFL)) throw new AssertionError("Huffman code is not canonical at " + sym);
            SORTED[k] = sym;
            if (first[length] < 0) {
                first[length] = code;
                BASE[length] = k - (int) code;
            }
            // Exclusive limit of codes up to this length, left-aligned in 32 bits.
            LIMIT[length] = (code + 1) << (32 - length);
            if (length <= FAST_BITS) {
                int shift = FAST_BITS - length;
                for (int x = 0; x < (1 << shift); x++) FAST[(int) (code << shift) | x] = (sym << 8) | length;
            }
        }
        // Lengths without codes inherit the limit of the next shorter length.
        for (int length = 1; length <= 30; length++) {
            if (first[length] < 0) LIMIT[length] = LIMIT[length - 1];
        }
    }

    /** Upper bound of the decoded length of {@code len} Huffman-coded bytes (shortest code: 5 bits). */
    static int maxDecodedLength(int len) {
        return (int) (((long) len * 8) / 5);
    }
}
