package dev.celeris.spi.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The v2 (binary) header: signature (12), version and command (1: {@code 0x20} LOCAL,
 * {@code 0x21} PROXY), family and protocol (1), length (2, big endian), then the address block
 * (AF_INET: 4+4+2+2 bytes, AF_INET6: 16+16+2+2, AF_UNIX: 108+108) and TLVs, which are skipped.
 */
final class ProxyV2 {

    private static final int INET = 0x1;
    private static final int INET6 = 0x2;

    private ProxyV2() {
    }

    /** Parses {@code buf[0, size)}, a whole header whose signature was checked. */
    static ProxyHeader parse(byte[] buf, int size) throws ProxyProtocolException {
        int versionCommand = buf[12] & 0xFF;
        if (versionCommand >> 4 != 2) throw new ProxyProtocolException("PROXY v2 version nibble must be 2: 0x" + Integer.toHexString(versionCommand));
        int command = versionCommand & 0x0F;
        if (command > 1) throw new ProxyProtocolException("PROXY v2 command must be LOCAL or PROXY: " + command);
        int family = (buf[13] & 0xFF) >> 4;
        int protocol = buf[13] & 0x0F;
        if (family > 3 || protocol > 2) throw new ProxyProtocolException("PROXY v2 unknown family/protocol 0x" + Integer.toHexString(buf[13] & 0xFF));
        if (command == 0) return new ProxyHeader(2, true, null, null, size); // LOCAL: ignore the address block (spec §2.2)
        int body = size - ProxyHeaderParser.V2_PREFIX;
        int p = ProxyHeaderParser.V2_PREFIX;
        return switch (family) {
            case INET -> {
                need(body, 12, "AF_INET");
                yield new ProxyHeader(2, false, socket(buf, p, 4, p + 8), socket(buf, p + 4, 4, p + 10), size);
            }
            case INET6 -> {
                need(body, 36, "AF_INET6");
                yield new ProxyHeader(2, false, socket(buf, p, 16, p + 32), socket(buf, p + 16, 16, p + 34), size);
            }
            // AF_UNSPEC or AF_UNIX: nothing an IP-based server can present; keep the connection's addresses.
            default -> new ProxyHeader(2, false, null, null, size);
        };
    }

    private static void need(int body, int bytes, String family) throws ProxyProtocolException {
        if (body < bytes) throw new ProxyProtocolException("PROXY v2 " + family + " address block needs " + bytes + " bytes, has " + body);
    }

    private static InetSocketAddress socket(byte[] buf, int addressAt, int addressLength, int portAt) throws ProxyProtocolException {
        try {
            InetAddress address = InetAddress.getByAddress(Arrays.copyOfRange(buf, addressAt, addressAt + addressLength));
            return new InetSocketAddress(address, ((buf[portAt] & 0xFF) << 8) | (buf[portAt + 1] & 0xFF));
        } catch (UnknownHostException e) {
            throw new ProxyProtocolException("PROXY v2 bad address: " + e.getMessage());
        }
    }
}
