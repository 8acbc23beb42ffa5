package dev.celeris.router;

import java.net.InetAddress;

/**
 * The client as {@link Context#clientIp()}, {@link Context#scheme()} and {@link Context#host()}
 * report it: the connection's own view, or what trusted proxies forwarded.
 */
record ClientIdentity(InetAddress address, String ip, String scheme, String host) {

    ClientIdentity withClient(InetAddress client) {
        return new ClientIdentity(client, client.getHostAddress(), scheme, host);
    }

    ClientIdentity withScheme(String value) {
        if (value == null) return this;
        String s = value.trim().toLowerCase(java.util.Locale.ROOT);
        return s.equals("http") || s.equals("https") ? new ClientIdentity(address, ip, s, host) : this;
    }

    ClientIdentity withHost(String value) {
        if (value == null) return this;
        String h = value.trim();
        return isHost(h) ? new ClientIdentity(address, ip, scheme, h) : this;
    }

    /** {@code host[:port]}: letters, digits, {@code .-_~}, an IPv6 literal in brackets; at most 255 characters. */
    static boolean isHost(String h) {
        if (h.isEmpty() || h.length() > 255) return false;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '~' || c == ':' || c == '[' || c == ']';
            if (!ok) return false;
        }
        return true;
    }
}
