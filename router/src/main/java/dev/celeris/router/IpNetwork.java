package dev.celeris.router;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address
 * ({@code 127.0.0.1} is {@code /32}). Literals only: nothing is ever resolved. An IPv4-mapped
 * IPv6 address ({@code ::ffff:10.1.2.3}) matches the IPv4 networks it maps to.
 */
record IpNetwork(byte[] network, int prefix, String text) {

    static IpNetwork parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) throw new IllegalArgumentException("not an IP address or CIDR network: '" + cidr + "'");
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("prefix length out of range in '" + cidr + "'");
        }
        return new IpNetwork(mask(bytes, prefix), prefix, s);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            a = a.length == 16 && network.length == 4 ? mappedIpv4(a) : null;
            if (a == null) return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (network[full] & 0xFF);
    }

    /** The IPv4 address inside {@code ::ffff:a.b.c.d}, else null. */
    private static byte[] mappedIpv4(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return null;
        if (a[10] != (byte) 0xFF || a[11] != (byte) 0xFF) return null;
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF << (8 - keep));
        }
        return out;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null when {@code text} is not one (never a lookup). */
    static byte[] literal(String text) {
        InetAddress a = parseLiteral(text);
        return a == null ? null : a.getAddress();
    }

    /** An IPv4 dotted quad or an IPv6 literal (brackets allowed), or null. Never resolves names. */
    static InetAddress parseLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 + 2) return null;
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean colon = t.indexOf(':') >= 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = c == '.' || (c >= '0' && c <= '9') || (colon && (c == ':' || Character.digit(c, 16) >= 0));
            if (!ok) return null;
        }
        if (!colon && !isDottedQuad(t)) return null;
        try {
            return InetAddress.getByName(t); // a literal by the checks above: no DNS
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
