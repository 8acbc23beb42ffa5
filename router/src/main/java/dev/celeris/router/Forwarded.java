package dev.celeris.router;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 7239 {@code Forwarded}: a comma-separated list of elements, one per proxy, each a
 * semicolon-separated list of {@code for|by|proto|host=value} pairs, values as tokens or quoted
 * strings ({@code for="[2001:db8::1]:4711"}). Read once the peer is trusted.
 */
final class Forwarded {

    private Forwarded() {
    }

    static ClientIdentity resolve(TrustedProxies trusted, List<String> lines, ClientIdentity direct) {
        List<Map<String, String>> elements = new ArrayList<>();
        for (String line : lines) {
            if (!parse(line, elements)) return direct; // malformed: believe none of it
        }
        ClientIdentity id = direct;
        Map<String, String> chosen = null;
        for (int i = elements.size() - 1; i >= 0; i--) {
            String node = elements.get(i).get("for");
            InetAddress hop = node == null ? null : IpNetwork.parseLiteral(XForwarded.stripPort(node));
            if (hop == null) break;            // "unknown", obfuscated or missing: the chain ends here
            id = id.withClient(hop);
            chosen = elements.get(i);
            if (!trusted.trusts(hop)) break;
        }
        if (chosen == null) return id;
        return id.withScheme(chosen.get("proto")).withHost(chosen.get("host"));
    }

    /** Appends the elements of one header line; false when it is malformed. */
    static boolean parse(String line, List<Map<String, String>> out) {
        Map<String, String> element = new HashMap<>();
        int i = 0;
        int n = line.length();
        while (i <= n) {
            i = skipSpaces(line, i);
            int eq = line.indexOf('=', i);
            if (eq < 0) return false;
            String name = line.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty()) return false;
            i = eq + 1;
            String value;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) c = line.charAt(++i);
                    b.append(c);
                    i++;
                }
                if (i >= n) return false; // unterminated quote
                value = b.toString();
                i++;
            } else {
                int end = i;
                while (end < n && line.charAt(end) != ';' && line.charAt(end) != ',') end++;
                value = line.substring(i, end).trim();
                i = end;
            }
            if (element.putIfAbsent(name, value) != null) return false; // a parameter twice in one element
            i = skipSpaces(line, i);
            if (i >= n) break;
            char sep = line.charAt(i);
            if (sep == ',') {
                out.add(element);
                element = new HashMap<>();
            } else if (sep != ';') {
                return false;
            }
            i++;
        }
        out.add(element);
        return true;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }
}
