package dev.celeris.engine.internal.hpack;

/**
 * Encodes header blocks (RFC 7541) for one connection. Not thread-safe: one instance per
 * connection, used on its I/O thread; blocks must be encoded in the order they are sent.
 *
 * <p>Per block: {@link #beginBlock} (emits pending table size updates), then {@link #encode} per
 * field. Full matches in the static or dynamic table become one indexed field ({@code :status 200}
 * is the single byte 0x88); other fields are literals, added to the dynamic table unless they
 * are sensitive, change with every message, or are large (the heuristic of nghttp2's deflater).
 * Strings use Huffman coding when it is shorter. Strings are written as ISO-8859-1.
 */
public final class HpackEncoder {

    /** SPEC: RFC 9113 §6.5.2: the initial SETTINGS_HEADER_TABLE_SIZE. */
    public static final int DEFAULT_TABLE_SIZE = 4096;

    private final long maxTableSize;
    private final boolean huffman;
    private final EncoderTable table;
    /** Table size updates to announce at the next block: the smallest size since the last one, and the final. */
    private boolean updatePending;
    private long pendingMin = Long.MAX_VALUE;
    private long pendingFinal = -1;

    /** @param maxTableSize the most table memory this encoder will use, whatever the peer allows */
    public HpackEncoder(int maxTableSize) {
        this(maxTableSize, true);
    }

    /** @param huffman false writes every string raw (for tests against RFC 7541 Appendix C.3/C.5) */
    HpackEncoder(int maxTableSize, boolean huffman) {
        this.huffman = huffman;
        if (maxTableSize < 0) throw new IllegalArgumentException("maxTableSize < 0: " + maxTableSize);
        this.maxTableSize = maxTableSize;
        // The peer's decoder starts at 4096 (RFC 9113 §6.5.2); using less is announced in the first block.
        long initial = Math.min(maxTableSize, DEFAULT_TABLE_SIZE);
        this.table = new EncoderTable(initial);
        if (initial != DEFAULT_TABLE_SIZE) {
            updatePending = true;
            pendingMin = initial;
        }
    }

    public HpackEncoder() {
        this(DEFAULT_TABLE_SIZE);
    }

    /**
     * The peer's SETTINGS_HEADER_TABLE_SIZE. The encoder uses {@code min(own max, size)} and
     * announces it at the start of the next block. SPEC: RFC 7541 §4.2: if the size changed more
     * than once in between, the smallest value is announced first, then the final one.
     */
    public void setPeerMaxTableSize(long size) {
        if (size < 0 || size > 0xFFFFFFFFL) throw new IllegalArgumentException("table size out of range: " + size);
        long effective = Math.min(maxTableSize, size);
        if (!updatePending && effective == table.capacity()) return;
        updatePending = true;
        pendingMin = Math.min(pendingMin, effective);
        table.setCapacity(Math.min(table.capacity(), effective)); // shrink now; grow when announced
        pendingFinal = effective;
    }

    /** Starts a header block: writes the pending dynamic table size updates (RFC 7541 §6.3). */
    public void beginBlock(HpackOutput out) {
        if (!updatePending) return;
        long last = pendingFinal >= 0 ? pendingFinal : table.capacity();
        if (pendingMin < last) writeSizeUpdate(pendingMin, out);
        writeSizeUpdate(last, out);
        table.setCapacity(last);
        updatePending = false;
        pendingMin = Long.MAX_VALUE;
        pendingFinal = -1;
    }

    private static void writeSizeUpdate(long size, HpackOutput out) {
        writeInt(0x20, 5, (int) size, out); // 001xxxxx
    }

    public void encode(String name, String value, HpackOutput out) {
        encode(name, value, false, out);
    }

