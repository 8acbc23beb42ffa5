package dev.celeris.engine.internal.ws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The permessage-deflate extension (RFC 7692) for one session, server side, with
 * {@code java.util.zip}: raw DEFLATE, each message ending in an empty stored block whose
 * {@code 00 00 FF FF} tail is stripped on the wire. Context takeover keeps the LZ77 window
 * between messages; without it (negotiated per direction) the deflater or inflater is reset
 * after each message.
 *
 * <p>Not thread-safe: one instance serves one session; inflating and deflating use separate
 * state, so a reader thread and a writer thread may use the two sides concurrently.
 */
public final class PerMessageDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final DeflateParams params;
    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater;
    private final byte[] inflateOut = new byte[8192];
    private boolean closed;

    public PerMessageDeflate(DeflateParams params, int level) {
        this.params = params;
        this.deflater = new Deflater(level, true);
    }

    public DeflateParams params() {
        return params;
    }

    /** Inflates a piece of a compressed message into {@code out}. */
    void inflate(ByteBuffer in, MessageBuffer out) throws WsException {
        drain(in, out);
        in.position(in.limit());
    }

    /** Ends a compressed message: feeds the stripped tail and, without client context takeover, resets. */
    void finishMessage(MessageBuffer out) throws WsException {
        drain(ByteBuffer.wrap(TAIL), out);
        if (params.clientNoContextTakeover()) inflater.reset();
    }

    private void drain(ByteBuffer in, MessageBuffer out) throws WsException {
        inflater.setInput(in); // the inflater moves the buffer's position as it consumes
        try {
            while (true) {
                int n = inflater.inflate(inflateOut);
                if (n > 0) {
                    out.append(inflateOut, 0, n);
                    continue;
                }
                if (!inflater.finished()) return; // needs input (permessage-deflate never uses a preset dictionary)
                // SPEC: RFC 7692 §7.2.3.4 a block with BFINAL set ends the DEFLATE stream; what follows (the
                // 0x00 left of an empty stored block, then the tail) starts a new one, in this chunk or the next.
                inflater.reset();
                if (!in.hasRemaining()) return;
                inflater.setInput(in);
            }
        } catch (DataFormatException e) {
            throw new WsException(WsFrames.CLOSE_INVALID_PAYLOAD, "invalid permessage-deflate data: " + e.getMessage());
        }
    }

    /** Compresses a whole message; the result is the payload of its frames (RSV1 on the first). */
    public synchronized byte[] deflate(byte[] data, int off, int len) {
        if (closed) throw new IllegalStateException("permessage-deflate already closed");
        // SPEC: RFC 7692 §7.2.3.6 an empty message may be one 0x00 octet (zlib will not flush twice without input).
        if (len == 0) return new byte[] {0};
        deflater.setInput(data, off, len);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len / 2));
        byte[] buf = new byte[Math.min(65536, Math.max(256, len + 64))];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        byte[] all = out.toByteArray();
        if (params.serverNoContextTakeover()) deflater.reset();
        int cut = all.length >= 4 && endsWithTail(all) ? all.length - 4 : all.length;
        byte[] result = new byte[cut];
        System.arraycopy(all, 0, result, 0, cut);
        return result;
    }

    private static boolean endsWithTail(byte[] a) {
        int n = a.length;
        return a[n - 4] == 0 && a[n - 3] == 0 && a[n - 2] == (byte) 0xFF && a[n - 1] == (byte) 0xFF;
    }

    /** Frees the compressor's native zlib state (the writer's side; the inflater is the reader's). */
    public synchronized void close() {
        closed = true;
        deflater.end();
    }

    /** Frees the decompressor's native zlib state; reader thread. */
    public void closeInflater() {
        inflater.end();
    }
}
