package dev.celeris.benchmarks.soak;

import dev.celeris.engine.internal.h2.H2Exception;
import dev.celeris.engine.internal.h2.frame.FrameListener;
import dev.celeris.engine.internal.h2.frame.FrameParser;
import dev.celeris.engine.internal.h2.frame.Settings;
import dev.celeris.engine.internal.hpack.HpackDecoder;
import dev.celeris.engine.internal.hpack.HpackEncoder;
import dev.celeris.engine.internal.hpack.HpackException;
import dev.celeris.engine.internal.hpack.HpackOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/2 client over a plain socket that keeps the books a stock client hides: the
 * connection send window as it sees it (initial 65,535 + every connection WINDOW_UPDATE − every
 * flow-controlled DATA octet sent), so a soak can check that the server returns the credit of
 * every upload it consumed, rejected or saw cancelled. Streams run concurrently; one reader
 * thread parses frames with the engine's own parser and HPACK decoder.
 */
final class H2Client implements AutoCloseable {

    /** What a stream ended with. {@code status} 0 when no response; {@code resetCode} -1 when not reset. */
    record Result(int status, long bodyBytes, long resetCode, boolean refused) {
        boolean complete() {
            return status > 0 && resetCode < 0 && !refused;
        }
    }

    private static final class Stream {
        final CompletableFuture<Result> done = new CompletableFuture<>();
        int status;
        long body;
        long sendWindow;
        boolean ended;
        final boolean slow;

        Stream(long window, boolean slow) {
            this.sendWindow = window;
            this.slow = slow;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
    private final HpackOutput hpack = new HpackOutput();
    private final String authority;
    private int nextStreamId = 1;
    private long initialStreamWindow = 65_535;
    private long connWindow = 65_535;
    private long credit;
    private long dataSent;
    private long peakWindow = 65_535;
    private volatile int goAwayLastStreamId = Integer.MAX_VALUE;
    private volatile long goAwayError = -1;
    private volatile String goAwayDebug = "";
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger resetsSent = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread reader;

    H2Client(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        out = socket.getOutputStream();
        authority = host + ":" + port;
        write(ByteBuffer.wrap("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        // SETTINGS: a 1 MiB stream window for downloads; then open the connection window as much.
        ByteBuffer b = ByteBuffer.allocate(9 + 6 + 13);
        frame(b, 6, 4, 0, 0).putShort((short) Settings.INITIAL_WINDOW_SIZE).putInt(1 << 20);
        frame(b, 4, 8, 0, 0).putInt((1 << 20) - 65_535);
        write(b.flip());
        reader = Thread.ofPlatform().daemon().name("h2client-reader").start(this::readLoop);
    }

    long connectionWindow() {
        synchronized (this) {
            return connWindow;
        }
    }

    synchronized long peakWindow() {
        return peakWindow;
    }

    synchronized long credit() {
        return credit;
    }

    synchronized long dataSent() {
        return dataSent;
    }

    int resetsSent() {
        return resetsSent.get();
    }

    int goAwayLastStreamId() {
        return goAwayLastStreamId;
    }

    long goAwayError() {
        return goAwayError;
    }

    /** The last GOAWAY's error code and debug text, for reports. */
    String goAway() {
        return goAwayError + " " + goAwayDebug;
    }

    boolean isClosed() {
        return closed;
    }

    /** Opens a stream: HEADERS (END_STREAM when {@code body} is null). Returns its id. */
    int start(String method, String path, Map<String, String> headers, boolean hasBody, boolean slowReader) throws IOException {
        synchronized (this) {
            int id = nextStreamId;
            nextStreamId += 2;
            streams.put(id, new Stream(initialStreamWindow, slowReader));
            hpack.reset();
            encoder.beginBlock(hpack);
            encoder.encode(":method", method, hpack);
            encoder.encode(":scheme", "http", hpack);
            encoder.encode(":authority", authority, hpack);
            encoder.encode(":path", path, hpack);
            for (Map.Entry<String, String> h : headers.entrySet()) encoder.encode(h.getKey(), h.getValue(), hpack);
            ByteBuffer b = ByteBuffer.allocate(9 + hpack.size());
            frame(b, hpack.size(), 1, hasBody ? 0x4 : 0x5, id);
            hpack.writeTo(b);
            write(b.flip());
            return id;
        }
    }

    /**
     * Sends {@code len} body octets honouring both send windows, END_STREAM at the end unless
     * {@code stopAfter} octets were sent first, in which case the stream is reset with CANCEL.
     * Stops early (without error) if the server reset or finished the stream.
     */
    void sendBody(int id, byte[] body, long stopAfter, long timeoutMillis) throws IOException, InterruptedException {
        Stream s = streams.get(id);
        int pos = 0;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (pos < body.length) {
            if (pos >= stopAfter) {
                rst(id, 8);
                return;
            }
            int n;
            synchronized (this) {
                while (!s.done.isDone() && (connWindow <= 0 || s.sendWindow <= 0) && !closed) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) throw new IOException("upload stalled: connection window " + connWindow + ", stream window " + s.sendWindow);
                    wait(left);
                }
                if (s.done.isDone() && s.ended || closed) return;   // reset by the server: stop sending
                n = (int) Math.min(Math.min(16_384, body.length - pos), Math.min(connWindow, s.sendWindow));
                if (stopAfter < body.length) n = (int) Math.min(n, Math.max(1, stopAfter - pos));
                connWindow -= n;
                s.sendWindow -= n;
                dataSent += n;
                boolean end = pos + n == body.length;
                ByteBuffer b = ByteBuffer.allocate(9 + n);
                frame(b, n, 0, end ? 0x1 : 0, id).put(body, pos, n);
                write(b.flip());
            }
            pos += n;
        }
    }

    void rst(int id, int code) throws IOException {
        resetsSent.incrementAndGet();
        ByteBuffer b = ByteBuffer.allocate(13);
        frame(b, 4, 3, 0, id).putInt(code);
        write(b.flip());
    }

    CompletableFuture<Result> result(int id) {
        return streams.get(id).done;
    }

    /** Forgets a finished stream (long-lived connections carry thousands). */
    void forget(int id) {
        streams.remove(id);
    }

    private static ByteBuffer frame(ByteBuffer b, int len, int type, int flags, int stream) {
        return b.put((byte) (len >>> 16)).put((byte) (len >>> 8)).put((byte) len).put((byte) type).put((byte) flags).putInt(stream);
    }

    private void write(ByteBuffer b) throws IOException {
        synchronized (out) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            out.flush();
        }
    }

