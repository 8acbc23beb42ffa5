package dev.celeris.compliance.client;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/2 client over a plain {@link Socket}: it writes whatever bytes a case gives it
 * and reads the server's frames on a background thread into a queue, which the
 * {@link Expectations} poll with a timeout. It never validates what it sends.
 *
 * <p>Threading: {@link #send} and the expectations are called from the case's thread; the
 * reader thread owns the socket's input and the HPACK decoder.
 */
public final class RawClient implements AutoCloseable {

    /** Something the reader saw: a frame, or the end of the connection. */
    public sealed interface Event permits FrameEvent, Closed {
    }

    public record FrameEvent(Frame frame) implements Event {
        @Override
        public String toString() {
            return frame.toString();
        }
    }

    public record Closed(String how) implements Event {
        @Override
        public String toString() {
            return "connection closed (" + how + ")";
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final Duration timeout;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Long> pendingTableSizes = new ConcurrentLinkedQueue<>();
    private final HeaderDecoder decoder = new HeaderDecoder();
    private final Thread reader;
    private final Map<Long, Long> serverSettings = new HashMap<>();
    private final Map<Integer, Long> windowCredit = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Closed closedEvent;
    private volatile String writeError;
    private Frame firstServerFrame;

    private RawClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.timeout = timeout;
        this.reader = Thread.ofPlatform().daemon().name("h2check-reader").start(this::readLoop);
    }

    /** Opens a TCP connection; nothing is sent yet. */
    public static RawClient connect(String host, int port, Duration timeout) throws IOException {
        return connect(host, port, timeout, false);
    }

    /**
     * Opens a TCP connection, or with {@code tls} a TLS connection that negotiated {@code h2} by
     * ALPN (certificate not verified); nothing of HTTP/2 is sent yet.
     */
    public static RawClient connect(String host, int port, Duration timeout, boolean tls) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        return new RawClient(tls ? TlsSockets.h2(socket, host, port, timeout) : socket, timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * RFC 9113 §3.4: sends the preface and {@code settings}, waits for the server's SETTINGS,
     * acknowledges it and waits for the acknowledgement of ours.
     */
    public void handshake(long... settings) throws CaseFailure {
        send(H2.PREFACE);
        sendSettings(settings);
        Frame serverSettings = expectations().frame("the server's SETTINGS frame",
                f -> f.is(H2.SETTINGS) && !f.hasFlag(H2.FLAG_ACK));
        for (long[] s : serverSettings.settings()) this.serverSettings.put(s[0], s[1]);
        send(Frames.settingsAck());
        expectations().frame("SETTINGS with ACK", f -> f.is(H2.SETTINGS) && f.hasFlag(H2.FLAG_ACK));
    }

    /** A value the server sent in its first SETTINGS frame, or {@code defaultValue}. */
    public long serverSetting(int id, long defaultValue) {
        return serverSettings.getOrDefault((long) id, defaultValue);
    }

    /**
     * The flow-control credit the server granted on {@code streamId} (0: the connection) by
     * WINDOW_UPDATE so far, counted as frames arrive, whichever expectation consumes them.
     */
    public long windowCredit(int streamId) {
        return windowCredit.getOrDefault(streamId, 0L);
    }

    /** The first frame the server sent (its preface must be SETTINGS, RFC 9113 §3.4). */
    public synchronized Frame firstServerFrame() {
        return firstServerFrame;
    }

    /** Sends a SETTINGS frame and remembers a HEADER_TABLE_SIZE change for the HPACK decoder. */
    public void sendSettings(long... idValuePairs) {
        long table = -1;
        for (int i = 0; i + 1 < idValuePairs.length; i += 2) {
            if (idValuePairs[i] == H2.SETTINGS_HEADER_TABLE_SIZE) table = idValuePairs[i + 1];
        }
        pendingTableSizes.add(table);
        send(Frames.settings(idValuePairs));
    }

    /**
     * Writes bytes as they are, all chunks in one write (so frames that must arrive together
     * reach the server in one read where the network allows). A write error (the server
     * closed) is remembered, not thrown: the expectations then see the close.
     */
    public void send(byte[]... chunks) {
        try {
            out.write(chunks.length == 1 ? chunks[0] : Frames.concat(chunks));
            out.flush();
        } catch (IOException e) {
            if (writeError == null) writeError = e.toString();
        }
    }

    /** A random 8-byte PING payload. */
    public static byte[] opaque() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    public Expectations expectations() {
        return new Expectations(this);
    }

    /** Next event, or {@code null} at the deadline. */
    Event poll(long deadlineNanos) {
        Event ready = events.poll();
        if (ready != null) return ready;
        if (closedEvent != null) return closedEvent; // the end stays visible to every later expectation
        try {
            long wait = deadlineNanos - System.nanoTime();
            return wait <= 0 ? events.poll() : events.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    boolean isClosed() {
        return closed;
    }

    String writeError() {
        return writeError;
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[H2.FRAME_HEADER_LENGTH];
            while (true) {
                in.readFully(header);
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
                int type = header[3] & 0xff;
                int flags = header[4] & 0xff;
                int stream = ((header[5] & 0x7f) << 24) | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | (header[8] & 0xff);
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (type == H2.WINDOW_UPDATE && length == 4) {
                    long inc = ((payload[0] & 0x7FL) << 24) | ((payload[1] & 0xFFL) << 16) | ((payload[2] & 0xFFL) << 8) | (payload[3] & 0xFFL);
                    windowCredit.merge(stream, inc, Long::sum);
                }
                Frame frame = decode(new Frame(length, type, flags, stream, payload, null, null));
                synchronized (this) {
                    if (firstServerFrame == null) firstServerFrame = frame;
                }
                events.add(new FrameEvent(frame));
            }
        } catch (EOFException e) {
            finish("EOF");
        } catch (IOException e) {
            finish(closed ? "closed by client" : e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void finish(String how) {
        closed = true;
        Closed c = new Closed(how);
        closedEvent = c;
        events.add(c);
    }

    private Frame decode(Frame f) {
        try {
            if (f.is(H2.SETTINGS) && f.hasFlag(H2.FLAG_ACK)) {
                Long size = pendingTableSizes.poll();
                if (size != null && size >= 0) decoder.maxTableSize(size);
            }
            byte[] fragment;
            if (f.is(H2.HEADERS) || f.is(H2.PUSH_PROMISE)) {
                fragment = fragmentOf(f);
            } else if (f.is(H2.CONTINUATION) && decoder.inBlock()) {
                fragment = f.payload();
            } else {
                return f;
            }
            List<Map.Entry<String, String>> fields = decoder.fragment(f.streamId(), fragment, f.hasFlag(H2.FLAG_END_HEADERS));
            if (fields == null) return f;
            return new Frame(f.length(), f.type(), f.flags(), f.streamId(), f.payload(), fields, null);
        } catch (Exception e) {
            return new Frame(f.length(), f.type(), f.flags(), f.streamId(), f.payload(), new ArrayList<>(),
                    String.valueOf(e.getMessage()));
        }
    }

    private static byte[] fragmentOf(Frame f) {
        byte[] p = f.payload();
        int start = 0;
        int end = p.length;
        if (f.hasFlag(H2.FLAG_PADDED) && p.length > 0) {
            start = 1;
            end -= p[0] & 0xff;
        }
        if (f.is(H2.HEADERS) && f.hasFlag(H2.FLAG_PRIORITY)) start += 5;
        if (f.is(H2.PUSH_PROMISE)) start += 4;
        if (start > end) return new byte[0];
        return java.util.Arrays.copyOfRange(p, start, end);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
