package dev.celeris.router;

import dev.celeris.engine.Headers;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The de-facto {@code X-Forwarded-For/-Proto/-Host} headers, read once the peer is trusted. */
final class XForwarded {

    private XForwarded() {
    }

    static ClientIdentity resolve(TrustedProxies trusted, Headers headers, ClientIdentity direct) {
        List<String> hops = new ArrayList<>();
        for (String line : headers.getAll("x-forwarded-for")) {
            for (String part : line.split(",")) hops.add(part.trim());
        }
        ClientIdentity id = direct;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = IpNetwork.parseLiteral(stripPort(hops.get(i)));
            if (hop == null) break;               // garbage: believe nothing further left
            id = id.withClient(hop);
            if (!trusted.trusts(hop)) break;      // the first untrusted hop from the right is the client
        }
        return id.withScheme(last(headers.getAll("x-forwarded-proto"))).withHost(last(headers.getAll("x-forwarded-host")));
    }

    /** The nearest (rightmost) value of a possibly comma-separated, possibly repeated header. */
    static String last(List<String> lines) {
        if (lines.isEmpty()) return null;
        String line = lines.get(lines.size() - 1);
        int comma = line.lastIndexOf(',');
        return comma < 0 ? line : line.substring(comma + 1);
    }

    /** {@code 1.2.3.4:80} → {@code 1.2.3.4}, {@code [::1]:80} → {@code [::1]}; a bare IPv6 stays. */
    static String stripPort(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return end < 0 ? node : node.substring(0, end + 1);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }
}
