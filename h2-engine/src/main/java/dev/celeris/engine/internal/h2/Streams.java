package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.H2Error.*;
import static dev.celeris.engine.internal.h2.H2Exception.connectionError;
import static dev.celeris.engine.internal.h2.H2Exception.streamError;

import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.internal.ExchangeState;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.engine.internal.h2.frame.FrameListener.Priority;
import dev.celeris.engine.internal.h2.frame.Frames;
import dev.celeris.engine.internal.h2.frame.Settings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Stream life cycle on the I/O thread: opening streams from HEADERS (with the §8 checks and
 * the limits), request bodies and trailers, resets both ways, closing with bounded
 * bookkeeping, and handing requests to the {@link Dispatcher}. Responses are written by
 * {@link ResponseWriter}.
 */
final class Streams extends ResponseWriter {

    /** Created by the first request handed to a handler: an idle connection has none. */
    private Dispatcher dispatcher;

    Streams(Http2ConnectionHandler conn) {
        super(conn);
    }

    private Dispatcher dispatcher() {
        if (dispatcher == null) dispatcher = new Dispatcher(conn);
        return dispatcher;
    }

    /** HEADERS opening a new stream (§5.1 idle → open / half-closed (remote)). */
    void open(int streamId, ByteBuffer block, boolean endStream, Priority priority) throws H2Exception {
        HeaderCodec.Result result = conn.codec().decode(block, streamId, false);
        StreamRegistry registry = conn.registry;
        registry.skipTo(streamId); // SPEC: RFC 9113 §5.1.1 using an id closes lower idle ids
        // SPEC: RFC 9113 §5.3.1 a stream cannot depend on itself
        if (priority != null && priority.streamDependency() == streamId) {
            throw streamError(streamId, PROTOCOL_ERROR, "stream %d depends on itself", streamId);
        }
        // SPEC: RFC 9113 §6.8 after the final GOAWAY new streams are not processed
        if (conn.finalGoAwaySent) {
            refuse(streamId);
            return;
        }
        // SPEC: RFC 9113 §5.1.2 above MAX_CONCURRENT_STREAMS: REFUSED_STREAM
        if (registry.activeCount() >= conn.h2.maxConcurrentStreams()) {
            refuse(streamId);
            return;
        }
        RequestHeaderValidator v = conn.codec().validator;
        H2Stream stream = newStream(streamId);
        stream.state = endStream ? StreamState.HALF_CLOSED_REMOTE : StreamState.OPEN;
        if (result == HeaderCodec.Result.TOO_LARGE) {
            registry.add(stream);
            respondDirect(stream, 431);
            return;
        }
        String malformed = v.finish();
        if (malformed != null) throw streamError(streamId, PROTOCOL_ERROR, "malformed request: %s", malformed);
        // SPEC: RFC 9113 §8.1.1 END_STREAM with a non-zero content-length is malformed
        if (endStream && v.contentLength > 0) {
            throw streamError(streamId, PROTOCOL_ERROR, "content-length %d but no body", v.contentLength);
        }
        stream.declaredContentLength = v.contentLength;
        registry.add(stream);
        long maxBody = conn.config.maxRequestBodySize();
        if (maxBody >= 0 && v.contentLength > maxBody) {
            respondDirect(stream, 413);
            return;
        }
        BodyPipe body = null;
        if (!endStream) {
            int threshold = Math.max(1, conn.h2.initialStreamWindowSize() / 4);
            body = new BodyPipe(new BodyPipe.Listener() {
                @Override
                public void onConsumed(int bytes) {
                    conn.outbox.submit(StreamOp.consumed(stream, bytes));
                }
            }, threshold);
        }
        stream.request = new H2Request(streamId, v.method, v.path, v.scheme, v.authority, v.headers, v.contentLength,
                body, conn.connection.remoteAddress(), conn.connection.localAddress());
        stream.request.tlsSession = conn.connection.tlsSession();
        stream.request.connectProtocol = v.protocol;
        stream.inline = !conn.handler.isBlocking(stream.request);
        conn.lastAcceptedStreamId = streamId;
        conn.armProgress();
        conn.events.streamOpened(streamId);
        if (!stream.inline || endStream) dispatcher().dispatch(stream);
    }

    private H2Stream newStream(int streamId) {
        conn.openOutbox();
        int window = conn.h2.initialStreamWindowSize();
        // Until our SETTINGS are acknowledged the peer may still assume the default 65,535 (§6.9.2).
        if (!conn.settingsAcknowledged) window = Math.max(window, Frames.DEFAULT_WINDOW_SIZE);
        return new H2Stream(streamId, window, conn.peer.initialWindowSize, conn);
    }

    /** Our INITIAL_WINDOW_SIZE took effect: shrink the windows streams got before the ACK. */
    void localWindowAcknowledged() {
        int configured = conn.h2.initialStreamWindowSize();
        if (configured >= Frames.DEFAULT_WINDOW_SIZE) return;
        for (H2Stream s : conn.registry.active()) s.shrinkReceiveWindow(Frames.DEFAULT_WINDOW_SIZE - configured);
    }

