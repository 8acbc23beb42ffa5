package dev.celeris.benchmarks.jmh;

import dev.celeris.benchmarks.jmh.EngineRoundTripBenchmark.LoopConnection;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.spi.ConnectionHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP/2 client driving one engine connection in memory for the round-trip benchmarks: the
 * calling thread plays the connection's I/O thread. The first request sends {@code first} (a
 * header block that indexes what later ones reuse), every round trip then sends {@code warm}
 * with the next stream id and waits until the response's END_STREAM has been flushed, giving
 * the connection window back as a client does.
 */
final class InMemoryH2Client {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final LoopConnection connection;
    private final ConnectionHandler handler;
    private final byte[] headers;
    /** The request frame as the engine reads it: reused per round trip, like a transport's read buffer. */
    private final ByteBuffer headersIn;
    private int streamId = 1;
    private long responseBytes;

    InMemoryH2Client(HttpHandler app, byte[] first, byte[] warm) {
        this(app, EngineConfig.builder().protocols(Protocols.HTTP2_ONLY).idleTimeout(Duration.ofHours(1)).build(), first, warm);
    }

    /** A client of an engine with {@code config} (HTTP/2 with prior knowledge). */
    InMemoryH2Client(HttpHandler app, EngineConfig config, byte[] first, byte[] warm) {
        handler = HttpEngine.create(config, app).newHandler();
        connection = new LoopConnection(Thread.currentThread());
        handler.onOpen(connection);
        headers = frame(0x1, 0x5, 0, warm);
        headersIn = ByteBuffer.wrap(headers);
        handler.onData(ByteBuffer.wrap(concat(PREFACE, frame(0x4, 0, 0, new byte[0]), frame(0x4, 0x1, 0, new byte[0]),
                frame(0x1, 0x5, 1, first))));
        awaitResponses(1);
    }

    long roundTrip() {
        streamId += 2;
        byte[] h = headers;
        h[5] = (byte) (streamId >>> 24);
        h[6] = (byte) (streamId >>> 16);
        h[7] = (byte) (streamId >>> 8);
        h[8] = (byte) streamId;
        long target = connection.completed + 1; // an inline handler answers within onData
        handler.onData(headersIn.clear());
        awaitResponses(target);
        if (connection.dataBytes - responseBytes > 32_768) {
            int n = (int) (connection.dataBytes - responseBytes);
            responseBytes = connection.dataBytes;
            handler.onData(ByteBuffer.wrap(frame(0x8, 0, 0, ByteBuffer.allocate(4).putInt(n).array())));
        }
        return connection.completed;
    }

    private void awaitResponses(long target) {
        LoopConnection c = connection;
        while (c.completed < target) {
            Runnable task = c.tasks.poll();
            if (task != null) task.run();
            else Thread.onSpinWait();
        }
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }
}
