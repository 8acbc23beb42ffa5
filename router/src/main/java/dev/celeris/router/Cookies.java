package dev.celeris.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses request {@code cookie} headers (RFC 6265 §5.4), including HTTP/2's split form. */
final class Cookies {

    private Cookies() {
    }

    /**
     * Name → value of every cookie; the first occurrence of a name wins (browsers send the most
     * specific path first). SPEC: RFC 9113 §8.2.3 an HTTP/2 client may split the cookie header
     * into several fields; they are concatenated with "; ".
     */
    static Map<String, String> parse(List<String> headerValues) {
        if (headerValues.isEmpty()) return Map.of();
        Map<String, String> map = new LinkedHashMap<>();
        for (String header : headerValues) {
            int len = header.length();
            int start = 0;
            while (start < len) {
                int semi = header.indexOf(';', start);
                if (semi < 0) semi = len;
                int eq = header.indexOf('=', start);
                if (eq > start && eq < semi) {
                    String name = header.substring(start, eq).trim();
                    String value = header.substring(eq + 1, semi).trim();
                    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (!name.isEmpty()) map.putIfAbsent(name, value);
                }
                start = semi + 1;
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
