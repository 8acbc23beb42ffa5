package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.hpack.HeaderSink;
import dev.celeris.engine.internal.hpack.HpackDecoder;
import dev.celeris.engine.internal.hpack.HpackEncoder;
import dev.celeris.engine.internal.hpack.HpackException;
import dev.celeris.engine.internal.hpack.HpackOutput;
import java.nio.ByteBuffer;

/**
 * The connection's HPACK state (RFC 7541) glued to HTTP/2 messages: decodes request header
 * blocks into a {@link RequestHeaderValidator} and encodes response header blocks into a reused
 * {@link HpackOutput}. Every header block received is decoded, even for streams that are
 * ignored, so the decoder's dynamic table stays in step (§4.3). I/O thread only.
 */
final class HeaderCodec {

    /** The outcome of decoding one block. */
    enum Result { OK, TOO_LARGE }

    private static final String[] STATUS = new String[600];

    static {
        for (int i = 100; i < STATUS.length; i++) STATUS[i] = Integer.toString(i);
    }

    private final int maxHeaderListSize;
    /** HPACK state, created by the first header block each way: an idle connection has none. */
    private HpackDecoder decoder;
    private HpackEncoder encoder;
    private HpackOutput output;
    /** Set by the first block decoded: the fields of the last request or trailer block. */
    RequestHeaderValidator validator;
    private HeaderSink sink;
    /** Our table size once acknowledged (-1: not yet), applied when the decoder is created. */
    private int localTableSize = -1;
    /** The peer's table sizes seen before the encoder exists: the smallest and the last (-1: none). */
    private long peerTableMin = -1;
    private long peerTableLast = -1;

    HeaderCodec(int maxHeaderListSize) {
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /** Our SETTINGS_HEADER_TABLE_SIZE took effect (the peer acknowledged it). */
    void localTableSize(int size) {
        if (decoder != null) decoder.setMaxTableSize(size);
        else localTableSize = size;
    }

    /** The peer's SETTINGS_HEADER_TABLE_SIZE. */
    void peerTableSize(long size) {
        if (encoder != null) {
            encoder.setPeerMaxTableSize(size);
            return;
        }
        if (size < 0 || size > 0xFFFFFFFFL) throw new IllegalArgumentException("table size out of range: " + size);
        peerTableMin = peerTableMin < 0 ? size : Math.min(peerTableMin, size);
        peerTableLast = size;
    }

    private HpackDecoder decoder() {
        if (decoder == null) {
            // The peer assumes 4096 until it has seen our SETTINGS; lowered on their ACK.
            decoder = new HpackDecoder(HpackEncoder.DEFAULT_TABLE_SIZE, maxHeaderListSize);
            if (localTableSize >= 0) decoder.setMaxTableSize(localTableSize);
            validator = new RequestHeaderValidator();
            sink = validator::header;
        }
        return decoder;
    }

    /**
     * The encoder, created by the first response: the peer's table sizes announced before are
     * replayed (smallest, then last), which leaves it in the state it would have had from the
     * start (RFC 7541 §4.2 signals the smallest size and then the final one).
     */
    private HpackEncoder encoder() {
        if (encoder == null) {
            encoder = new HpackEncoder(HpackEncoder.DEFAULT_TABLE_SIZE);
            if (peerTableMin >= 0) encoder.setPeerMaxTableSize(peerTableMin);
            if (peerTableLast >= 0) encoder.setPeerMaxTableSize(peerTableLast);
            output = new HpackOutput(512);
        }
        return encoder;
    }

    /**
     * Decodes a request (or trailer) block into {@link #validator}.
     *
     * @throws H2Exception COMPRESSION_ERROR (connection) on malformed HPACK (§4.3)
     */
    Result decode(ByteBuffer block, int streamId, boolean trailers) throws H2Exception {
        HpackDecoder decoder = decoder();
        if (trailers) validator.beginTrailers();
        else validator.beginRequest();
        try {
            return decoder.decode(block, sink) ? Result.OK : Result.TOO_LARGE;
        } catch (HpackException e) {
            throw H2Exception.connectionError(H2Error.COMPRESSION_ERROR, "stream %d: %s", streamId, e.getMessage());
        }
    }

    /**
     * Encodes a response header block ({@code :status} then the headers, connection-specific
     * fields dropped per §8.2.2). The result is {@link #block()}[0, {@link #blockLength()}).
     */
    void encodeResponse(int status, Headers headers) {
        HpackEncoder encoder = encoder();
        output.reset();
        encoder.beginBlock(output);
        encoder.encode(":status", status < STATUS.length && status >= 100 ? STATUS[status] : Integer.toString(status), output);
        encodeFields(headers);
    }

    /** Encodes a trailer block (no pseudo-header, §8.1). */
    void encodeTrailers(Headers trailers) {
        HpackEncoder encoder = encoder();
        output.reset();
        encoder.beginBlock(output);
        encodeFields(trailers);
    }

    private void encodeFields(Headers headers) {
        if (headers == null) return;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            if (isConnectionSpecific(name) || name.isEmpty() || name.charAt(0) == ':') continue;
            encoder.encode(name, headers.value(i), isSensitive(name), output);
        }
    }

    byte[] block() {
        return output.array();
    }

    int blockLength() {
        return output.size();
    }

    // SPEC: RFC 9113 §8.2.2 an endpoint must not generate connection-specific fields
    static boolean isConnectionSpecific(String name) {
        return switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> true;
            default -> false;
        };
    }

    // SPEC: RFC 7541 §7.1.3 values that must not be indexed
    private static boolean isSensitive(String name) {
        return name.equals("set-cookie") || name.equals("authorization") || name.equals("proxy-authorization");
    }
}
