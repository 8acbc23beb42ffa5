package dev.celeris.compliance.client;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 8441 bootstrap on a {@link RawClient}: SETTINGS with large receive windows, an extended
 * CONNECT ({@code :protocol websocket}) on stream 1, and after a {@code 2xx} that stream's DATA as
 * the WebSocket's transport. Writes respect the server's flow-control windows (the only stream on
 * the connection, so the bytes sent count against both); END_STREAM,
 * RST_STREAM, GOAWAY or a closed connection end the server's side.
 */
final class WsOverHttp2 implements WsTransport {

    /** RFC 8441 §3. */
    static final int SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8;
    private static final int STREAM = 1;
    private static final int MAX_WINDOW = Integer.MAX_VALUE;

    private final RawClient client;
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private final long initialStreamWindow;
    private long sent;
    private final int maxFrame;
    private boolean ended;

    private WsOverHttp2(RawClient client) {
        this.client = client;
        this.initialStreamWindow = client.serverSetting(H2.SETTINGS_INITIAL_WINDOW_SIZE, 65_535);
        this.maxFrame = (int) client.serverSetting(H2.SETTINGS_MAX_FRAME_SIZE, H2.DEFAULT_MAX_FRAME_SIZE);
    }

    /** Handshake settings: receive windows so large a case never has to grant credit. */
    static long[] settings() {
        return new long[] {H2.SETTINGS_INITIAL_WINDOW_SIZE, MAX_WINDOW};
    }

    /**
     * Sends the extended CONNECT for {@code path} on a connection past its SETTINGS exchange with
     * {@link #settings()}; {@code fields} are added after the pseudo-fields (a null value leaves
     * the field out; a pseudo-field given there replaces the default one).
     */
    static WsHandshake open(RawClient client, String scheme, String path, String authority, Map<String, String> fields) throws CaseFailure {
        client.send(Frames.windowUpdate(0, MAX_WINDOW - 65_535));
        Map<String, String> all = new LinkedHashMap<>();
        all.put(":method", "CONNECT");
        all.put(":protocol", "websocket");
        all.put(":scheme", scheme);
        all.put(":path", path);
        all.put(":authority", authority);
        all.putAll(fields);
        HeaderBlock block = HeaderBlock.create();
        all.forEach((n, v) -> {
            if (v != null) block.literal(n, v);
        });
        client.send(Frames.headers(STREAM, H2.FLAG_END_HEADERS, block.bytes()));
        Frame response = client.expectations().response(STREAM);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : response.headers()) headers.merge(e.getKey(), e.getValue(), (a, b) -> a + ", " + b);
        String status = headers.getOrDefault(":status", "");
        int code = status.matches("\\d{3}") ? Integer.parseInt(status) : -1;
        if (code / 100 != 2 || response.endStream()) return new WsHandshake(code, headers, null);
        WsOverHttp2 t = new WsOverHttp2(client);
        return new WsHandshake(code, headers, new WsClient(t, client.timeout(), WsDeflate.negotiated(headers.get("sec-websocket-extensions"))));
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int off = 0;
        long deadline = System.nanoTime() + client.timeout().toNanos();
        while (off < bytes.length) {
            long streamWindow = initialStreamWindow + client.windowCredit(STREAM) - sent;
            long connectionWindow = 65_535 + client.windowCredit(0) - sent;
            int n = (int) Math.min(bytes.length - off, Math.min(maxFrame, Math.min(streamWindow, connectionWindow)));
            if (n <= 0) {
                if (ended) return; // the server's side ended: nothing more will be read
                if (!pump(deadline)) throw new IOException("no flow-control credit from the server within " + client.timeout().toMillis() + " ms");
                continue;
            }
            client.send(Frames.data(STREAM, 0, Arrays.copyOfRange(bytes, off, off + n)));
            off += n;
            sent += n;
        }
    }

    @Override
    public Chunk read(long deadlineNanos) {
        while (pending.isEmpty()) {
            if (ended) return Chunk.ended("stream ended");
            if (!pump(deadlineNanos)) return null;
        }
        return pending.poll();
    }

    /** Handles one event from the connection; false at the deadline. */
    private boolean pump(long deadlineNanos) {
        RawClient.Event e = client.poll(deadlineNanos);
        if (e == null) return false;
        if (e instanceof RawClient.Closed c) {
            end(c.toString());
            return true;
        }
        Frame f = ((RawClient.FrameEvent) e).frame();
        if (f.is(H2.GOAWAY)) {
            end("GOAWAY " + H2.errorName(f.errorCode()));
        } else if (f.streamId() == STREAM && f.is(H2.RST_STREAM)) {
            end("RST_STREAM " + H2.errorName(f.errorCode()));
        } else if (f.streamId() == STREAM && f.is(H2.DATA)) {
            byte[] data = dataOf(f);
            if (data.length > 0) pending.add(new Chunk(data, null));
            if (f.endStream()) end("END_STREAM");
        } else if (f.streamId() == STREAM && f.endStream()) {
            end("END_STREAM (trailers)");
        }
        return true;
    }

    private void end(String how) {
        if (ended) return;
        ended = true;
        pending.add(Chunk.ended(how));
    }

    private static byte[] dataOf(Frame f) {
        byte[] p = f.payload();
        if (!f.hasFlag(H2.FLAG_PADDED) || p.length == 0) return p;
        return Arrays.copyOfRange(p, 1, Math.max(1, p.length - (p[0] & 0xFF)));
    }

    @Override
    public void close() {
        client.close();
    }
}
