package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;

/**
 * Push decoder for the chunked transfer coding (RFC 9112 §7.1): chunk-size lines with optional
 * extensions (ignored), chunk data handed to a {@link Sink} as slices of the input (no copy
 * here), and the trailer section. Any split of the input decodes the same.
 *
 * <p>Strict like the head parser: chunk lines end in CRLF, data is followed by CRLF, the size is
 * hex without sign or whitespace before it; anything else is 400. The size line (with its
 * extensions) is capped at {@value #MAX_CHUNK_LINE} bytes; trailers obey the header limits.
 */
final class ChunkedDecoder {

    /** Receives decoded body bytes; {@code data} is valid only during the call. */
    interface Sink {
        void onBody(ByteBuffer data);
    }

    static final int MAX_CHUNK_LINE = 4096;

    private enum State { SIZE, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

    private final int maxTrailerBytes;
    private final int maxTrailerFields;
    private final byte[] line;
    private State state = State.SIZE;
    private int len;
    private long remaining;
    private int trailerBytes;
    private Headers trailers;

    ChunkedDecoder(int maxTrailerBytes, int maxTrailerFields) {
        this.maxTrailerBytes = maxTrailerBytes;
        this.maxTrailerFields = maxTrailerFields;
        this.line = new byte[Math.max(MAX_CHUNK_LINE, maxTrailerBytes) + 2];
    }

    /**
     * Decodes from {@code in}, stopping after the last chunk's trailer section.
     *
     * @return true when the body is complete (the rest of {@code in} belongs to the next request)
     */
    boolean decode(ByteBuffer in, Sink sink) throws Http1Exception {
        while (in.hasRemaining()) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    int oldLimit = in.limit();
                    in.limit(in.position() + n);
                    sink.onBody(in);
                    in.position(in.limit()).limit(oldLimit);
                    remaining -= n;
                    if (remaining == 0) state = State.DATA_CR;
                }
                case DATA_CR -> {
                    if (in.get() != '\r') throw new Http1Exception(400, "chunk data not followed by CRLF");
                    state = State.DATA_LF;
                }
                case DATA_LF -> {
                    if (in.get() != '\n') throw new Http1Exception(400, "chunk data not followed by CRLF");
                    state = State.SIZE;
                }
                case SIZE, TRAILER -> {
                    if (readLine(in)) {
                        if (state == State.SIZE) {
                            onSizeLine();
                        } else if (onTrailerLine()) {
                            state = State.DONE;
                            return true;
                        }
                    }
                }
                case DONE -> {
                    return true;
                }
            }
        }
        return state == State.DONE;
    }

    /** Prepares for the next chunked body. */
    void reset() {
        state = State.SIZE;
        len = 0;
        remaining = 0;
        trailerBytes = 0;
        trailers = null;
    }

    /** Trailers received (empty when none); valid once {@link #decode} returned true. */
    Headers trailers() {
        return trailers == null ? Headers.empty() : trailers.readOnly();
    }

    /** Accumulates one line; true when its CRLF arrived ({@code len} excludes the CRLF). */
    private boolean readLine(ByteBuffer in) throws Http1Exception {
        int cap = state == State.SIZE ? MAX_CHUNK_LINE + 1 : maxTrailerBytes - trailerBytes + 1;
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (len == 0 || line[len - 1] != '\r') throw new Http1Exception(400, "bare LF in chunked body");
                len--;
                return true;
            }
            if (len >= cap) {
                if (state == State.SIZE) throw new Http1Exception(400, "chunk size line too long");
                throw new Http1Exception(431, "maxHeaderBytes", "trailer section larger than " + maxTrailerBytes + " bytes");
            }
            line[len++] = b;
        }
        return false;
    }

    // SPEC: RFC 9112 §7.1 chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
    private void onSizeLine() throws Http1Exception {
        int i = 0;
        long size = 0;
        while (i < len) {
            int d = Character.digit(line[i], 16);
            if (d < 0) break;
            if (size > (Long.MAX_VALUE >> 4)) throw new Http1Exception(400, "chunk size overflows");
            size = (size << 4) | d;
            i++;
        }
        if (i == 0) throw new Http1Exception(400, "invalid chunk size");
        // SPEC: RFC 9112 §7.1.1 chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): ignored,
        // but it must start with ';' (after optional whitespace) and hold no control characters.
        int j = i;
        while (j < len && HttpChars.isOws(line[j])) j++;
        if (j < len && line[j] != ';') throw new Http1Exception(400, "invalid chunk size");
        for (int k = j; k < len; k++) {
            if (!HttpChars.isFieldValueByte(line[k])) throw new Http1Exception(400, "control character in chunk extension");
        }
        len = 0;
        if (size == 0) {
            state = State.TRAILER;
        } else {
            remaining = size;
            state = State.DATA;
        }
    }

    /** A trailer field line; true on the empty line that ends the message. */
    private boolean onTrailerLine() throws Http1Exception {
        if (len == 0) return true;
        trailerBytes += len + 2;
        if (trailers == null) trailers = new Headers(4);
        if (trailers.size() >= maxTrailerFields) throw new Http1Exception(431, "maxHeaderFields", "more than " + maxTrailerFields + " trailer fields");
        FieldLines.parse(line, len, trailers);
        len = 0;
        return false;
    }
}