    private void refuse(int streamId) {
        writeReset(streamId, REFUSED_STREAM);
        conn.registry.remember(streamId, StreamRegistry.Closure.RESET_SENT);
    }

    /** DATA for an open stream (flow control already charged; unread bytes return at release). */
    void bodyData(H2Stream stream, ByteBuffer data, boolean endStream) throws H2Exception {
        int length = data.remaining();
        stream.receivedBodyBytes += length;
        stream.response.progressed();
        // SPEC: RFC 9113 §8.1.1 more DATA than content-length is malformed
        if (stream.declaredContentLength >= 0 && stream.receivedBodyBytes > stream.declaredContentLength) {
            throw H2Exception.badBody(stream.id, PROTOCOL_ERROR, "DATA exceeds content-length %d", stream.declaredContentLength);
        }
        long maxBody = conn.config.maxRequestBodySize();
        if (maxBody >= 0 && stream.receivedBodyBytes > maxBody) {
            if (stream.response.state() == ExchangeState.OPEN) {
                respondDirect(stream, 413);
                return;
            }
            stream.fail("request body exceeds " + maxBody + " bytes");
            throw H2Exception.badBody(stream.id, CANCEL, "request body exceeds %d bytes", maxBody);
        }
        BodyPipe body = stream.body();
        if (body == null) {
            conn.flow.consumed(stream, length); // no reader: dropped at once
        } else {
            body.offer(data);
        }
        if (endStream) {
            endOfRequest(stream, null);
        } else if (stream.inline && stream.response.state() == ExchangeState.OPEN && windowsLow(stream)) {
            // An inline handler waits for the whole body, but the peer cannot send it: the window
            // is credited only as the body is read. Run the handler on a thread so it can read.
            stream.inline = false;
            dispatcher().dispatch(stream);
        }
    }

    private boolean windowsLow(H2Stream stream) {
        return stream.inbound().window() < Frames.DEFAULT_MAX_FRAME_SIZE
                || conn.flow.inbound().window() < Frames.DEFAULT_MAX_FRAME_SIZE;
    }

    /** A second HEADERS on an active stream: trailers (§8.1). */
    void trailers(H2Stream stream, ByteBuffer block, boolean endStream) throws H2Exception {
        HeaderCodec.Result result = conn.codec().decode(block, stream.id, true);
        // SPEC: RFC 9113 §5.1 half-closed (remote): HEADERS is a STREAM_CLOSED stream error
        if (!stream.state.canReceive()) throw streamError(stream.id, STREAM_CLOSED, "HEADERS after END_STREAM");
        // SPEC: RFC 9113 §8.1 trailers must end the stream
        if (!endStream) throw streamError(stream.id, PROTOCOL_ERROR, "trailers without END_STREAM");
        if (result == HeaderCodec.Result.TOO_LARGE) throw streamError(stream.id, PROTOCOL_ERROR, "trailers too large");
        String malformed = conn.codec().validator.finish();
        if (malformed != null) throw streamError(stream.id, PROTOCOL_ERROR, "malformed trailers: %s", malformed);
        Headers trailers = conn.codec().validator.headers;
        endOfRequest(stream, trailers == null ? Headers.empty() : trailers);
    }

    private void endOfRequest(H2Stream stream, Headers trailers) throws H2Exception {
        // SPEC: RFC 9113 §8.1.1 the DATA total must equal content-length
        if (stream.declaredContentLength >= 0 && stream.receivedBodyBytes != stream.declaredContentLength) {
            throw H2Exception.badBody(stream.id, PROTOCOL_ERROR, "body of %d bytes, content-length %d",
                    stream.receivedBodyBytes, stream.declaredContentLength);
        }
        stream.state = stream.state.onReceiveEndStream();
        if (stream.body() != null) stream.body().finish(trailers);
        if (stream.state == StreamState.CLOSED) {
            release(stream, StreamRegistry.Closure.ENDED, null);
        } else if (stream.inline && stream.response.state() == ExchangeState.OPEN && stream.request != null) {
            dispatcher().dispatch(stream);
        }
    }

    /** The peer reset {@code stream} (§6.4): its handler's I/O fails. */
    void resetByPeer(H2Stream stream, long errorCode) {
        stream.fail("stream reset by peer: " + H2Error.name(errorCode));
        release(stream, StreamRegistry.Closure.RESET_RECEIVED, ClientFailure.RESET);
    }

    /**
     * A stream error: RST_STREAM and close. Server-sent resets are counted (MadeYouReset,
     * CVE-2025-8671); too many in the window end the connection with ENHANCE_YOUR_CALM.
     */
    void resetFromError(int streamId, H2Error error, ClientFailure kind) {
        if (!conn.serverResets().record()) {
            conn.onError(H2Exception.limitExceeded("maxServerResetsPerWindow", "more than %d streams reset by the server",
                    conn.h2.maxServerResetsPerWindow()));
            return;
        }
        H2Stream stream = conn.registry.get(streamId);
        writeReset(streamId, error);
        if (stream != null) {
            stream.fail("stream reset: " + error);
            release(stream, StreamRegistry.Closure.RESET_SENT, kind);
        } else {
            conn.registry.remember(streamId, StreamRegistry.Closure.RESET_SENT);
            conn.clientFailure(kind); // the stream had no exchange (yet): count the failure all the same
        }
    }

