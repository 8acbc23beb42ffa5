package dev.celeris.engine.internal.hpack;

/**
 * The HPACK static table (RFC 7541 Appendix A), indices 1..61, with lookups for the encoder.
 * The name and value strings are interned constants: the decoder hands out these very instances.
 */
final class StaticTable {

    /** SPEC: RFC 7541 Appendix A. Index i is at position i - 1. */
    private static final String[][] ENTRIES = {
        {":authority", ""},
        {":method", "GET"},
        {":method", "POST"},
        {":path", "/"},
        {":path", "/index.html"},
        {":scheme", "http"},
        {":scheme", "https"},
        {":status", "200"},
        {":status", "204"},
        {":status", "206"},
        {":status", "304"},
        {":status", "400"},
        {":status", "404"},
        {":status", "500"},
        {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"},
        {"accept-language", ""},
        {"accept-ranges", ""},
        {"accept", ""},
        {"access-control-allow-origin", ""},
        {"age", ""},
        {"allow", ""},
        {"authorization", ""},
        {"cache-control", ""},
        {"content-disposition", ""},
        {"content-encoding", ""},
        {"content-language", ""},
        {"content-length", ""},
        {"content-location", ""},
        {"content-range", ""},
        {"content-type", ""},
        {"cookie", ""},
        {"date", ""},
        {"etag", ""},
        {"expect", ""},
        {"expires", ""},
        {"from", ""},
        {"host", ""},
        {"if-match", ""},
        {"if-modified-since", ""},
        {"if-none-match", ""},
        {"if-range", ""},
        {"if-unmodified-since", ""},
        {"last-modified", ""},
        {"link", ""},
        {"location", ""},
        {"max-forwards", ""},
        {"proxy-authenticate", ""},
        {"proxy-authorization", ""},
        {"range", ""},
        {"referer", ""},
        {"refresh", ""},
        {"retry-after", ""},
        {"server", ""},
        {"set-cookie", ""},
        {"strict-transport-security", ""},
        {"transfer-encoding", ""},
        {"user-agent", ""},
        {"vary", ""},
        {"via", ""},
        {"www-authenticate", ""},
    };

    /** Number of entries; dynamic table indices start after it (RFC 7541 §2.3.3). */
    static final int LENGTH = ENTRIES.length;

    static final String[] NAMES = new String[LENGTH + 1];
    static final String[] VALUES = new String[LENGTH + 1];

    /** Name lookup: open addressing on String.hashCode (cached in the String), power-of-two size. */
    private static final int MASK = 127;
    private static final String[] NAME_KEYS = new String[MASK + 1];
    private static final int[] NAME_INDEX = new int[MASK + 1];

    static {
        for (int i = 0; i < LENGTH; i++) {
            NAMES[i + 1] = ENTRIES[i][0].intern();
            VALUES[i + 1] = ENTRIES[i][1].intern();
        }
        for (int i = 1; i <= LENGTH; i++) {
            String name = NAMES[i];
            int slot = name.hashCode() & MASK;
            while (NAME_KEYS[slot] != null && !NAME_KEYS[slot].equals(name)) slot = (slot + 1) & MASK;
            if (NAME_KEYS[slot] == null) {
                NAME_KEYS[slot] = name;
                NAME_INDEX[slot] = i; // the first (lowest) index with this name
            }
        }
    }

    private StaticTable() {
    }

    /** The lowest static index whose name is {@code name}, or 0. */
    static int nameIndex(String name) {
        int slot = name.hashCode() & MASK;
        String key;
        while ((key = NAME_KEYS[slot]) != null) {
            if (key == name || key.equals(name)) return NAME_INDEX[slot];
            slot = (slot + 1) & MASK;
        }
        return 0;
    }

    /**
     * The static index matching both name and value, or 0. Entries with a name occupy consecutive
     * indices starting at {@link #nameIndex}, so only those are compared.
     */
    static int index(String name, String value, int nameIndex) {
        for (int i = nameIndex; i <= LENGTH && NAMES[i] == NAMES[nameIndex]; i++) {
            String v = VALUES[i];
            if (v == value || v.equals(value)) return i;
        }
        return 0;
    }

    /**
     * The static name whose ISO-8859-1 bytes equal {@code bytes[off, off+len)}, or null: lets the
     * decoder return interned names for literal names such as {@code content-type}.
     */
    static String name(byte[] bytes, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) h = 31 * h + (bytes[off + i] & 0xFF);
        int slot = h & MASK;
        String key;
        while ((key = NAME_KEYS[slot]) != null) {
            if (key.length() == len && matches(key, bytes, off, len)) return key;
            slot = (slot + 1) & MASK;
        }
        return null;
    }

    private static boolean matches(String key, byte[] bytes, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (key.charAt(i) != (bytes[off + i] & 0xFF)) return false;
        }
        return true;
    }
}
