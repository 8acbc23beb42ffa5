package dev.celeris.spi.proxy;

import java.nio.ByteBuffer;

/**
 * A push parser for one PROXY protocol header, v1 or v2, fed the connection's first chunks in
 * any split. {@link #parse} takes bytes from the chunk only up to the header's last byte, so what
 * stays in the chunk is the first payload of the proxied connection. Bytes are copied into a
 * buffer that never grows past {@code maxHeaderSize}; a header that would is rejected.
 *
 * <p>Spec: https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt. v1 is one line of at
 * most 107 bytes ({@code PROXY TCP4|TCP6|UNKNOWN ...\r\n}); v2 is a 16-byte binary prefix (12-byte
 * signature, version/command, family/protocol, length) followed by the addresses and TLVs
 * (TLVs are skipped).
 */
public final class ProxyHeaderParser {

    /** v2's 12-byte signature: {@code \r\n\r\n\0\r\nQUIT\n}. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final byte[] V1_PREFIX = {'P', 'R', 'O', 'X', 'Y', ' '};
    /** v1's longest line, CRLF included (spec §2.1). */
    static final int V1_MAX = 107;
    static final int V2_PREFIX = 16;

    private final boolean acceptV1;
    private final boolean acceptV2;
    private final int maxHeaderSize;
    private byte[] buf = new byte[32];
    private int size;
    private int version;   // 0 until the first byte tells
    private int v2Length;  // total v2 header length once the prefix is in, else -1

    public ProxyHeaderParser(boolean acceptV1, boolean acceptV2, int maxHeaderSize) {
        if (!acceptV1 && !acceptV2) throw new IllegalArgumentException("accept at least one PROXY protocol version");
        if (maxHeaderSize < V2_PREFIX + 12) throw new IllegalArgumentException("maxHeaderSize too small: " + maxHeaderSize);
        this.acceptV1 = acceptV1;
        this.acceptV2 = acceptV2;
        this.maxHeaderSize = maxHeaderSize;
        reset();
    }

    /** Forgets everything, ready for another header. */
    public void reset() {
        size = 0;
        version = 0;
        v2Length = -1;
    }

    /**
     * Takes bytes of {@code chunk} (from its position) until a header is complete.
     *
     * @return the header, with {@code chunk}'s position just after it; or null when more bytes
     * are needed (then {@code chunk} was consumed entirely)
     * @throws ProxyProtocolException when the bytes are not a valid header of an accepted version
     */
    public ProxyHeader parse(ByteBuffer chunk) throws ProxyProtocolException {
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (version == 0) version = firstByte(b);
            append(b);
            ProxyHeader header = version == 1 ? stepV1(b) : stepV2();
            if (header != null) {
                reset();
                return header;
            }
        }
        return null;
    }

    private int firstByte(byte b) throws ProxyProtocolException {
        if (b == V1_PREFIX[0] && acceptV1) return 1;
        if (b == V2_SIGNATURE[0] && acceptV2) return 2;
        throw new ProxyProtocolException("not a PROXY protocol " + versions() + " header (first byte 0x"
                + Integer.toHexString(b & 0xFF) + ")");
    }

    private String versions() {
        return acceptV1 && acceptV2 ? "v1/v2" : acceptV1 ? "v1" : "v2";
    }

    private void append(byte b) throws ProxyProtocolException {
        int limit = version == 1 ? Math.min(V1_MAX, maxHeaderSize) : maxHeaderSize;
        if (size == limit) throw new ProxyProtocolException("PROXY protocol header longer than " + limit + " bytes");
        if (size == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(limit, buf.length * 2));
        buf[size++] = b;
    }

    private ProxyHeader stepV1(byte b) throws ProxyProtocolException {
        if (size <= V1_PREFIX.length) {
            if (b != V1_PREFIX[size - 1]) throw new ProxyProtocolException("not a PROXY protocol v1 header");
            return null;
        }
        if (b != '\n') return null;
        if (buf[size - 2] != '\r') throw new ProxyProtocolException("PROXY v1 line not ended by CRLF");
        return ProxyV1.parse(buf, size);
    }

    private ProxyHeader stepV2() throws ProxyProtocolException {
        if (size <= V2_SIGNATURE.length) {
            if (buf[size - 1] != V2_SIGNATURE[size - 1]) throw new ProxyProtocolException("not a PROXY protocol v2 signature");
            return null;
        }
        if (size == V2_PREFIX) {
            int length = ((buf[14] & 0xFF) << 8) | (buf[15] & 0xFF);
            v2Length = V2_PREFIX + length;
            if (v2Length > maxHeaderSize) {
                throw new ProxyProtocolException("PROXY v2 header of " + v2Length + " bytes exceeds the limit of " + maxHeaderSize);
            }
        }
        if (size == v2Length) return ProxyV2.parse(buf, size);
        return null;
    }
}