    /**
     * The progress deadline expired for {@code stream} (the peer neither reads its response nor
     * sends its body): RST_STREAM CANCEL, and its handler's blocked I/O fails. Not counted as a
     * server reset: the peer stalled, no frame of it was wrong.
     */
    void cancelStalled(H2Stream stream) {
        Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "{0}: no progress for {1}, reset", stream,
                conn.config.progressTimeout());
        writeReset(stream.id, CANCEL);
        stream.fail("no progress for " + conn.config.progressTimeout());
        release(stream, StreamRegistry.Closure.RESET_SENT, ClientFailure.STALLED);
    }

    /** The peer's input ended before {@code stream}'s request did: RST_STREAM CANCEL. */
    void cancelIncomplete(H2Stream stream) {
        writeReset(stream.id, CANCEL);
        stream.fail("input closed before the request ended");
        release(stream, StreamRegistry.Closure.RESET_SENT, ClientFailure.DISCONNECTED);
    }

    void applyPeerSettings(Settings settings) throws H2Exception {
        conn.peer.apply(settings, new PeerSettings.Changes() {
            @Override
            public void initialWindowDelta(long delta) throws H2Exception {
                conn.flow.initialWindowChanged(conn.registry.active(), delta);
            }

            @Override
            public void headerTableSize(long size) {
                conn.peerTableSize(size);
            }

            @Override
            public void maxFrameSize(int size) {
                conn.flow.peerMaxFrameSize(size);
                conn.out.peerMaxFrameSize(size);
            }
        });
    }

    /** h2c (RFC 7540 §3.2): the upgraded HTTP/1.1 request becomes stream 1, half-closed (remote). */
    void openUpgraded(UpgradeRequest request) throws H2Exception {
        if (request.http2Settings() != null) applyPeerSettings(PeerSettings.parsePayload(request.http2Settings()));
        H2Stream stream = newStream(1);
        stream.state = StreamState.HALF_CLOSED_REMOTE;
        byte[] body = request.body() == null ? new byte[0] : request.body();
        BodyPipe pipe = BodyPipe.ofComplete(body);
        stream.receivedBodyBytes = body.length;
        String target = request.rawQuery() == null ? request.path() : request.path() + "?" + request.rawQuery();
        Headers headers = request.headers() == null ? new Headers(0) : request.headers().copy();
        for (String name : new String[] {"connection", "upgrade", "http2-settings", "keep-alive", "transfer-encoding"}) {
            headers.remove(name);
        }
        stream.request = new H2Request(1, request.method(), target, "http", request.authority(), headers, body.length,
                pipe, conn.connection.remoteAddress(), conn.connection.localAddress());
        stream.inline = !conn.handler.isBlocking(stream.request);
        conn.registry.add(stream);
        conn.lastAcceptedStreamId = 1;
        conn.events.streamOpened(1);
        dispatcher().dispatch(stream);
    }

    /** Answers {@code stream} from the I/O thread (431, 413) and asks the peer to stop sending. */
    private void respondDirect(H2Stream stream, int status) {
        // No handler will run (the exchange stays OPEN until the response ends); the body is dropped at release.
        Headers headers = new Headers(1).add("content-length", "0");
        writeHeaders(stream, status, headers, true);
        endStreamSent(stream);
    }

    /**
     * Ends {@code stream}'s exchange, whichever way: {@link dev.celeris.engine.internal.Exchange#release},
     * which acts once (a second call does nothing) and calls back {@link #released}.
     *
     * @param clientFailure what the client did, when it caused the end; null otherwise
     */
    @Override
    void release(H2Stream stream, StreamRegistry.Closure how, ClientFailure clientFailure) {
        if (stream.isReleased()) return;
        stream.closing = how;
        stream.response.release(clientFailure);
    }

    /**
     * The HTTP/2 part of the one release (once per exchange, after its buffered request bytes were
     * dropped): the stream is closed and forgotten (bounded memory), its queued output dropped,
     * it leaves every wait queue, and the body bytes it received and did not give back return to
     * the connection window.
     */
    void released(H2Stream stream) {
        stream.state = StreamState.CLOSED;
        conn.flow.release(stream);
        conn.registry.remove(stream, stream.closing);
        if (conn.registry.activeCount() == 0) conn.activity();
    }

    /** The connection is gone: every exchange is released and its handler's I/O fails. */
    void failAll(String reason, ClientFailure clientFailure) {
        for (H2Stream s : conn.registry.active()) {
            s.fail(reason);
            release(s, StreamRegistry.Closure.RESET_SENT, clientFailure);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
