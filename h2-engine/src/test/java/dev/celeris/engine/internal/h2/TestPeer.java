package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.frame.Frames.*;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.engine.internal.h2.frame.Frames;
import dev.celeris.engine.internal.hpack.HpackDecoder;
import dev.celeris.engine.internal.hpack.HpackEncoder;
import dev.celeris.engine.internal.hpack.HpackException;
import dev.celeris.engine.internal.hpack.HpackOutput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A scripted HTTP/2 client over a {@link FakeConnection}: builds frames by hand (HPACK via the
 * production codec, which has its own tests against RFC 7541 and Netty), feeds them to the
 * engine cut as {@link Split} says, and reads back the frames the engine flushed.
 */
final class TestPeer implements AutoCloseable {

    static final long TIMEOUT_MS = 5000;

    /** A frame the server sent; {@code headers} is decoded for HEADERS (with CONTINUATION). */
    record Frame(int type, int flags, int streamId, byte[] payload, List<String[]> headers) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        int errorCode() {
            ByteBuffer b = ByteBuffer.wrap(payload);
            return type == TYPE_GOAWAY ? b.getInt(4) : b.getInt(0);
        }

        int lastStreamId() {
            return ByteBuffer.wrap(payload).getInt(0);
        }

        int increment() {
            return ByteBuffer.wrap(payload).getInt(0);
        }

        String header(String name) {
            for (String[] h : headers) if (h[0].equals(name)) return h[1];
            return null;
        }

