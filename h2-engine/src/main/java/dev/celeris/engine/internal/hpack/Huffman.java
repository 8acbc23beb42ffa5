package dev.celeris.engine.internal.hpack;

/**
 * The HPACK Huffman code (RFC 7541 §5.2, Appendix B): encoding, and a table-driven decoder that
 * consumes four bits per step (the finite-state machine nghttp2 uses: a state is an internal
 * node of the code tree; each 4-bit step emits at most one symbol since no code is shorter than
 * five bits).
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
    private static final int EMIT = 1 << 16;
    private static final int ACCEPT = 1 << 17;
    private static final int FAIL = 1 << 18;

    /**
     * Decoder transitions: {@code TRANSITIONS[state << 4 | nibble]} = next state (bits 0-7),
     * symbol (bits 8-15), EMIT, ACCEPT (the bits read since the last symbol may end the string:
     * at most 7, all ones) and FAIL (EOS decoded).
     */
    private static final int[] TRANSITIONS = buildTransitions();

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
        long acc = 0;
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            int c = octet(s.charAt(i));
            int len = LENGTHS[c];
            acc = (acc << len) | CODES[c];
            bits += len;
            while (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >>> bits));
            }
        }
        if (bits > 0) {
            // SPEC: RFC 7541 §5.2 padding is the most significant bits of EOS (all ones)
            out.write((int) ((acc << (8 - bits)) | (0xFF >>> bits)));
        }
    }

    /** Characters outside ISO-8859-1 are written as '?', as {@code String.getBytes(ISO_8859_1)} does. */
    private static int octet(char c) {
        return c <= 0xFF ? c : '?';
    }

    /**
     * Decodes {@code len} Huffman-coded bytes at {@code src[off]} into {@code dst} from
     * {@code dstOff} (which must have room for {@link #maxDecodedLength}) and returns the decoded
     * length.
     *
     * @throws HpackException EOS in the string, or padding longer than 7 bits or not all ones
     */
    static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) throws HpackException {
        final int[] t = TRANSITIONS;
        int state = 0;
        int e = ACCEPT;
        int n = dstOff;
        for (int i = off, end = off + len; i < end; i++) {
            int b = src[i] & 0xFF;
            e = t[(state << 4) | (b >>> 4)];
            if ((e & (EMIT | FAIL)) != 0) {
                if ((e & FAIL) != 0) throw new HpackException("Huffman string contains EOS (RFC 7541 §5.2)");
                dst[n++] = (byte) (e >>> 8);
            }
            e = t[((e & 0xFF) << 4) | (b & 0x0F)];
            if ((e & (EMIT | FAIL)) != 0) {
                if ((e & FAIL) != 0) throw new HpackException("Huffman string contains EOS (RFC 7541 §5.2)");
                dst[n++] = (byte) (e >>> 8);
            }
            state = e & 0xFF;
        }
        if ((e & ACCEPT) == 0) {
            throw new HpackException("Huffman padding longer than 7 bits or not all ones (RFC 7541 §5.2)");
        }
        return n - dstOff;
    }

    /** Upper bound of the decoded length of {@code len} Huffman-coded bytes (shortest code: 5 bits). */
    static int maxDecodedLength(int len) {
        return (int) (((long) len * 8) / 5);
    }

    private static int[] buildTransitions() {
        // The code tree: node 0 is the root; children[node][bit] is a node id, or ~symbol for a leaf.
        int[][] children = new int[256][2];
        int[] depth = new int[256];
        boolean[] allOnes = new boolean[256];
        allOnes[0] = true;
        int nodes = 1;
        for (int sym = 0; sym <= EOS; sym++) {
            int node = 0;
            for (int bit = LENGTHS[sym] - 1; bit >= 0; bit--) {
                int b = (CODES[sym] >>> bit) & 1;
                if (bit == 0) {
                    children[node][b] = ~sym;
                } else {
                    if (children[node][b] == 0) {
                        children[node][b] = nodes;
                        depth[nodes] = depth[node] + 1;
                        allOnes[nodes] = allOnes[node] && b == 1;
                        nodes++;
                    }
                    node = children[node][b];
                }
            }
        }
        if (nodes != 256) throw new AssertionError("Huffman tree has " + nodes + " internal nodes");
        int[] table = new int[256 * 16];
        for (int state = 0; state < 256; state++) {
            for (int nibble = 0; nibble < 16; nibble++) {
                int node = state;
                int entry = 0;
                for (int bit = 3; bit >= 0; bit--) {
                    int next = children[node][(nibble >>> bit) & 1];
                    if (next < 0) {
                        int sym = ~next;
                        if (sym == EOS) entry |= FAIL;
                        else entry |= EMIT | (sym << 8);
                        node = 0;
                    } else {
                        node = next;
                    }
                }
                if (allOnes[node] && depth[node] <= 7) entry |= ACCEPT;
                table[(state << 4) | nibble] = entry | node;
            }
        }
        return table;
    }
}
