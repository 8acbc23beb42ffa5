package dev.celeris.engine.internal.hpack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes HPACK header blocks (RFC 7541) for one connection. Not thread-safe: one instance per
 * connection, used on its I/O thread. After an {@link HpackException} the dynamic table is out of
 * sync with the peer: the connection must end with COMPRESSION_ERROR (RFC 9113 §4.3).
 *
 * <p>Strings are decoded as ISO-8859-1, one char per octet, so {@code String.length()} is the
 * octet length used for table and header list sizes.
 */
public final class HpackDecoder {

    private static final int MAX_RETAINED_SCRATCH = 16 * 1024;
    private static final String EMPTY = "";

    private final DynamicTable table;
    /** Our SETTINGS_HEADER_TABLE_SIZE: the largest size a table size update may ask for. */
    private long maxTableSize;
    /** Our setting went below the peer's table size: the next block must start with an update. */
    private boolean sizeUpdateRequired;
    private int maxHeaderListSize;

    /**
     * Huffman-decoded strings land here; literal strings are read in place. Allocated by the first
     * Huffman string, so an idle connection's decoder holds none.
     */
    private byte[] scratch = EMPTY_BYTES;
    /** Copy of a block given in a direct buffer. */
    private byte[] input = EMPTY_BYTES;
    private static final byte[] EMPTY_BYTES = new byte[0];

    // Decoding state of the current block (fields, not locals, so the helpers can share them).
    private byte[] src;
    private int pos;
    private int end;
    private int scratchUsed;
    // The last string read: bytes [strOff, strOff + strLen) of strBuf.
    private byte[] strBuf;
    private int strOff;
    private int strLen;