        @Override
        public String toString() {
            return Frames.format(false, streamId, payload.length, type, flags)
                    + (type == TYPE_GOAWAY || type == TYPE_RST_STREAM ? " " + H2Error.name(errorCode()) : "");
        }
    }

    /** A response assembled from frames. */
    record Response(Frame headers, byte[] body, Frame trailers, Frame reset, List<Frame> interim) {
        int status() {
            return Integer.parseInt(headers.header(":status"));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Whether the next peer's connection promises to release written buffers (see {@link #openWithoutBufferReuse}). */
    private static final ThreadLocal<Boolean> REUSE = ThreadLocal.withInitial(() -> true);
    final FakeConnection connection = newConnection();
    final Http2ConnectionHandler handler;
    private final Split split;
    private final Random random = new Random(42);
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
    private int readOffset;
    private byte[] inbound = new byte[0];
    final List<Frame> seen = new ArrayList<>();
    private final List<Boolean> used = new ArrayList<>();

    /** What the fake transport calls: the handler itself, or the engine's observing wrapper. */
    private final dev.celeris.spi.ConnectionHandler entry;

    private TestPeer(Http2ConnectionHandler handler, dev.celeris.spi.ConnectionHandler entry, Split split) {
        this.handler = handler;
        this.entry = entry;
        this.split = split;
        connection.handler = entry;
        onLoop(() -> entry.onOpen(connection));
    }

    private TestPeer(Http2ConnectionHandler handler, Split split) {
        this(handler, handler, split);
    }

    /** A peer whose connection is watched by {@code config.observer()}, as {@code HttpEngine} sets it up. */
    static TestPeer observed(EngineConfig config, HttpHandler app, Split split) {
        Http2ConnectionHandler h = new Http2ConnectionHandler(config, app);
        return new TestPeer(h, new dev.celeris.engine.internal.ObservedConnection(h, config.observer()), split);
    }

    static TestPeer open(EngineConfig config, HttpHandler app, Split split) {
        return new TestPeer(new Http2ConnectionHandler(config, app), split);
    }

    /** {@link #open} over a connection that does not promise to release written buffers: the engine never reuses its frame array. */
    static TestPeer openWithoutBufferReuse(EngineConfig config, HttpHandler app, Split split) {
        REUSE.set(false);
        try {
            return open(config, app, split);
        } finally {
            REUSE.remove();
        }
    }

    private static FakeConnection newConnection() {
        FakeConnection c = new FakeConnection();
        c.releasesBuffers = REUSE.get();
        return c;
    }

    static TestPeer upgraded(EngineConfig config, HttpHandler app, UpgradeRequest request, Split split) {
        return new TestPeer(Http2ConnectionHandler.forUpgrade(config, app, request), split);
    }

    /** Preface, empty SETTINGS and an ACK of the server's SETTINGS. */
    TestPeer handshake() {
        send(concat(Frames.preface(), frame(TYPE_SETTINGS, 0, 0), frame(TYPE_SETTINGS, FLAG_ACK, 0)));
        return this;
    }

    /** Runs {@code task} on the I/O loop and waits for it. */
    void onLoop(Runnable task) {
        try {
            connection.loop.submit(task).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Feeds bytes to the engine, cut per the split mode. */
    TestPeer send(byte[]... parts) {
        byte[] bytes = concat(parts);
        for (byte[] chunk : split.cut(bytes, random)) {
            onLoop(() -> entry.onData(ByteBuffer.wrap(chunk)));
        }
        return this;
    }

    // ------------------------------------------------------------------ frame building

    static byte[] frame(int type, int flags, int streamId, byte... payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return b.array();
    }

    byte[] block(String... namesAndValues) {
        HpackOutput out = new HpackOutput();
        encoder.beginBlock(out);
        for (int i = 0; i < namesAndValues.length; i += 2) encoder.encode(namesAndValues[i], namesAndValues[i + 1], out);
        return out.toByteArray();
    }

    byte[] headers(int streamId, boolean endStream, String... namesAndValues) {
        return frame(TYPE_HEADERS, FLAG_END_HEADERS | (endStream ? FLAG_END_STREAM : 0), streamId, block(namesAndValues));
    }

    byte[] get(int streamId, String path) {
        return headers(streamId, true, ":method", "GET", ":scheme", "http", ":path", path, ":authority", "test");
    }

    byte[] post(int streamId, String path, String... extra) {
        String[] base = {":method", "POST", ":scheme", "http", ":path", path, ":authority", "test"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return headers(streamId, false, all);
    }

    static byte[] data(int streamId, boolean endStream, byte[] payload) {
        return frame(TYPE_DATA, endStream ? FLAG_END_STREAM : 0, streamId, payload);
    }

    static byte[] priority(int streamId, int dependency, int weight) {
        return frame(TYPE_PRIORITY, 0, streamId, ByteBuffer.allocate(5).putInt(dependency).put((byte) (weight - 1)).array());
    }

    static byte[] rst(int streamId, H2Error error) {
        return frame(TYPE_RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(error.code()).array());
    }

    static byte[] windowUpdate(int streamId, int increment) {
        return frame(TYPE_WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    static byte[] ping(boolean ack, long data) {
        return frame(TYPE_PING, ack ? FLAG_ACK : 0, 0, ByteBuffer.allocate(8).putLong(data).array());
    }

    static byte[] settings(int... idValues) {
        ByteBuffer b = ByteBuffer.allocate(idValues.length / 2 * 6);
        for (int i = 0; i < idValues.length; i += 2) b.putShort((short) idValues[i]).putInt(idValues[i + 1]);
        return frame(TYPE_SETTINGS, 0, 0, b.array());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    // ------------------------------------------------------------------ reading

    /** The next frame the server flushed (in order, used or not), or null after the timeout / at close. */
    private Frame readNew(long deadline) {
        while (true) {
            Frame f = parseOne();
            if (f != null) {
                seen.add(f);
                used.add(Boolean.FALSE);
                return f;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return null;
            try {
                byte[] more = connection.flushedFrom(readOffset, Math.min(left, 50));
                if (more.length > 0) {
                    inbound = concat(inbound, more);
                    readOffset += more.length;
                } else if (connection.closed) {
                    more = connection.flushedFrom(readOffset, 0);
                    if (more.length == 0) {
                        Frame last = parseOne();
                        if (last != null) {
                            seen.add(last);
                            used.add(Boolean.FALSE);
                        }
                        return last;
                    }
                    inbound = concat(inbound, more);
                    readOffset += more.length;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The earliest frame not handed out yet that matches, waiting until {@code deadline}; marks it used. */
    private Frame nextMatching(Predicate<Frame> match, long deadline) {
        for (int i = 0; i < seen.size(); i++) {
            if (!used.get(i) && match.test(seen.get(i))) {
                used.set(i, Boolean.TRUE);
                return seen.get(i);
            }
        }
        while (true) {
            Frame f = readNew(deadline);
            if (f == null) return null;
            if (match.test(f)) {
                used.set(seen.size() - 1, Boolean.TRUE);
                return f;
            }
        }
    }

    /** The next frame not handed out yet. */
    Frame next(long millis) {
        return nextMatching(f -> true, System.currentTimeMillis() + millis);
    }

    private Frame parseOne() {
        if (inbound.length < 9) return null;
        ByteBuffer b = ByteBuffer.wrap(inbound);
        int length = (b.get() & 0xff) << 16 | (b.get() & 0xff) << 8 | (b.get() & 0xff);
        int type = b.get() & 0xff;
        int flags = b.get() & 0xff;
        int stream = b.getInt() & Integer.MAX_VALUE;
        if (inbound.length < 9 + length) return null;
        byte[] payload = java.util.Arrays.copyOfRange(inbound, 9, 9 + length);
        inbound = java.util.Arrays.copyOfRange(inbound, 9 + length, inbound.length);
        List<String[]> headers = List.of();
        if (type == TYPE_HEADERS) {
            ByteArrayOutputStream blockBytes = new ByteArrayOutputStream();
            blockBytes.writeBytes(payload);
            int f = flags;
            while ((f & FLAG_END_HEADERS) == 0) {
                Frame cont = null;
                while (cont == null) {
                    cont = parseOne();
                    if (cont == null) {
                        try {
                            byte[] more = connection.flushedFrom(readOffset, TIMEOUT_MS);
                            inbound = concat(inbound, more);
                            readOffset += more.length;
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
                if (cont.type != TYPE_CONTINUATION) throw new AssertionError("expected CONTINUATION, got " + cont);
                blockBytes.writeBytes(cont.payload);
                f = cont.flags;
            }
            List<String[]> decoded = new ArrayList<>();
            try {
                decoder.decode(ByteBuffer.wrap(blockBytes.toByteArray()), (n, v) -> decoded.add(new String[] {n, v}));
            } catch (HpackException e) {
                throw new AssertionError("server sent a bad header block", e);
            }
            headers = decoded;
            payload = blockBytes.toByteArray();
        }
        return new Frame(type, flags, stream, payload, headers);
    }

    /** The earliest unused frame that matches; fails after the timeout. */
    Frame await(String what, Predicate<Frame> match) {
        Frame f = nextMatching(match, System.currentTimeMillis() + TIMEOUT_MS);
        if (f != null) return f;
        throw new AssertionError("no " + what + "; frames seen: " + seen);
    }

    Frame awaitGoAway() {
        return await("GOAWAY", f -> f.type == TYPE_GOAWAY);
    }

    Frame awaitReset(int streamId) {
        return await("RST_STREAM on " + streamId, f -> f.type == TYPE_RST_STREAM && f.streamId == streamId);
    }

    /**
     * Drops the frames read so far (long runs: keeps lookups fast and memory flat). Callers
     * that track frames by index (an {@link Uploader}) must have read them first.
     */
    void forgetSeen() {
        seen.clear();
        used.clear();
    }

    /** Whether any frame matching arrives within {@code millis} (for "nothing happens" checks). */
    boolean arrives(long millis, Predicate<Frame> match) {
        return nextMatching(match, System.currentTimeMillis() + millis) != null;
    }

    /** Collects the response on {@code streamId}: interim HEADERS, final HEADERS, DATA, trailers, until END_STREAM or RST. */
    Response response(int streamId) {
        Frame headers = null;
        Frame trailers = null;
        List<Frame> interim = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            Frame f = nextMatching(x -> x.streamId == streamId, deadline);
            if (f == null) break;
            if (f.type == TYPE_RST_STREAM) return new Response(headers, body.toByteArray(), trailers, f, interim);
            if (f.type == TYPE_HEADERS) {
                if (headers == null) {
                    String status = f.header(":status");
                    if (status != null && status.startsWith("1")) {
                        interim.add(f);
                        continue;
                    }
                    headers = f;
                } else {
                    trailers = f;
                }
            } else if (f.type == TYPE_DATA) {
                body.writeBytes(f.payload);
            }
            if ((f.type == TYPE_DATA || f.type == TYPE_HEADERS) && f.has(FLAG_END_STREAM)) {
                return new Response(headers, body.toByteArray(), trailers, null, interim);
            }
        }
        throw new AssertionError("no complete response on stream " + streamId + "; frames seen: " + seen);
    }

    boolean awaitClosed() {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!connection.closed && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return connection.closed;
    }

    @Override
    public void close() {
        connection.loop.shutdownNow();
    }
}
