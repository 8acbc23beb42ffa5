package dev.celeris.compliance.client;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One frame as read from the server. For the frame that ends a header block (HEADERS or
 * CONTINUATION with END_HEADERS) the reader attaches the decoded fields, or the decoding error.
 *
 * @param length   the length field as received
 * @param headers  decoded fields of the completed header block, in order; {@code null} otherwise
 * @param hpackError why the completed block failed to decode; {@code null} when it decoded
 */
public record Frame(int length, int type, int flags, int streamId, byte[] payload,
                    List<Map.Entry<String, String>> headers, String hpackError) {

    public boolean is(int frameType) {
        return type == frameType;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public boolean endStream() {
        return (type == H2.DATA || type == H2.HEADERS) && hasFlag(H2.FLAG_END_STREAM);
    }

    /** The error code of a RST_STREAM or GOAWAY frame. */
    public long errorCode() {
        ByteBuffer b = ByteBuffer.wrap(payload);
        if (type == H2.RST_STREAM && payload.length >= 4) return Integer.toUnsignedLong(b.getInt(0));
        if (type == H2.GOAWAY && payload.length >= 8) return Integer.toUnsignedLong(b.getInt(4));
        return -1;
    }

    /** Last-Stream-ID of a GOAWAY frame. */
    public int lastStreamId() {
        return type == H2.GOAWAY && payload.length >= 4 ? ByteBuffer.wrap(payload).getInt(0) & 0x7fff_ffff : -1;
    }

    /** The value of the first field called {@code name}, or {@code null}. */
    public String header(String name) {
        if (headers == null) return null;
        for (Map.Entry<String, String> e : headers) {
            if (e.getKey().equals(name)) return e.getValue();
        }
        return null;
    }

    /** Settings of a SETTINGS frame as (id, value) pairs in order. */
    public List<long[]> settings() {
        java.util.ArrayList<long[]> out = new java.util.ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.remaining() >= 6) {
            out.add(new long[] {b.getShort() & 0xffff, Integer.toUnsignedLong(b.getInt())});
        }
        return out;
    }

    /** One line in the style of okhttp's frame logger: {@code 0x00000001  12 HEADERS END_HEADERS}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format("0x%08x %5d %s", streamId, length, H2.typeName(type)));
        String f = H2.flagNames(type, flags);
        if (!f.isEmpty()) b.append(' ').append(f);
        if (type == H2.RST_STREAM || type == H2.GOAWAY) b.append(' ').append(H2.errorName(errorCode()));
        if (type == H2.GOAWAY) b.append(" last=").append(lastStreamId());
        if (type == H2.WINDOW_UPDATE && payload.length == 4) b.append(" +").append(ByteBuffer.wrap(payload).getInt() & 0x7fff_ffff);
        if (headers != null && headers.size() <= 4) b.append(' ').append(headers);
        else if (headers != null) b.append(" :status=").append(header(":status"));
        if (hpackError != null) b.append(" hpack-error=").append(hpackError);
        return b.toString();
    }
}
