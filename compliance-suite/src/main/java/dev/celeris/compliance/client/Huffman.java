package dev.celeris.compliance.client;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * Huffman coding of string literals (RFC 7541 §5.2) with the static code of RFC 7541
 * Appendix B. The 257-entry table is read once from Netty's HPACK implementation (its
 * {@code HpackUtil} holds it as two arrays) rather than copied here; {@code HeaderBlockTest}
 * checks the result against RFC 7541 Appendix C. Unlike an encoder, this always codes, even
 * when the coded form is longer than the raw one.
 */
public final class Huffman {

    private static final int[] CODES;
    private static final byte[] LENGTHS;

    static {
        try {
            Class<?> util = Class.forName("io.netty.handler.codec.http2.HpackUtil");
            Field codes = util.getDeclaredField("HUFFMAN_CODES");
            Field lengths = util.getDeclaredField("HUFFMAN_CODE_LENGTHS");
            codes.setAccessible(true);
            lengths.setAccessible(true);
            CODES = (int[]) codes.get(null);
            LENGTHS = (byte[]) lengths.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("cannot read the RFC 7541 Appendix B table from Netty: " + e);
        }
    }

    private Huffman() {
    }

    public static byte[] encode(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bits = 0;
        int n = 0;
        for (byte b : raw) {
            int sym = b & 0xff;
            bits = (bits << LENGTHS[sym]) | (CODES[sym] & 0xffffffffL);
            n += LENGTHS[sym];
            while (n >= 8) {
                n -= 8;
                out.write((int) (bits >>> n));
            }
        }
        if (n > 0) out.write((int) ((bits << (8 - n)) | (0xff >>> n))); // pad with the EOS prefix (all ones)
        return out.toByteArray();
    }

    public static byte[] encode(String s) {
        return encode(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
