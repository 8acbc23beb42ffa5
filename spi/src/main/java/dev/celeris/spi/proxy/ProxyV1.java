package dev.celeris.spi.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The v1 (text) line: {@code PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n}, or
 * {@code PROXY UNKNOWN ...\r\n}. Addresses must be literals of the announced family (never
 * resolved), ports decimal 0–65535, fields separated by single spaces.
 */
final class ProxyV1 {

    private ProxyV1() {
    }

    /** Parses {@code buf[0, size)}, a whole line ending in CRLF. */
    static ProxyHeader parse(byte[] buf, int size) throws ProxyProtocolException {
        String line = new String(buf, 0, size - 2, StandardCharsets.US_ASCII);
        String[] f = line.split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) return new ProxyHeader(1, true, null, null, size);
        if (f.length != 6) throw new ProxyProtocolException("PROXY v1 line needs 6 fields: " + printable(line));
        boolean v6;
        switch (f[1]) {
            case "TCP4" -> v6 = false;
            case "TCP6" -> v6 = true;
            default -> throw new ProxyProtocolException("PROXY v1 protocol must be TCP4, TCP6 or UNKNOWN: " + printable(f[1]));
        }
        InetAddress src = address(f[2], v6);
        InetAddress dst = address(f[3], v6);
        return new ProxyHeader(1, false, new InetSocketAddress(src, port(f[4])), new InetSocketAddress(dst, port(f[5])), size);
    }

    static InetAddress address(String text, boolean v6) throws ProxyProtocolException {
        return v6 ? ipv6(text) : ipv4(text);
    }

    private static InetAddress ipv4(String text) throws ProxyProtocolException {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new ProxyProtocolException("not an IPv4 literal: " + printable(text));
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) throw new ProxyProtocolException("not an IPv4 literal: " + printable(text));
            int v = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') throw new ProxyProtocolException("not an IPv4 literal: " + printable(text));
                v = v * 10 + (c - '0');
            }
            if (v > 255) throw new ProxyProtocolException("not an IPv4 literal: " + printable(text));
            bytes[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new ProxyProtocolException("not an IPv4 literal: " + printable(text));
        }
    }

    private static InetAddress ipv6(String text) throws ProxyProtocolException {
        // Only hex digits, ':' and '.', with at least one ':', is a literal to the JDK: no lookup.
        if (text.isEmpty() || text.indexOf(':') < 0) throw new ProxyProtocolException("not an IPv6 literal: " + printable(text));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                throw new ProxyProtocolException("not an IPv6 literal: " + printable(text));
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ProxyProtocolException("not an IPv6 literal: " + printable(text));
        }
    }

    private static int port(String text) throws ProxyProtocolException {
        if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new ProxyProtocolException("bad PROXY v1 port: " + printable(text));
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw new ProxyProtocolException("bad PROXY v1 port: " + printable(text));
            port = port * 10 + (c - '0');
        }
        if (port > 65535) throw new ProxyProtocolException("bad PROXY v1 port: " + text);
        return port;
    }

    /** Printable ASCII only, at most 60 characters: for log messages about hostile input. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }
}
