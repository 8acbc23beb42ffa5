package dev.celeris.engine.internal.h1;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpResponse;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.internal.Exchange;
import dev.celeris.engine.internal.ResponseBody;
import dev.celeris.engine.internal.h1.ResponseEncoder.BodyFraming;
import dev.celeris.engine.internal.tunnel.ConnectionTunnel;
import dev.celeris.engine.internal.tunnel.Tunnel;
import dev.celeris.engine.internal.tunnel.TunnelCapable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One request/response {@link Exchange} on an HTTP/1.x connection: the {@link HttpResponse} the
 * handler fills, the task that runs the handler, and the exchange's place in the pipeline.
 *
 * <h2>Threading</h2>
 * The response API is used from the handler's thread. It encodes bytes there and hands them to
 * the I/O thread as {@link Http1Connection#submit submitted} buffers; the fields under "I/O
 * thread" are touched only there. The connection writes an exchange's buffers only while it is
 * the oldest one in flight, so pipelined responses leave in request order. A streaming handler
 * blocks (parks) while more than {@link #HIGH_WATER} bytes of its output are still waiting for
 * the I/O thread, which is how transport back-pressure reaches it.
 */
final class Http1Response extends Exchange implements ResponseBody.Sink, Runnable, BodyPipe.Listener, TunnelCapable {

    private static final System.Logger LOG = System.getLogger(Http1Response.class.getName());
    static final int HIGH_WATER = 64 * 1024;
    private static final int COPY_BODY_LIMIT = 8 * 1024;
    /** The streamed body's buffer for small writes (one chunk per full buffer). */
    private static final int BODY_BUFFER = 8 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    final Http1Connection connection;
    final Http1Request request;
    private final HttpHandler handler;

    // ---- handler thread ----
    private boolean done;
    private BodyFraming framing;
    private long declaredLength;
    private long written;
    private ResponseBody stream;

    // ---- shared ----
    /** Set by the I/O thread: the connection will close after this response (or already did). */
    volatile boolean closeAfter;

    // ---- I/O thread ----
    ArrayDeque<ByteBuffer> pending;
    boolean ended;
    /** The request's unread body is being read and dropped after the response ended. */
    boolean discarding;
    /** An h2c upgrade request: answered by the HTTP/2 connection, not by a handler here. */
    boolean upgrade;
    /** Set (before the 101 is submitted) when the handler switched protocols: the connection becomes this tunnel. */
    ConnectionTunnel tunnel;

    Http1Response(Http1Connection connection, Http1Request request, HttpHandler handler) {
        this.connection = connection;
        this.request = request;
        this.handler = handler;
    }

    /** Runs the handler; on its thread, or inline on the I/O thread for non-blocking handlers. */
    @Override
    public void run() {
        run(handler, request);
    }

    @Override
    protected Throwable finish(Throwable failure) {
        if (failure == null) {
            try {
                if (!done) end();
                return null;
            } catch (Throwable t) {
                failure = t;
            }
        }
        fail(failure);
        return failure;
    }

    @Override
    public BodyPipe requestBody() {
        return request.body;
    }

    @Override
    protected EngineObserver observer() {
        return connection.observer();
    }

    @Override
    protected dev.celeris.spi.Connection transport() {
        return connection.transport();
    }

    /** I/O thread, once: output still queued is dropped (a blocked writer was woken by the failure). */
    @Override
    protected void onRelease() {
        pending = null;
    }

    private void fail(Throwable t) {
        if (gate.failure() != null) {
            LOG.log(Level.DEBUG, "handler failed after the connection closed: {0}", t.toString());
            return;
        }
        if (committed) {
            LOG.log(Level.DEBUG, "handler failed after the response was committed; closing the connection", t);
            done = true;
            connection.submit(this, null, true, true);
            return;
        }
        int code = 500;
        ClientException client = ClientException.in(t);
        if (client != null) {
            LOG.log(Level.DEBUG, "client failure on {0}: {1}", request, client.getMessage());
            if (client.status() == 0) {
                connection.submit(this, null, true, true); // nobody to answer: close
                return;
            }
            code = client.status();
        } else {
            LOG.log(Level.WARNING, "handler failed for " + request, t);
        }
        headers.clear();
        if (trailers != null) trailers.clear();
        stream = null;
        status = code;
        if (code != 500) closeAfter = true;
        send(ByteBuffer.allocate(0));
    }

    // ---- HttpResponse ----

    @Override
    public void sendInterim(int status, Headers headers) {
        checkInterim(status);
        // SPEC: RFC 9110 §15.2 no 1xx responses to HTTP/1.0 clients.
        if (!request.http11) return;
        enqueue(ResponseEncoder.interim(status, headers), false);
    }

    @Override
    public void send(ByteBuffer body) {
        if (committed) throw new IllegalStateException("response already committed");
        int len = body.remaining();
        boolean bodyAllowed = bodyAllowed();
        BodyFraming f = status == 204 || status == 304 ? BodyFraming.NONE : BodyFraming.LENGTH;
        boolean writeBody = bodyAllowed && len > 0 && !request.isHead();
        boolean copy = writeBody && len <= COPY_BODY_LIMIT;
        if (writeBody) bodyBytes += len;
        ByteBuffer head = commit(f, len, copy ? len : 0);
        if (copy) head.put(body);
        head.flip();
        done = true;
        if (writeBody && !copy) {
            enqueue(head, false);
            enqueue(body, true);
        } else {
            enqueue(head, true);
        }
    }

    @Override
    public void end() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "ending the response failed: {0}", e.toString());
            }
        } else if (!done) {
            send(ByteBuffer.allocate(0));
        }
    }

    @Override
    public OutputStream body() {
        if (stream == null) {
            if (done) throw new IllegalStateException("response already ended");
            stream = new ResponseBody(this);
        }
        return stream;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public Tunnel openTunnel(String upgradeToken, Headers responseHeaders) throws IOException {
        if (committed) throw new IllegalStateException("response already committed");
        // SPEC: RFC 9110 §7.8 a server switches protocols only for HTTP/1.1 requests that asked to.
        if (!TunnelUpgrade.asksForUpgrade(request)) throw new IOException("the request did not ask for an upgrade");
        ByteBuffer head = TunnelUpgrade.switchingProtocols(upgradeToken, responseHeaders);
        ConnectionTunnel t = new ConnectionTunnel();
        tunnel = t; // published to the I/O thread through the outbox queue
        committed = true;
        done = true;
        gate.check();
        enqueue(head, true);
        return t;
    }

    // ---- ResponseBody.Sink (handler thread) ----

    @Override
    public int bufferSize() {
        return BODY_BUFFER;
    }

    @Override
    public boolean canSendWhole() {
        return !wantsChunkedForTrailers();
    }

    @Override
    public void sendWhole(ByteBuffer body) {
        send(body);
    }

    /**
     * Encodes body bytes for the wire (a chunk on chunked HTTP/1.1, raw bytes against a declared
     * {@code content-length} or close-delimited on 1.0) into a new buffer: the caller's array is
     * never kept. The last part sends the last chunk with the trailers.
     */
    @Override
    public boolean sendPart(byte[] b, int off, int len, boolean mayKeep, boolean last) throws IOException {
        if (!committed) enqueueBlocking(commitStreaming(), false);
        if (len > 0 && writesBody()) {
            if (!count(len)) {
                abort();
                throw new IOException("response body longer than its content-length");
            }
            ByteBuffer out;
            if (framing == BodyFraming.CHUNKED) {
                String hex = Integer.toHexString(len);
                out = ByteBuffer.allocate(hex.length() + len + 4);
                for (int i = 0; i < hex.length(); i++) out.put((byte) hex.charAt(i));
                out.put((byte) '\r').put((byte) '\n').put(b, off, len).put((byte) '\r').put((byte) '\n');
            } else {
                out = ByteBuffer.allocate(len).put(b, off, len);
            }
            enqueueBlocking(out.flip(), false);
        }
        if (last) {
            done = true;
            if (lengthMismatch()) {
                abort(); // SPEC: RFC 9112 §6.3 a short body must not be followed by another response
                return false;
            }
            ByteBuffer end = framing == BodyFraming.CHUNKED && writesBody()
                    ? ResponseEncoder.lastChunk(trailersOrEmpty())
                    : ByteBuffer.allocate(0);
            enqueueBlocking(end, true);
        }
        return false;
    }

    @Override
    public void check() throws IOException {
        gate.check();
    }


    /** Commits for a streamed body: declared Content-Length, else chunked (1.1), else close-delimited (1.0). */
    ByteBuffer commitStreaming() throws IOException {
        String declared = headers.get("content-length");
        BodyFraming f;
        long length = -1;
        if (!bodyAllowed()) {
            f = BodyFraming.NONE;
        } else if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new IOException("invalid content-length header: " + declared);
            }
            f = BodyFraming.LENGTH;
        } else if (request.http11) {
            f = BodyFraming.CHUNKED;
        } else {
            f = BodyFraming.CLOSE_DELIMITED;
        }
        return commit(f, length, 0).flip();
    }

    /** Commits a complete body of {@code len} buffered bytes; trailers force chunked on 1.1. */
    boolean wantsChunkedForTrailers() {
        return trailers != null && !trailers.isEmpty() && request.http11 && bodyAllowed()
                && headers.get("content-length") == null;
    }


    boolean writesBody() {
        return framing != BodyFraming.NONE && !request.isHead();
    }

    /** Counts streamed body bytes against a declared length; false when they exceed it. */
    boolean count(int n) {
        written += n;
        if (!request.isHead()) bodyBytes += n;
        return framing != BodyFraming.LENGTH || written <= declaredLength;
    }

    boolean lengthMismatch() {
        return framing == BodyFraming.LENGTH && written != declaredLength && !request.isHead();
    }

    Headers trailersOrEmpty() {
        return trailers == null ? Headers.empty() : trailers;
    }


    /** Hands a buffer to the I/O thread, first waiting while too much output is queued. */
    void enqueueBlocking(ByteBuffer buf, boolean last) throws IOException {
        if (connection.inEventLoop()) gate.check(); // inline handler: the I/O thread cannot wait for itself
        else gate.await(HIGH_WATER);
        enqueue(buf, last);
    }

    void abort() {
        done = true;
        connection.submit(this, null, true, true);
    }

    private void enqueue(ByteBuffer buf, boolean last) {
        gate.add(buf.remaining());
        connection.submit(this, buf, last, false);
    }

    /** I/O thread: {@code bytes} of this exchange reached the transport. */
    void written(int bytes) {
        gate.written(bytes, HIGH_WATER / 2);
    }

    private boolean bodyAllowed() {
        // SPEC: RFC 9110 §6.4.1 204 and 304 responses have no content.
        return status != 204 && status != 304;
    }

    private ByteBuffer commit(BodyFraming f, long length, int extra) {
        boolean close = closeAfter || !request.keepAlive || connection.isShuttingDown()
                || f == BodyFraming.CLOSE_DELIMITED || mustCloseForUnreadBody();
        String userConnection = headers.get("connection");
        if (userConnection != null && HttpChars.hasToken(userConnection, "close")) close = true;
        String connectionHeader = close ? "close" : request.http11 ? null : "keep-alive";
        ByteBuffer head = ResponseEncoder.encodeHead(status, headers, f, length, connectionHeader, extra);
        if (close) closeAfter = true;
        framing = f;
        declaredLength = length;
        committed = true;
        return head;
    }

    /**
     * SPEC: RFC 9110 §10.1.1 a client that sent Expect: 100-continue and got no 100 may or may not
     * send the body; the connection cannot be reused safely unless the body arrived.
     */
    private boolean mustCloseForUnreadBody() {
        BodyPipe pipe = request.body;
        return request.expectContinue && pipe != null && !pipe.hasBeenRead() && !pipe.isFinished();
    }

    // ---- BodyPipe.Listener (handler thread) ----

    @Override
    public void onFirstRead() {
        // SPEC: RFC 9110 §10.1.1 send 100 (Continue) once the handler asks for the body.
        if (request.expectContinue && !committed && !request.body.isFinished()) {
            enqueue(ByteBuffer.wrap(CONTINUE), false);
        }
    }

    @Override
    public void onConsumed(int bytes) {
        connection.bodyConsumed(this);
    }

    @Override
    public String toString() {
        return "exchange " + request;
    }
}
