package dev.celeris.compliance.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A raw WebSocket client over an opened {@link WsTransport}: it writes whatever frames a case
 * gives it (never validating them) and reads the server's frames on the case's thread, failing
 * an expectation with what it saw when the server deviates or stays silent for the timeout.
 */
public final class WsClient implements AutoCloseable {

    private final WsTransport transport;
    private final Duration timeout;
    private final WsDeflate deflate;
    private byte[] buf = new byte[0];
    private int len;
    private String end;
    private boolean writeFailed;
    private final List<String> seen = new ArrayList<>();

    WsClient(WsTransport transport, Duration timeout, WsDeflate deflate) {
        this.transport = transport;
        this.timeout = timeout;
        this.deflate = deflate;
    }

    /** The negotiated permessage-deflate, or null. */
    public WsDeflate deflate() {
        return deflate;
    }

    /** Writes the frames in one write. A write error (the server closed) surfaces as the end of the server's side. */
    public void send(WsFrame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (WsFrame f : frames) out.writeBytes(f.encode());
        sendRaw(out.toByteArray());
    }

    /** Writes bytes as they are. */
    public void sendRaw(byte[] bytes) {
        if (writeFailed) return; // the first failure is in the seen list; later writes would only wait again
        try {
            transport.write(bytes);
        } catch (IOException e) {
            writeFailed = true;
            seen.add("write failed: " + e.getMessage());
        }
    }

    /** {@code message} compressed and split into {@code fragments} frames, RSV1 on the first. */
    public WsFrame[] compressed(int opcode, byte[] message, int fragments) {
        byte[] data = deflate.compress(message);
        WsFrame[] frames = new WsFrame[fragments];
        int step = Math.max(1, (data.length + fragments - 1) / fragments);
        for (int i = 0; i < fragments; i++) {
            int from = Math.min(data.length, i * step);
            int to = i == fragments - 1 ? data.length : Math.min(data.length, from + step);
            frames[i] = WsFrame.of(i == fragments - 1, i == 0 ? WsFrame.RSV1 : 0, i == 0 ? opcode : WsFrame.CONTINUATION,
                    Arrays.copyOfRange(data, from, to));
        }
        return frames;
    }