    /**
     * @param maxTableSize      our SETTINGS_HEADER_TABLE_SIZE, the decoder table's initial size (the
     *                          protocol default is 4096; the peer's encoder assumes 4096 until it
     *                          sees our SETTINGS, so pass 4096 and lower it with
     *                          {@link #setMaxTableSize} once the SETTINGS are acknowledged)
     * @param maxHeaderListSize the header list size (RFC 7541 §4.1 sizes) past which fields are dropped
     */
    public HpackDecoder(int maxTableSize, int maxHeaderListSize) {
        if (maxTableSize < 0) throw new IllegalArgumentException("maxTableSize < 0: " + maxTableSize);
        if (maxHeaderListSize < 0) throw new IllegalArgumentException("maxHeaderListSize < 0: " + maxHeaderListSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
        this.table = new DynamicTable(maxTableSize);
    }

    public void setMaxHeaderListSize(int size) {
        if (size < 0) throw new IllegalArgumentException("maxHeaderListSize < 0: " + size);
        maxHeaderListSize = size;
    }

    public int maxHeaderListSize() {
        return maxHeaderListSize;
    }

    /**
     * Applies a new SETTINGS_HEADER_TABLE_SIZE of ours (call when the peer acknowledges it).
     * SPEC: RFC 7541 §4.2: if it is below the size the peer's encoder uses, the peer must signal a
     * table size update at the start of its next block, else that block fails.
     */
    public void setMaxTableSize(long size) {
        if (size < 0 || size > 0xFFFFFFFFL) throw new IllegalArgumentException("table size out of range: " + size);
        maxTableSize = size;
        if (size < table.capacity()) {
            sizeUpdateRequired = true;
            table.setCapacity(size);
        }
    }

    public long maxTableSize() {
        return maxTableSize;
    }

    /** The dynamic table's current size limit (as last set by the peer, or by our setting). */
    long tableCapacity() {
        return table.capacity();
    }

    /** The dynamic table's size in octets (RFC 7541 §4.1). */
    long tableSize() {
        return table.size();
    }

    /** Number of dynamic table entries. */
    int tableLength() {
        return table.length();
    }

    /** Name and value of dynamic table entry {@code i} (1 = newest), for tests. */
    String[] tableEntry(int i) {
        return new String[] {table.name(i), table.value(i)};
    }

    /**
     * Decodes one complete header block (RFC 7541 §3), consuming {@code block} to its limit.
     * Emits each field in order to {@code sink} while the header list size (RFC 7541 §4.1) stays
     * within {@code maxHeaderListSize}; past that it keeps decoding to keep the dynamic table in
     * sync but emits nothing more and builds no strings it does not need.
     *
     * <p>If {@code sink} throws, the exception propagates and the rest of the block is not
     * decoded: the dynamic table is then out of sync and the connection must end, as after an
     * {@link HpackException}.
     *
     * @return true if every field was emitted, false if the list exceeded the limit
     * @throws HpackException on malformed input (→ COMPRESSION_ERROR)
     */
    public boolean decode(ByteBuffer block, HeaderSink sink) throws HpackException {
        int len = block.remaining();
        if (block.hasArray()) {
            src = block.array();
            pos = block.arrayOffset() + block.position();
        } else {
            if (input.length < len) input = new byte[len];
            block.get(block.position(), input, 0, len);
            src = input;
            pos = 0;
        }
        end = pos + len;
        try {
            return decodeBlock(sink);
        } finally {
            block.position(block.limit());
            src = null;
            strBuf = null;
            if (input.length > MAX_RETAINED_SCRATCH) input = EMPTY_BYTES;
            if (scratch.length > MAX_RETAINED_SCRATCH) scratch = new byte[256];
        }
    }

    /** Decodes {@code len} bytes of {@code block} from {@code off}. */
    public boolean decode(byte[] block, int off, int len, HeaderSink sink) throws HpackException {
        return decode(ByteBuffer.wrap(block, off, len), sink);
    }

    private boolean decodeBlock(HeaderSink sink) throws HpackException {
        long listSize = 0;
        final long limit = maxHeaderListSize;
        int sizeUpdates = 0;
        boolean fieldSeen = false;
        while (pos < end) {
            int b = src[pos] & 0xFF;
            if ((b & 0xE0) == 0x20) {
                // 001xxxxx dynamic table size update. SPEC: RFC 7541 §4.2: only at the start of a block
                if (fieldSeen) throw new HpackException("dynamic table size update after a header field (RFC 7541 §4.2)");
                // SPEC: RFC 7541 §4.2: at most two (the smallest and the final size)
                if (++sizeUpdates > 2) throw new HpackException("more than two dynamic table size updates (RFC 7541 §4.2)");
                int size = readInt(5);
                // SPEC: RFC 7541 §6.3: must not exceed the SETTINGS_HEADER_TABLE_SIZE
                if (size > maxTableSize) {
                    throw new HpackException("dynamic table size update to " + size + " exceeds the limit " + maxTableSize + " (RFC 7541 §6.3)");
                }
                table.setCapacity(size);
                sizeUpdateRequired = false;
                continue;
            }
            if (!fieldSeen) {
                if (sizeUpdateRequired) {
                    throw new HpackException("missing dynamic table size update after SETTINGS_HEADER_TABLE_SIZE was lowered (RFC 7541 §4.2)");
                }
                fieldSeen = true;
            }
            if (b >= 0x80) {
                // 1xxxxxxx indexed header field. SPEC: RFC 7541 §6.1
                int index = readInt(7);
                String name;
                String value;
                if (index <= StaticTable.LENGTH) {
                    if (index == 0) throw new HpackException("indexed header field with index 0 (RFC 7541 §6.1)");
                    name = StaticTable.NAMES[index];
                    value = StaticTable.VALUES[index];
                } else {
                    int d = dynamicIndex(index);
                    name = table.name(d);
                    value = table.value(d);
                }
                listSize += (long) name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD;
                if (listSize <= limit) sink.header(name, value);
                continue;
            }
            // 01xxxxxx with incremental indexing (§6.2.1), 0000xxxx without (§6.2.2), 0001xxxx never (§6.2.3)
            boolean indexing = b >= 0x40;
            int nameIndex = readInt(indexing ? 6 : 4);
            scratchUsed = 0;
            String name = null;
            byte[] nameBuf = null;
            int nameOff = 0;
            int nameLen;
            if (nameIndex == 0) {
                readString("name");
                nameBuf = strBuf;
                nameOff = strOff;
                nameLen = strLen;
            } else if (nameIndex <= StaticTable.LENGTH) {
                name = StaticTable.NAMES[nameIndex];
                nameLen = name.length();
            } else {
                name = table.name(dynamicIndex(nameIndex));
                nameLen = name.length();
            }
            readString("value");
            long fieldSize = (long) nameLen + strLen + DynamicTable.ENTRY_OVERHEAD;
            listSize += fieldSize;
            boolean emit = listSize <= limit;
            if (indexing && table.wouldClear(fieldSize)) {
                // SPEC: RFC 7541 §4.4: too large for the table: it empties, nothing is added
                table.clear();
                indexing = false;
            }
            if (!emit && !indexing) continue; // SPEC: RFC 7541 §4.1 list too large: do not build the strings
            if (name == null) name = literalName(nameBuf, nameOff, nameLen);
            String value = strLen == 0 ? EMPTY : new String(strBuf, strOff, strLen, StandardCharsets.ISO_8859_1);
            if (indexing) table.add(name, value);
            if (emit) sink.header(name, value);
        }
        if (sizeUpdateRequired) {
            throw new HpackException("missing dynamic table size update after SETTINGS_HEADER_TABLE_SIZE was lowered (RFC 7541 §4.2)");
        }
        return listSize <= limit;
    }

    private int dynamicIndex(int index) throws HpackException {
        int d = index - StaticTable.LENGTH;
        if (d > table.length()) {
            // SPEC: RFC 7541 §2.3.3: an index past both tables is a decoding error
            throw new HpackException("index " + index + " is past the end of the dynamic table (" + table.length()
                    + " entries) (RFC 7541 §2.3.3)");
        }
        return d;
    }

    /** Names decoded from literals: the static table's instance when there is one. */
    private static String literalName(byte[] buf, int off, int len) {
        if (len == 0) return EMPTY;
        String known = StaticTable.name(buf, off, len);
        return known != null ? known : new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * SPEC: RFC 7541 §5.1: an integer with an {@code n}-bit prefix starting at {@code pos}.
     * Values above 2^31-1, or encodings longer than needed for that, are rejected.
     */
    private int readInt(int n) throws HpackException {
        int mask = (1 << n) - 1;
        int value = src[pos++] & mask;
        if (value < mask) return value;
        long result = value;
        int shift = 0;
        while (true) {
            if (pos == end) throw new HpackException("header block ends inside an integer (RFC 7541 §5.1)");
            int b = src[pos++];
            result += (long) (b & 0x7F) << shift;
            if (result > Integer.MAX_VALUE) throw new HpackException("integer exceeds 2^31-1 (RFC 7541 §5.1)");
            if ((b & 0x80) == 0) return (int) result;
            shift += 7;
            if (shift > 28) throw new HpackException("integer has too many continuation bytes (RFC 7541 §5.1)");
        }
    }

    /**
     * SPEC: RFC 7541 §5.2: a string literal; sets strBuf/strOff/strLen. Raw strings are left in
     * the block; Huffman strings are decoded into the scratch buffer (after any earlier string of
     * this field).
     */
    private void readString(String what) throws HpackException {
        if (pos == end) throw new HpackException("header block ends before a " + what + " string (RFC 7541 §5.2)");
        boolean huffman = (src[pos] & 0x80) != 0;
        int len = readInt(7);
        if (len > end - pos) {
            throw new HpackException(what + " string length " + len + " exceeds the " + (end - pos)
                    + " bytes left in the header block (RFC 7541 §5.2)");
        }
        if (!huffman) {
            strBuf = src;
            strOff = pos;
            strLen = len;
        } else {
            int max = Huffman.maxDecodedLength(len);
            if (scratch.length - scratchUsed < max) {
                byte[] bigger = new byte[Math.max(Math.max(scratch.length * 2, 256), scratchUsed + max)];
                System.arraycopy(scratch, 0, bigger, 0, scratchUsed);
                scratch = bigger;
            }
            strBuf = scratch;
            strOff = scratchUsed;
            strLen = Huffman.decode(src, pos, len, scratch, scratchUsed);
            scratchUsed += strLen;
        }
        pos += len;
    }
}
