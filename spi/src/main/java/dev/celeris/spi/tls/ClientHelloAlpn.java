package dev.celeris.spi.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client's ALPN offer, read from its ClientHello before a TLS engine sees it, for native
 * engines that cannot send {@code no_application_protocol} themselves (RFC 7301 §3.2): OpenSSL's
 * ALPN callback can only ignore the extension, and Jetty's {@code SslConnection} closes a failed
 * handshake without writing the engine's alert. A client that offers protocols but none of ours
 * gets {@link #noApplicationProtocolAlert()} and is closed, as with the JDK layer. Bytes this
 * class cannot parse are left to the engine's own verdict.
 */
public final class ClientHelloAlpn {

    /** Alert record: content type 21, TLS 1.2 record version, length 2, fatal (2), no_application_protocol (120). */
    private static final byte[] NO_APPLICATION_PROTOCOL = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x78};
    private static final int HANDSHAKE_RECORD = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int ALPN_EXTENSION = 16;

    private ClientHelloAlpn() {
    }

    /** The plaintext fatal {@code no_application_protocol} alert record (then close). */
    public static ByteBuffer noApplicationProtocolAlert() {
        return ByteBuffer.wrap(NO_APPLICATION_PROTOCOL).asReadOnlyBuffer();
    }

    /**
     * Whether the first bytes of a connection are one TLS record holding a whole ClientHello whose
     * ALPN extension names protocols, none of them in {@code ours}. A ClientHello split over
     * records or reads, or anything else, is {@code false}: the engine decides.
     */
    public static boolean refuses(ByteBuffer firstBytes, List<String> ours) {
        ByteBuffer b = firstBytes.duplicate();
        int p = b.position();
        if (b.remaining() < 9 || (b.get(p) & 0xFF) != HANDSHAKE_RECORD || (b.get(p + 5) & 0xFF) != CLIENT_HELLO) {
            return false;
        }
        int recordLength = b.getShort(p + 3) & 0xFFFF;
        int helloLength = (b.get(p + 6) & 0xFF) << 16 | (b.getShort(p + 7) & 0xFFFF);
        if (helloLength + 4 > recordLength || p + 9 + helloLength > b.limit()) {
            return false;
        }
        return !sharesProtocol(b.position(p + 9).limit(p + 9 + helloLength).slice(), ours);
    }

    /**
     * Whether a ClientHello body (from {@code client_version}, RFC 8446 §4.1.2) has no ALPN
     * extension, or one naming at least one of {@code ours}. Unparseable: {@code true}, so the TLS
     * engine gives its own verdict.
     */
    public static boolean sharesProtocol(ByteBuffer hello, List<String> ours) {
        try {
            int p = hello.position() + 2 + 32;                     // version, random
            p += 1 + (hello.get(p) & 0xFF);                        // session id
            p += 2 + (hello.getShort(p) & 0xFFFF);                 // cipher suites
            p += 1 + (hello.get(p) & 0xFF);                        // compression methods
            if (p + 2 > hello.limit()) return true;                // no extensions
            int end = Math.min(hello.limit(), p + 2 + (hello.getShort(p) & 0xFFFF));
            p += 2;
            while (p + 4 <= end) {
                int type = hello.getShort(p) & 0xFFFF;
                int length = hello.getShort(p + 2) & 0xFFFF;
                p += 4;
                if (type == ALPN_EXTENSION) {
                    return offersOneOf(hello, p + 2, Math.min(end, p + length), ours);
                }
                p += length;
            }
            return true;
        } catch (IndexOutOfBoundsException truncated) {
            return true;
        }
    }

    /** The ALPN protocol name list between {@code from} and {@code to}: empty, or one of ours. */
    private static boolean offersOneOf(ByteBuffer hello, int from, int to, List<String> ours) {
        boolean offered = false;
        for (int q = from; q < to; ) {
            int n = hello.get(q++) & 0xFF;
            if (q + n > to) break;
            byte[] name = new byte[n];
            hello.get(q, name);
            if (ours.contains(new String(name, StandardCharsets.US_ASCII))) return true;
            offered = true;
            q += n;
        }
        return !offered;
    }
}
