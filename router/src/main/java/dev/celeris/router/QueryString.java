package dev.celeris.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} text: query strings and urlencoded bodies
 * (WHATWG URL §5.1): pairs split on {@code &}, name and value on the first {@code =},
 * {@code +} is a space, {@code %XX} decoded as UTF-8. Empty pairs are skipped.
 */
final class QueryString {

    private QueryString() {
    }

    static Map<String, List<String>> parse(String raw) {
        if (raw == null || raw.isEmpty()) return Map.of();
        Map<String, List<String>> map = new LinkedHashMap<>();
        int len = raw.length();
        int start = 0;
        while (start <= len) {
            int amp = raw.indexOf('&', start);
            if (amp < 0) amp = len;
            if (amp > start) {
                int eq = raw.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > amp) {
                    name = PercentDecoder.decodeComponent(raw, start, amp);
                    value = "";
                } else {
                    name = PercentDecoder.decodeComponent(raw, start, eq);
                    value = PercentDecoder.decodeComponent(raw, eq + 1, amp);
                }
                map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = amp + 1;
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(map);
    }
}
