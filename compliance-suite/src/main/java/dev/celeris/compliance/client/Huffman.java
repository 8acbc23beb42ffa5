package dev.celeris.compliance.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import java.nio.charset.StandardCharsets;

/**
 * Huffman coding of string literals (RFC 7541 §5.2, Appendix B), borrowed from Netty's public
 * HPACK encoder: a header is encoded as "never indexed, new name" with Huffman forced on
 * (threshold 0), and the name's coded bytes are cut out of the result.
 */
public final class Huffman {

    private Huffman() {
    }

    public static byte[] encode(byte[] raw) {
        if (raw.length == 0) return raw;
        var encoder = new DefaultHttp2HeadersEncoder((name, value) -> true, true, 16, 0);
        var headers = new DefaultHttp2Headers(false);
        // As the value of a name no static entry has, so Netty cannot use an indexed name.
        headers.add("x-celeris-h2check", new String(raw, StandardCharsets.ISO_8859_1));
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.encodeHeaders(1, headers, buf);
            int first = buf.readUnsignedByte();
            if (first != 0x10) throw new IllegalStateException("unexpected representation 0x" + Integer.toHexString(first));
            buf.skipBytes(stringLength(buf)); // the name
            byte[] out = new byte[stringLength(buf)];
            buf.readBytes(out);
            return out;
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        } finally {
            buf.release();
        }
    }

    private static int stringLength(ByteBuf buf) {
        int b = buf.readUnsignedByte();
        if ((b & 0x80) == 0) throw new IllegalStateException("Netty did not Huffman-code the string");
        int length = b & 0x7f;
        if (length == 0x7f) {
            int m = 0;
            int next;
            do {
                next = buf.readUnsignedByte();
                length += (next & 0x7f) << m;
                m += 7;
            } while ((next & 0x80) != 0);
        }
        return length;
    }

    public static byte[] encode(String s) {
        return encode(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
