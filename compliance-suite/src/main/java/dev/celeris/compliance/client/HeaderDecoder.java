package dev.celeris.compliance.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles the server's field blocks (HEADERS/PUSH_PROMISE + CONTINUATION) and decodes them
 * with Netty's public HPACK decoder, which keeps the connection's dynamic table. Only the
 * reader thread uses it.
 */
final class HeaderDecoder {

    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, false, 1L << 20);
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private int blockStream = -1;

    /** Adds a fragment; returns the decoded fields when {@code endHeaders}, else {@code null}. */
    List<Map.Entry<String, String>> fragment(int streamId, byte[] fragment, boolean endHeaders) throws Http2Exception {
        if (blockStream == -1) blockStream = streamId;
        block.writeBytes(fragment);
        if (!endHeaders) return null;
        ByteBuf buf = Unpooled.wrappedBuffer(block.toByteArray());
        block.reset();
        int stream = blockStream;
        blockStream = -1;
        Http2Headers headers = decoder.decodeHeaders(stream == 0 ? 1 : stream, buf);
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        headers.forEach(e -> out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey().toString(), e.getValue().toString())));
        return out;
    }

    boolean inBlock() {
        return blockStream != -1;
    }

    void maxTableSize(long size) throws Http2Exception {
        decoder.maxHeaderTableSize(size);
    }
}
