package dev.celeris.engine.internal.h1;

import java.nio.charset.StandardCharsets;

/**
 * Byte classes of RFC 9110 §5.6.2 (token), §5.5 (field values) and interned strings for the
 * methods and header names seen on nearly every request, so the parser allocates no new
 * {@code String} for them.
 */
final class HttpChars {

    private static final boolean[] TCHAR = new boolean[256];
    private static final String[] METHODS = {
        "GET", "PUT", "POST", "HEAD", "PATCH", "TRACE", "DELETE", "OPTIONS", "CONNECT"};
    private static final String[] NAMES = {
        "te", "age", "via", "host", "date", "etag", "from", "vary", "range", "allow", "accept", "cookie", "expect",
        "origin", "pragma", "server", "referer", "upgrade", "trailer", "priority", "if-match", "if-range", "location",
        "connection", "keep-alive", "user-agent", "set-cookie", "content-type", "cache-control", "authorization",
        "content-length", "http2-settings", "accept-charset", "accept-encoding", "accept-language", "if-none-match",
        "content-encoding", "content-language", "x-forwarded-for", "x-request-id", "x-forwarded-host",
        "x-forwarded-proto", "transfer-encoding", "if-modified-since", "if-unmodified-since", "sec-fetch-dest",
        "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform",
        "upgrade-insecure-requests", "x-requested-with", "dnt", "content-range"};
    private static final String[][] NAMES_BY_LENGTH = new String[32][];

    static {
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
        for (String name : NAMES) {
            String[] old = NAMES_BY_LENGTH[name.length()];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = name;
            NAMES_BY_LENGTH[name.length()] = grown;
        }
    }

    private HttpChars() {
    }

    /** RFC 9110 §5.6.2 tchar. */
    static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }

    /** RFC 9110 §5.5 field-vchar / SP / HTAB: visible ASCII, obs-text, space, tab. */
    static boolean isFieldValueByte(byte b) {
        int c = b & 0xff;
        return c >= 0x20 ? c != 0x7f : c == '\t';
    }

    static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The method as an interned constant when it is a standard one (case-sensitive, RFC 9110 §9.1). */
    static String method(byte[] bytes, int off, int len) {
        for (String m : METHODS) {
            if (m.length() == len && equalsExact(bytes, off, m)) return m;
        }
        return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }

    /** The header name in lower case, interned when it is a common one. */
    static String headerName(byte[] bytes, int off, int len) {
        if (len < NAMES_BY_LENGTH.length) {
            String[] candidates = NAMES_BY_LENGTH[len];
            if (candidates != null) {
                for (String n : candidates) {
                    if (equalsLowerCase(bytes, off, n)) return n;
                }
            }
        }
        byte[] lower = new byte[len];
        for (int i = 0; i < len; i++) {
            byte b = bytes[off + i];
            lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }
        return new String(lower, StandardCharsets.ISO_8859_1);
    }

    private static boolean equalsExact(byte[] bytes, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (bytes[off + i] != s.charAt(i)) return false;
        }
        return true;
    }

    /** Whether bytes equal the lower-case {@code s}, ignoring ASCII case of the bytes. */
    static boolean equalsLowerCase(byte[] bytes, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            int b = bytes[off + i];
            if (b >= 'A' && b <= 'Z') b += 32;
            if (b != s.charAt(i)) return false;
        }
        return true;
    }

    /**
     * Whether the comma-separated list {@code value} (RFC 9110 §5.6.1) holds {@code token},
     * ignoring ASCII case and optional whitespace.
     */
    static boolean hasToken(String value, String token) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) i++;
            int start = i;
            while (i < n && value.charAt(i) != ',') i++;
            int end = i;
            while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) end--;
            if (end - start == token.length() && value.regionMatches(true, start, token, 0, token.length())) return true;
        }
        return false;
    }
}