    /** The next frame the server sends; fails on the end of its side or the timeout. */
    public WsFrame next(String expected) throws CaseFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            WsFrame f = parse();
            if (f != null) {
                seen.add(f.toString());
                if (f.masked()) throw fail("unmasked frames from the server (RFC 6455 §5.1)");
                return f;
            }
            if (end != null) throw fail(expected);
            WsTransport.Chunk c;
            try {
                c = transport.read(deadline);
            } catch (IOException e) {
                c = WsTransport.Chunk.ended("read failed: " + e.getMessage());
            }
            if (c == null) {
                seen.add("timeout after " + timeout.toMillis() + " ms");
                throw fail(expected);
            }
            if (c.end() != null) {
                end = c.end();
                seen.add(end);
            } else {
                append(c.bytes());
            }
        }
    }

    /** A whole data message (fragments joined, inflated when compressed) of {@code opcode} with {@code payload}. */
    public void expectMessage(int opcode, byte[] payload) throws CaseFailure {
        String what = (opcode == WsFrame.TEXT ? "text" : "binary") + " message of " + payload.length + " bytes";
        String expected = "the echo: " + what;
        WsFrame first = next(expected);
        if (first.opcode() != opcode) throw fail(expected);
        boolean compressed = (first.rsv() & WsFrame.RSV1) != 0;
        if (compressed && deflate == null) throw fail(expected + " (RSV1 set without a negotiated extension)");
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(first.payload());
        for (WsFrame f = first; !f.fin(); ) {
            f = next(expected + " (its continuation)");
            if (f.opcode() != WsFrame.CONTINUATION) throw fail(expected + " (its continuation)");
            message.writeBytes(f.payload());
        }
        byte[] got = compressed ? deflate.inflate(message.toByteArray()) : message.toByteArray();
        if (!Arrays.equals(got, payload)) {
            seen.add("message of " + got.length + " bytes differs from the one sent");
            throw fail(expected);
        }
        seen.clear();
    }

    public void expectText(String text) throws CaseFailure {
        expectMessage(WsFrame.TEXT, WsFrame.utf8(text));
    }

    public void expectBinary(byte[] payload) throws CaseFailure {
        expectMessage(WsFrame.BINARY, payload);
    }

    /** A pong carrying {@code payload} (RFC 6455 §5.5.3). */
    public void expectPong(byte[] payload) throws CaseFailure {
        String expected = "PONG with the ping's " + payload.length + " bytes";
        WsFrame f = next(expected);
        if (f.opcode() != WsFrame.PONG || !f.fin() || !Arrays.equals(f.payload(), payload)) throw fail(expected);
        seen.clear();
    }

    /**
     * Pongs for pings {@code prefix + 0} to {@code prefix + (n - 1)}: in order, some of the earlier
     * ones possibly skipped, the last one always answered (RFC 6455 §5.5.3).
     */
    public void expectPongs(byte[] prefix, int n) throws CaseFailure {
        String p = new String(prefix, java.nio.charset.StandardCharsets.UTF_8);
        String expected = "PONGs in order, the last for \"" + p + (n - 1) + "\"";
        int last = -1;
        while (last < n - 1) {
            WsFrame f = next(expected);
            String body = new String(f.payload(), java.nio.charset.StandardCharsets.UTF_8);
            int i = f.opcode() == WsFrame.PONG && body.startsWith(p) ? Integer.parseInt(body.substring(p.length())) : -1;
            if (i <= last) throw fail(expected);
            last = i;
        }
        seen.clear();
    }

    /** A close frame with one of {@code codes} (1005: no code at all). */
    public WsFrame expectClose(int... codes) throws CaseFailure {
        String expected = "CLOSE with code " + Arrays.toString(codes).replace("1005", "none");
        WsFrame f = next(expected);
        if (f.opcode() != WsFrame.CLOSE || f.payload().length == 1) throw fail(expected);
        for (int c : codes) {
            if (c == f.closeCode()) return f;
        }
        throw fail(expected);
    }

    /** The server ends its side (TCP close over HTTP/1.1, END_STREAM or RST_STREAM over HTTP/2) with no more frames. */
    public void expectEnd() throws CaseFailure {
        String expected = "the server to close the connection after its close frame";
        WsFrame f;
        try {
            f = next(expected);
        } catch (CaseFailure e) {
            if (end == null) throw e;
            seen.clear();
            return;
        }
        throw fail(expected + ", not another frame (" + f + ")");
    }

    /** The server fails the WebSocket connection: close frame with one of {@code codes}, then the end. */
    public void expectFail(int... codes) throws CaseFailure {
        expectClose(codes);
        expectEnd();
    }

    /** A ping answered: the connection is still open and in order. */
    public void expectAlive() throws CaseFailure {
        byte[] probe = RawClient.opaque();
        send(WsFrame.ping(probe));
        expectPong(probe);
    }

    /** Closes with 1000 and expects the server's close frame and end (RFC 6455 §5.5.1). */
    public void closeNormally() throws CaseFailure {
        send(WsFrame.close(1000, new byte[0]));
        expectFail(1000);
    }

    private CaseFailure fail(String expected) {
        int n = seen.size();
        List<String> shown = n <= 6 ? seen : seen.subList(n - 6, n);
        return new CaseFailure(expected, n == 0 ? "nothing" : (n > 6 ? "(" + (n - 6) + " earlier) " : "") + String.join("; ", shown));
    }

    private void append(byte[] b) {
        if (len + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(len + b.length, buf.length * 2));
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** One whole frame from the buffer, or null. */
    private WsFrame parse() {
        if (len < 2) return null;
        int b0 = buf[0] & 0xFF;
        int b1 = buf[1] & 0xFF;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        int head = 2;
        if (length == 126) {
            if (len < 4) return null;
            length = (buf[2] & 0xFF) << 8 | (buf[3] & 0xFF);
            head = 4;
        } else if (length == 127) {
            if (len < 10) return null;
            length = 0;
            for (int i = 2; i < 10; i++) length = length << 8 | (buf[i] & 0xFF);
            head = 10;
        }
        if (masked) head += 4;
        if (length < 0 || length > Integer.MAX_VALUE - 64) {
            end = "a frame announcing " + Long.toUnsignedString(length) + " bytes";
            return null;
        }
        if (len < head + length) return null;
        byte[] payload = Arrays.copyOfRange(buf, head, head + (int) length);
        if (masked) for (int i = 0; i < payload.length; i++) payload[i] ^= buf[head - 4 + (i & 3)];
        int used = head + (int) length;
        System.arraycopy(buf, used, buf, 0, len - used);
        len -= used;
        return new WsFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, masked, payload);
    }

    @Override
    public void close() {
        transport.close();
    }
}