    private void readLoop() {
        FrameParser parser = new FrameParser(new Listener(), 16_384, 1 << 20, 1000);
        byte[] buf = new byte[32 * 1024];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
                while (chunk.hasRemaining()) {
                    try {
                        parser.parse(chunk);
                    } catch (H2Exception e) {
                        if (e.isConnectionError()) throw new IOException("server sent a malformed frame: " + e);
                    }
                }
            }
        } catch (IOException e) {
            // connection gone: fail what is open below
        } finally {
            closed = true;
            synchronized (this) {
                notifyAll();
            }
            streams.forEach((id, s) -> s.done.complete(new Result(s.status, s.body, -2, id > goAwayLastStreamId)));
        }
    }

    private final class Listener implements FrameListener {
        @Override
        public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
            Stream s = streams.get(streamId);
            if (s != null) {
                s.body += data.remaining();
                if (s.slow) sleep(2);   // a slow reader: the socket backs up, the server must cope
            }
            try {
                if (flowControlledLength > 0) {
                    ByteBuffer b = ByteBuffer.allocate(26);
                    frame(b, 4, 8, 0, 0).putInt(flowControlledLength);
                    if (!endStream && s != null) frame(b, 4, 8, 0, streamId).putInt(flowControlledLength);
                    write(b.flip());
                }
            } catch (IOException e) {
                // reader notices
            }
            if (endStream && s != null) finish(s, -1);
        }

        @Override
        public void onHeaders(int streamId, ByteBuffer headerBlock, boolean endStream, Priority priority) throws H2Exception {
            Stream s = streams.get(streamId);
            int[] status = {0};
            try {
                decoder.decode(headerBlock, (name, value) -> {
                    if (name.equals(":status")) status[0] = Integer.parseInt(value);
                });
            } catch (HpackException e) {
                throw H2Exception.connectionError(dev.celeris.engine.internal.h2.H2Error.COMPRESSION_ERROR, "%s", e.getMessage());
            }
            if (s == null) return;
            if (status[0] >= 200 || s.status == 0 && status[0] == 0) s.status = status[0] == 0 ? s.status : status[0];
            if (endStream) finish(s, -1);
        }

        @Override
        public void onPriority(int streamId, Priority priority) {
        }

        @Override
        public void onRstStream(int streamId, long errorCode) {
            Stream s = streams.get(streamId);
            if (s != null) finish(s, errorCode);
        }

        @Override
        public void onSettings(boolean ack, Settings settings) {
            if (ack) return;
            synchronized (H2Client.this) {
                long v = settings.get(Settings.INITIAL_WINDOW_SIZE, -1);
                if (v >= 0) {
                    long delta = v - initialStreamWindow;
                    initialStreamWindow = v;
                    streams.values().forEach(s -> s.sendWindow += delta);
                }
                H2Client.this.notifyAll();
            }
            try {
                ByteBuffer b = ByteBuffer.allocate(9);
                write(frame(b, 0, 4, 1, 0).flip());
            } catch (IOException e) {
                // reader notices
            }
        }

        @Override
        public void onPing(boolean ack, long opaqueData) {
            if (ack) return;
            try {
                ByteBuffer b = ByteBuffer.allocate(17);
                write(frame(b, 8, 6, 1, 0).putLong(opaqueData).flip());
            } catch (IOException e) {
                // reader notices
            }
        }

        @Override
        public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
            goAwayLastStreamId = Math.min(goAwayLastStreamId, lastStreamId);
            goAwayError = errorCode;
            byte[] debug = new byte[debugData.remaining()];
            debugData.get(debug);
            goAwayDebug = new String(debug, StandardCharsets.UTF_8);
            streams.forEach((id, s) -> {
                if (id > lastStreamId) s.done.complete(new Result(0, 0, -1, true));
            });
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            synchronized (H2Client.this) {
                if (streamId == 0) {
                    connWindow += increment;
                    credit += increment;
                    peakWindow = Math.max(peakWindow, connWindow);
                } else {
                    Stream s = streams.get(streamId);
                    if (s != null) s.sendWindow += increment;
                }
                H2Client.this.notifyAll();
            }
        }
    }

    private void finish(Stream s, long resetCode) {
        synchronized (this) {
            s.ended = true;
            notifyAll();
        }
        s.done.complete(new Result(s.status, s.body, resetCode, false));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes abruptly when {@code reset} (RST via SO_LINGER 0), else orderly. */
    void close(boolean reset) {
        try {
            if (reset) socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
