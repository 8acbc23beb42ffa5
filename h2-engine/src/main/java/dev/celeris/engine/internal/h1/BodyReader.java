package dev.celeris.engine.internal.h1;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;

/**
 * Reads one request body off the connection's input (I/O thread): {@code Content-Length} bytes
 * or the chunked coding, enforcing {@code maxRequestBodySize}. Bytes go to the request's
 * {@link dev.celeris.engine.internal.BodyPipe}, into the buffer of an h2c upgrade request, or
 * nowhere when the response is already sent (skipped, up to {@link #DISCARD_LIMIT}).
 */
final class BodyReader {

    /** Unread request body bytes skipped after a response before the connection is closed instead. */
    static final long DISCARD_LIMIT = 1024 * 1024;

    private final long maxBodySize;
    private final int maxTrailerBytes;
    private final int maxTrailerFields;
    private ChunkedDecoder chunked;
    private boolean isChunked;
    private long remaining;
    private long received;
    private byte[] upgradeBody;

    BodyReader(EngineConfig config) {
        this.maxBodySize = config.maxRequestBodySize();
        this.maxTrailerBytes = config.http1().maxHeaderBytes();
        this.maxTrailerFields = config.http1().maxHeaderFields();
    }

    /** Starts reading the body of {@code ex}'s request. */
    void start(Http1Response ex) {
        Http1Request req = ex.request;
        received = 0;
        isChunked = req.framing == Http1Request.Framing.CHUNKED;
        if (isChunked) {
            if (chunked == null) chunked = new ChunkedDecoder(maxTrailerBytes, maxTrailerFields);
            chunked.reset();
        } else {
            remaining = req.contentLength;
        }
        if (ex.upgrade) upgradeBody = new byte[(int) Math.max(0, req.contentLength)];
    }

    /**
     * Consumes body bytes of {@code ex} from {@code in}.
     *
     * @return true when the body is complete
     * @throws Http1Exception 400 for malformed chunking, 413 above the body size limit (or an
     *     unread body too large to skip), 431 for oversized trailers
     */
    boolean read(ByteBuffer in, Http1Response ex) throws Http1Exception {
        try {
            if (isChunked) return chunked.decode(in, data -> accept(ex, data));
            int n = (int) Math.min(remaining, in.remaining());
            int oldLimit = in.limit();
            in.limit(in.position() + n);
            accept(ex, in);
            in.position(in.limit()).limit(oldLimit);
            remaining -= n;
            return remaining == 0;
        } catch (LimitExceeded e) {
            throw new Http1Exception(413, "maxRequestBodySize", e.getMessage());
        }
    }

    /** Trailers of a completed chunked body; null for a Content-Length body. */
    Headers trailers() {
        return isChunked ? chunked.trailers() : null;
    }

    /** The complete body of an h2c upgrade request (empty when it had none). */
    byte[] takeUpgradeBody() {
        byte[] body = upgradeBody == null ? new byte[0] : upgradeBody;
        upgradeBody = null;
        return body;
    }

    private void accept(Http1Response ex, ByteBuffer data) {
        int n = data.remaining();
        received += n;
        if (ex.upgrade) {
            data.get(upgradeBody, (int) (received - n), n);
        } else if (ex.discarding) {
            data.position(data.limit());
            if (received > DISCARD_LIMIT) throw new LimitExceeded("unread request body too large to skip");
        } else {
            if (maxBodySize >= 0 && received > maxBodySize) {
                throw new LimitExceeded("request body above the limit of " + maxBodySize + " bytes");
            }
            ex.request.body.offer(data);
        }
    }

    /** Unwinds out of the chunked decoder's sink. */
    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }
}
