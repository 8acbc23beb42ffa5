package dev.celeris.compliance.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hand-built HPACK field block (RFC 7541 §6). Fields are written in the order they are
 * added and exactly as asked, which a conformant encoder would never allow: uppercase names,
 * pseudo-fields after regular ones, invalid indexes, table size updates anywhere. Strings are
 * raw (H=0) unless a {@code huffman} variant is used; Huffman codes come from {@link Huffman}.
 */
public final class HeaderBlock {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static HeaderBlock create() {
        return new HeaderBlock();
    }

    /** The four request pseudo-fields of a plain GET. */
    public static HeaderBlock request(String method, String path, String authority) {
        return create().literal(":method", method).literal(":scheme", "http").literal(":path", path)
                .literal(":authority", authority);
    }

    // 1xxxxxxx  Indexed Header Field, RFC 7541 §6.1
    public HeaderBlock indexed(int index) {
        integer(0x80, 7, index);
        return this;
    }

    // 0000xxxx  Literal Header Field without Indexing — New Name (index 0), RFC 7541 §6.2.2
    public HeaderBlock literal(String name, String value) {
        out.write(0x00);
        string(name, false);
        string(value, false);
        return this;
    }

    // 0000xxxx  Literal without Indexing — Indexed Name
    public HeaderBlock literalIndexedName(int nameIndex, String value, boolean huffman) {
        integer(0x00, 4, nameIndex);
        string(value, huffman);
        return this;
    }

    /** Literal without indexing, new name, optionally Huffman-coded. */
    public HeaderBlock literalNewName(String name, String value, boolean huffman) {
        out.write(0x00);
        string(name, huffman);
        string(value, huffman);
        return this;
    }

    // 01xxxxxx  Literal Header Field with Incremental Indexing, RFC 7541 §6.2.1
    public HeaderBlock incrementalIndexedName(int nameIndex, String value, boolean huffman) {
        integer(0x40, 6, nameIndex);
        string(value, huffman);
        return this;
    }

    public HeaderBlock incrementalNewName(String name, String value, boolean huffman) {
        out.write(0x40);
        string(name, huffman);
        string(value, huffman);
        return this;
    }

    // 0001xxxx  Literal Header Field Never Indexed, RFC 7541 §6.2.3
    public HeaderBlock neverIndexedIndexedName(int nameIndex, String value, boolean huffman) {
        integer(0x10, 4, nameIndex);
        string(value, huffman);
        return this;
    }

    public HeaderBlock neverIndexedNewName(String name, String value, boolean huffman) {
        out.write(0x10);
        string(name, huffman);
        string(value, huffman);
        return this;
    }

    // 001xxxxx  Dynamic Table Size Update, RFC 7541 §6.3
    public HeaderBlock tableSizeUpdate(int size) {
        integer(0x20, 5, size);
        return this;
    }

    /** Appends bytes as they are (for invalid representations). */
    public HeaderBlock raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    public HeaderBlock raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private void string(String s, boolean huffman) {
        byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
        if (huffman) {
            byte[] coded = Huffman.encode(raw);
            integer(0x80, 7, coded.length); // H=1
            out.writeBytes(coded);
        } else {
            integer(0x00, 7, raw.length);
            out.writeBytes(raw);
        }
    }

    /** Prefix-coded integer, RFC 7541 §5.1. */
    private void integer(int pattern, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(pattern | value);
            return;
        }
        out.write(pattern | max);
        value -= max;
        while (value >= 128) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
