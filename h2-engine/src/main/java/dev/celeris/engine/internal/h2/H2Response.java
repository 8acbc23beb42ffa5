package dev.celeris.engine.internal.h2;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.Exchange;
import dev.celeris.engine.internal.ResponseBody;
import dev.celeris.engine.internal.WriteGate;
import dev.celeris.engine.internal.tunnel.Tunnel;
import dev.celeris.engine.internal.tunnel.TunnelCapable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The exchange of one HTTP/2 stream (see {@link Exchange}): created with the stream, and the
 * response its handler fills. The response API is used by the handler's thread only; every call
 * that puts bytes on the wire becomes a {@link StreamOp} for the I/O thread (see
 * {@link dev.celeris.engine.internal.HandOff}). A buffer passed to {@link #send(ByteBuffer)}
 * belongs to the engine afterwards: the bytes are written from it without a copy.
 */
final class H2Response extends Exchange implements TunnelCapable, ResponseBody.Sink, Runnable {

    /** The streamed body's buffer for small writes (one DATA frame at the default frame size). */
    private static final int BODY_BUFFER = 16 * 1024;
    /** Response bytes a streaming handler may have queued before its writes block. */
    static final long MAX_QUEUED_BYTES = 128 * 1024;

    final H2Stream stream;
    private final Http2ConnectionHandler conn;
    /** Set before the handler starts (published to its thread by the start). */
    private boolean headRequest;
    private boolean inline;
    private boolean done;
    private ResponseBody body;

    H2Response(H2Stream stream, Http2ConnectionHandler conn) {
        super(false); // the gate only when the body streams or the exchange fails
        this.stream = stream;
        this.conn = conn;
    }

    /** I/O thread: the handler is about to start (inline on the I/O thread or not). */
    void prepare(boolean headRequest, boolean inline) {
        this.headRequest = headRequest;
        this.inline = inline;
    }

    @Override
    public dev.celeris.engine.internal.BodyPipe requestBody() {
        H2Request request = stream.request;
        return request == null ? null : request.pipe();
    }

    @Override
    protected void onRelease() {
        conn.streams.released(stream);
    }

    @Override
    protected dev.celeris.spi.Connection transport() {
        return conn.connection;
    }

    @Override
    protected EngineObserver observer() {
        return conn.config.observer();
    }

    /** Runs the handler (its thread, or inline on the I/O thread) with the observer's exchange events. */
    void runHandler() {
        run(conn.handler, stream.request);
    }

    /** {@link #runHandler()}: the exchange is its own task for the handler's thread (no method reference per request). */
    @Override
    public void run() {
        runHandler();
    }

    @Override
    protected Throwable finish(Throwable failure) {
        if (failure != null) {
            ClientException client = ClientException.in(failure);
            if (client != null) {
                Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "client failure on {0}: {1}", stream.request,
                        client.getMessage());
            } else if (failure() == null) {
                Http2ConnectionHandler.LOG.log(System.Logger.Level.WARNING, "handler failed on " + stream.request, failure);
            }
        }
        try {
            complete(failure);
        } catch (RuntimeException e) {
            Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "completing " + stream.request + " failed", e);
        }
        return failure;
    }

    @Override
    public void sendInterim(int status, Headers interimHeaders) {
        checkInterim(status); // SPEC: RFC 9113 §8.1, §8.6
        checkFields(interimHeaders);
        if (stream.failure() != null) return;
        conn.outbox.submit(StreamOp.interim(stream, status, interimHeaders == null ? Headers.empty() : interimHeaders.copy()));
    }

    @Override
    public void send(ByteBuffer content) {
        sendComplete(content, null);
    }

    /** The array goes to the I/O thread as it is: no buffer is made around it (the engine owns it afterwards). */
    @Override
    public void send(byte[] content) {
        sendComplete(null, content);
    }

    /** The whole response, its body {@code content} or {@code array} (one of them). */
    private void sendComplete(ByteBuffer content, byte[] array) {
        if (committed) throw new IllegalStateException("response already committed");
        checkFields(headers);
        committed = true;
        done = true;
        if (stream.failure() != null) return;
        int length = array != null ? array.length : content.remaining();
        boolean bodyAllowed = bodyAllowed(status);
        if (bodyAllowed && !headers.contains("content-length")) headers.add("content-length", decimal(length));
        boolean withBody = !headRequest && bodyAllowed && length > 0;
        if (withBody) {
            // Nothing waits on a whole response: the gate counts it only if it exists (a failure made it).
            WriteGate g = gateIfAny();
            if (g != null) g.add(length);
            bodyBytes += length;
        }
        respond(withBody ? content : null, withBody ? array : null);
    }

    /**
     * Hands the final response (ending the stream) to the I/O thread. An inline handler on the
     * I/O thread, inside the read pass that will drain and flush, with nothing queued before it,
     * and with no request body still readable (ending the stream releases it), writes it at once:
     * the same work in the same order as the queued operation, without allocating one.
     */
    private void respond(ByteBuffer body, byte[] bytes) {
        if (inline && stream.request != null && stream.request.pipe() == null && conn.outbox.canRunNow()) {
            conn.streams.respond(stream, status, headers, body, bytes, true);
        } else {
            conn.outbox.submit(new StreamOp.Respond(stream, status, headers, body, bytes, true));
        }
    }

    @Override
    public void end() {
        if (done) return;
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "ending the response failed: {0}", e.toString());
            }
            return;
        }
        checkFields(headers);
        committed = true;
        done = true;
        if (stream.failure() != null) return;
        respond(null, null);
    }

    @Override
    public OutputStream body() {
        if (body == null) {
            if (done) throw new IllegalStateException("response already ended");
            body = new ResponseBody(this);
        }
        return body;
    }

    @Override
    public boolean isDone() {
        return done || stream.failure() != null;
    }

    /**
     * RFC 8441 §5: a 2xx answer to an extended CONNECT opens the tunnel; the request's DATA
     * frames are its input, our DATA frames its output, both under HTTP/2 flow control.
     */
    @Override
    public Tunnel openTunnel(String upgradeToken, Headers tunnelHeaders) throws IOException {
        if (committed) throw new IllegalStateException("response already committed");
        if (!"CONNECT".equals(stream.request.method()) || stream.request.connectProtocol() == null) {
            throw new IOException("only an extended CONNECT (RFC 8441) opens a tunnel on HTTP/2");
        }
        if (stream.failure() != null) throw new IOException(stream.failure());
        status = 200;
        for (int i = 0; i < tunnelHeaders.size(); i++) headers.set(tunnelHeaders.name(i), tunnelHeaders.value(i));
        commitStreaming();
        OutputStream out = body();
        InputStream in = stream.request.body();
        return new Tunnel() {
            @Override
            public InputStream input() {
                return in;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public void abort() {
                if (stream.failure() == null) conn.outbox.submit(StreamOp.reset(stream, H2Error.CANCEL));
            }
        };
    }

    // ---- ResponseBody.Sink (handler thread)

    @Override
    public int bufferSize() {
        return BODY_BUFFER;
    }

    @Override
    public boolean canSendWhole() {
        return true; // trailers too: see sendBuffered
    }

    @Override
    public void sendWhole(ByteBuffer content) {
        if (stream.failure() != null) {
            done = true;
            return;
        }
        sendBuffered(content);
    }

    @Override
    public boolean sendPart(byte[] b, int off, int len, boolean mayKeep, boolean last) throws IOException {
        if (stream.failure() != null) {
            if (last) { // closing a body whose stream is gone: nothing to end
                done = true;
                return false;
            }
            check();
        }
        commitStreaming();
        if (len > 0) {
            sendData(mayKeep ? ByteBuffer.wrap(b, off, len) : ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, off, off + len)), false);
        }
        if (last) finishStreaming();
        else if (len > 0) awaitWritable();
        return mayKeep && len > 0;
    }

    /** {@link WriteGate#check()} without making a gate: an exchange that never failed has nothing to report. */
    @Override
    public void check() throws IOException {
        String f = failure();
        if (f != null) throw new ClientException(0, f);
    }


    /** Sends the status and headers without ending the stream. */
    void commitStreaming() {
        if (committed) return;
        checkFields(headers);
        committed = true;
        conn.outbox.submit(StreamOp.headers(stream, status, headers, null, false));
    }

    /** Sends a complete buffered body (nothing committed yet) with content-length, ending the stream. */
    void sendBuffered(ByteBuffer content) {
        if (trailers == null || trailers.isEmpty()) {
            send(content);
            return;
        }
        commitStreaming();
        sendData(content, false);
        finishStreaming();
    }

    /** Queues body bytes; blocks while too much is queued (peer windows, slow transport). */
    void sendData(ByteBuffer data, boolean end) {
        int n = data.remaining();
        if (headRequest) {
            if (end) submitEnd();
            return;
        }
        gate().add(n);
        bodyBytes += n;
        conn.outbox.submit(StreamOp.data(stream, data, end));
        if (end) done = true;
    }

    void awaitWritable() throws java.io.IOException {
        if (!inline) gate().await(MAX_QUEUED_BYTES);
        else check();
    }

    /** Ends a streamed response: trailers if any, else END_STREAM. */
    void finishStreaming() {
        if (done) return;
        commitStreaming();
        if (trailers != null && !trailers.isEmpty()) {
            checkFields(trailers);
            done = true;
            conn.outbox.submit(StreamOp.trailers(stream, trailers.copy()));
        } else {
            submitEnd();
        }
    }

    private void submitEnd() {
        done = true;
        conn.outbox.submit(StreamOp.data(stream, null, true));
    }

    boolean isHeadRequest() {
        return headRequest;
    }

    /** After the handler returned or threw: complete the response (§8.1), or 500 / RST INTERNAL_ERROR. */
    void complete(Throwable error) {
        if (error == null) {
            try {
                if (!done && stream.failure() == null) end();
                return;
            } catch (RuntimeException e) { // e.g. invalid trailers: the stream must still end
                error = e;
            }
        }
        if (stream.failure() != null) return;
        ClientException client = ClientException.in(error);
        if (!committed && (client == null || client.status() > 0)) {
            headers.clear();
            status = client == null ? 500 : client.status();
            send(ByteBuffer.allocate(0));
        } else if (!done) {
            done = true;
            conn.outbox.submit(StreamOp.reset(stream, client == null ? H2Error.INTERNAL_ERROR : H2Error.CANCEL));
        }
    }

    private static final String[] DECIMALS = new String[4096];

    /** {@code Integer.toString} with the small values cached (immutable strings: a racy fill is safe). */
    static String decimal(int n) {
        if (n >= DECIMALS.length) return Integer.toString(n);
        String s = DECIMALS[n];
        if (s == null) DECIMALS[n] = s = Integer.toString(n);
        return s;
    }

    static boolean bodyAllowed(int status) {
        return status != 204 && status != 304;
    }
}
