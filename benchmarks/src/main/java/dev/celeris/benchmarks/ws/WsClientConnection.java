package dev.celeris.benchmarks.ws;

import dev.celeris.engine.ws.WebSocketUpgrade;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One load-client WebSocket connection (RFC 6455 client side, no extensions): a blocking opening
 * handshake, then a non-blocking channel that sends one pre-masked text frame over and over
 * (the same bytes each time, built once with this connection's mask key) and parses the
 * server's unmasked frames, counting whole messages, answering pings and checking each
 * message's length (and, with {@code verify}, its bytes).
 */
final class WsClientConnection {

    final SocketChannel channel;
    SelectionKey key;
    private final byte[] frame;
    private final byte[] expected;
    private final boolean verify;
    private final ByteBuffer out;
    private ByteBuffer leftover;

    // parser state
    private final byte[] head = new byte[10];
    private int headLen;
    private int headNeed = 2;
    private boolean inPayload;
    private long remaining;
    private int opcode;
    private boolean fin;
    private long messageLen;
    private boolean messageBad;
    private final byte[] control = new byte[125];
    private int controlLen;

    /** Whole messages received, and those of the wrong length or content. */
    long messages;
    long bad;
    /** Set when the server closed the connection or sent a close frame. */
    String closedBy;

    /** A connection over {@code channel} (null in parser tests, which only call {@link #parse}). */
    WsClientConnection(SocketChannel channel, byte[] payload, boolean verify, int maxQueued) {
        this.channel = channel;
        this.frame = maskedTextFrame(payload);
        this.expected = payload;
        this.verify = verify;
        this.out = ByteBuffer.allocateDirect(frame.length * Math.max(1, maxQueued) + 256);
    }

    /** Connects and completes the opening handshake (blocking), then switches to non-blocking. */
    static WsClientConnection open(InetSocketAddress address, String path, byte[] payload, boolean verify,
                                   int maxQueued) throws IOException {
        SocketChannel ch = SocketChannel.open(address);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        WsClientConnection c = new WsClientConnection(ch, payload, verify, maxQueued);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer req = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (req.hasRemaining()) ch.write(req);
        ByteBuffer in = ByteBuffer.allocate(8192);
        int end;
        while ((end = headEnd(in)) < 0) {
            if (!in.hasRemaining() || ch.read(in) < 0) throw new IOException(path + ": connection closed during the handshake");
        }
        String response = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
        String status = response.substring(0, response.indexOf('\r'));
        if (!status.startsWith("HTTP/1.1 101")) throw new IOException(path + ": handshake refused: " + status);
        if (!response.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-accept: " + WebSocketUpgrade.acceptKey(key).toLowerCase(java.util.Locale.ROOT))) {
            throw new IOException(path + ": wrong Sec-WebSocket-Accept in " + response);
        }
        in.flip().position(end);
        c.leftover = in.slice();
        ch.configureBlocking(false);
        return c;
    }

    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') return i + 1;
        }
        return -1;
    }

    /** A FIN text frame carrying {@code payload}, masked with a random non-zero key. */
    static byte[] maskedTextFrame(byte[] payload) {
        return maskedFrame(0x1, payload, payload.length);
    }

    private static byte[] maskedFrame(int op, byte[] payload, int len) {
        int ext = len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
        byte[] f = new byte[2 + ext + 4 + len];
        f[0] = (byte) (0x80 | op);
        f[1] = (byte) (0x80 | (ext == 0 ? len : ext == 2 ? 126 : 127));
        for (int i = 0; i < ext; i++) f[2 + i] = (byte) ((long) len >>> (8 * (ext - 1 - i)));
        int m = 2 + ext;
        int mask;
        do mask = ThreadLocalRandom.current().nextInt(); while (mask == 0);
        for (int i = 0; i < 4; i++) f[m + i] = (byte) (mask >>> (24 - 8 * i));
        for (int i = 0; i < len; i++) f[m + 4 + i] = (byte) (payload[i] ^ f[m + (i & 3)]);
        return f;
    }

    /** Queues one more copy of this connection's message; false when the output buffer is full. */
    boolean queueMessage() {
        if (out.remaining() < frame.length) return false;
        out.put(frame);
        return true;
    }

    /** Writes what is queued; asks for OP_WRITE when the socket did not take it all. */
    void flush() throws IOException {
        out.flip();
        channel.write(out);
        out.compact();
        boolean pending = out.position() > 0;
        int ops = pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) key.interestOps(ops);
    }

    boolean hasQueued() {
        return out.position() > 0;
    }

    /** Queues a close frame (1000, client-masked); false when there is no room. */
    boolean queueClose() {
        byte[] f = maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8}, 2);
        if (out.remaining() < f.length) return false;
        out.put(f);
        return true;
    }

    /** Closes the socket (after {@link #queueClose()} and the server's answer, or at once on failure). */
    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Bytes read during the handshake after the 101 response, to be parsed before the socket's. */
    ByteBuffer takeLeftover() {
        ByteBuffer l = leftover;
        leftover = null;
        return l;
    }

    /**
     * Parses {@code in}; returns how many whole messages it completed. A server close frame or
     * a protocol violation sets {@link #closedBy}.
     */
    int parse(ByteBuffer in) {
        int done = 0;
        while (in.hasRemaining() && closedBy == null) {
            if (!inPayload) {
                head[headLen++] = in.get();
                if (headLen == 2) {
                    if ((head[1] & 0x80) != 0) {
                        closedBy = "a masked server frame";
                        break;
                    }
                    int l = head[1] & 0x7F;
                    headNeed = l == 126 ? 4 : l == 127 ? 10 : 2;
                }
                if (headLen >= 2 && headLen == headNeed) {
                    done += startFrame();
                }
            } else {
                int n = (int) Math.min(remaining, in.remaining());
                if (opcode >= 0x8) {
                    in.get(control, controlLen, n);
                    controlLen += n;
                } else if (verify) {
                    for (int i = 0; i < n; i++) {
                        long at = messageLen + i;
                        if (at >= expected.length || in.get() != expected[(int) at]) messageBad = true;
                    }
                } else {
                    in.position(in.position() + n);
                }
                if (opcode < 0x8) messageLen += n;
                remaining -= n;
                if (remaining == 0) done += endFrame();
            }
        }
        return done;
    }

    private int startFrame() {
        fin = (head[0] & 0x80) != 0;
        opcode = head[0] & 0x0F;
        int l = head[1] & 0x7F;
        long len = l;
        if (l == 126) len = ((head[2] & 0xFFL) << 8) | (head[3] & 0xFFL);
        else if (l == 127) {
            len = 0;
            for (int i = 2; i < 10; i++) len = (len << 8) | (head[i] & 0xFFL);
        }
        headLen = 0;
        headNeed = 2;
        remaining = len;
        controlLen = 0;
        if (opcode >= 0x8 && len > 125) {
            closedBy = "a control frame over 125 bytes";
            return 0;
        }
        inPayload = true;
        return len == 0 ? endFrame() : 0;
    }

    private int endFrame() {
        inPayload = false;
        switch (opcode) {
            case 0x8 -> closedBy = "a close frame from the server" + (controlLen >= 2
                    ? " (" + (((control[0] & 0xFF) << 8) | (control[1] & 0xFF)) + ")" : "");
            case 0x9 -> {
                byte[] pong = maskedFrame(0xA, control, controlLen);
                if (out.remaining() >= pong.length) out.put(pong);
            }
            case 0xA -> { }
            default -> {
                if (!fin) return 0;
                if (messageLen != expected.length) messageBad = true;
                if (messageBad) bad++;
                messages++;
                messageLen = 0;
                messageBad = false;
                return 1;
            }
        }
        return 0;
    }
}
