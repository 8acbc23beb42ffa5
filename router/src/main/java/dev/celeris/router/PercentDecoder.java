package dev.celeris.router;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding (RFC 3986 §2.1) of path segments and of query/form components. */
final class PercentDecoder {

    private PercentDecoder() {
    }

    /** Decodes {@code s[start, end)} as a path segment: {@code %XX} only, {@code +} stays. */
    static String decodePath(String s, int start, int end) {
        return decode(s, start, end, false);
    }

    /** Decodes a query or form component: {@code %XX} and {@code +} as space. */
    static String decodeComponent(String s, int start, int end) {
        return decode(s, start, end, true);
    }

    private static String decode(String s, int start, int end, boolean plusIsSpace) {
        int i = start;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) break;
            i++;
        }
        if (i == end) return s.substring(start, end);
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        byte[] prefix = s.substring(start, i).getBytes(StandardCharsets.UTF_8);
        out.write(prefix, 0, prefix.length);
        while (i < end) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < end ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < end ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi >= 0 && lo >= 0) {
                    out.write((hi << 4) | lo);
                    i += 3;
                    continue;
                }
                out.write('%');   // malformed escape: kept literally, as browsers do
                i++;
            } else if (plusIsSpace && c == '+') {
                out.write(' ');
                i++;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