    /**
     * Encodes one field. {@code sensitive} fields are written as never-indexed literals
     * (RFC 7541 §6.2.3, §7.1.3) and never reference or enter the dynamic table.
     */
    public void encode(String name, String value, boolean sensitive, HpackOutput out) {
        int staticName = StaticTable.nameIndex(name);
        if (!sensitive) {
            if (staticName != 0) {
                int full = StaticTable.index(name, value, staticName);
                if (full != 0) {
                    writeInt(0x80, 7, full, out); // 1xxxxxxx indexed
                    return;
                }
            }
        }
        int entrySize = name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD;
        int nameIndex = staticName;
        if (!sensitive) {
            if (entrySize <= table.capacity()) {
                int found = table.find(name, value);
                if (found > 0) {
                    writeInt(0x80, 7, found, out); // 1xxxxxxx indexed
                    return;
                }
                if (nameIndex == 0) nameIndex = -found;
            } else if (nameIndex == 0) {
                nameIndex = table.findName(name);
            }
        } else if (nameIndex == 0) {
            nameIndex = table.findName(name);
        }
        boolean perMessage = staticName == 0 && perMessageName(name);
        if (sensitive || neverIndex(staticName, value)) {
            writeInt(0x10, 4, nameIndex, out); // 0001xxxx never indexed
        } else if (shouldIndex(staticName, entrySize) && (!perMessage || nameIndex == 0)) {
            // a per-message field is indexed only while its name is in neither table: later messages
            // then reference the name and send just the value (a request id's name cost 10 bytes and
            // a Huffman pass in every response)
            writeInt(0x40, 6, nameIndex, out); // 01xxxxxx incremental indexing
            table.add(name, value, entrySize);
        } else {
            writeInt(0x00, 4, nameIndex, out); // 0000xxxx without indexing
        }
        if (nameIndex == 0) writeString(name, out);
        if (perMessage) {
            // random ids gain about a quarter from Huffman, paid by an encode here and a decode at
            // the client in every response: raw (Netty's encoder Huffman-codes no string under 512)
            writeInt(0x00, 7, value.length(), out);
            out.writeLatin1(value);
        } else {
            writeString(value, out);
        }
    }

    /** Credentials are never indexed anywhere (RFC 7541 §7.1.3; nghttp2 does the same). */
    private static boolean neverIndex(int staticName, String value) {
        return switch (staticName) {
            case 23, 49 -> true;                  // authorization, proxy-authorization
            case 32 -> value.length() < 20;       // short cookies are guessable (RFC 7541 §7.1.3)
            default -> false;
        };
    }

    /** Fields that change per message, secrets and large fields stay out of the table. */
    private boolean shouldIndex(int staticName, int entrySize) {
        if (entrySize > table.capacity() * 3 / 4) return false;
        return switch (staticName) {
            // :path, age, content-length, cookie, etag, if-modified-since, if-none-match, location, set-cookie
            case 4, 21, 28, 32, 34, 40, 41, 46, 55 -> false;
            default -> true;
        };
    }

    /**
     * Common non-static fields whose value is unique to each message (request and trace ids):
     * indexing each would only evict entries that repeat, and allocate a table entry per message.
     * The first one of a name is indexed so its name can be referenced from then on. Their values
     * are written without Huffman coding.
     */
    private static boolean perMessageName(String name) {
        return switch (name) {
            case "x-request-id", "x-correlation-id", "request-id", "traceparent", "tracestate" -> true;
            default -> false;
        };
    }

    /** SPEC: RFC 7541 §5.2: Huffman when shorter, else raw octets. */
    private void writeString(String s, HpackOutput out) {
        int len = s.length();
        int huffmanLength = len == 0 || !huffman ? len : Huffman.encodedLength(s);
        if (huffmanLength < len) {
            writeInt(0x80, 7, huffmanLength, out);
            Huffman.encode(s, out);
        } else {
            writeInt(0x00, 7, len, out);
            out.writeLatin1(s);
        }
    }

    /** SPEC: RFC 7541 §5.1: {@code value} with an {@code n}-bit prefix, ORed into {@code pattern}. */
    static void writeInt(int pattern, int n, int value, HpackOutput out) {
        int mask = (1 << n) - 1;
        if (value < mask) {
            out.write(pattern | value);
            return;
        }
        out.write(pattern | mask);
        value -= mask;
        while (value >= 0x80) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** The dynamic table's size in octets, for tests. */
    long tableSize() {
        return table.size();
    }

    long tableCapacity() {
        return table.capacity();
    }

    int tableLength() {
        return table.length();
    }
}
