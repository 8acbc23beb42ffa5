package dev.celeris.spi.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hand-rolled WebSocket client for bad-input tests (loopback only): the opening handshake, raw
 * frames out (masked or not, any opcode), frames in. JDK only.
 */
public final class RawWsClient implements AutoCloseable {

    /** A received frame. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    public final Socket socket;
    public final OutputStream out;
    public final DataInputStream in;
    public final int port;

    public RawWsClient(int port) throws IOException {
        this.port = port;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends the opening handshake and returns the response head. */
    public String handshake(String path, String extraHeaders) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readHead(in);
    }

    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes a frame, masked unless {@code masked} is false. */
    public void send(int opcode, boolean fin, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int m = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            f.write(m | payload.length);
        } else if (payload.length <= 0xFFFF) {
            f.write(m | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(m | 127);
            for (int i = 7; i >= 0; i--) f.write((int) ((long) payload.length >>> (8 * i)));
        }
        byte[] key = {1, 2, 3, 4};
        if (masked) f.write(key);
        for (int i = 0; i < payload.length; i++) f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        out.write(f.toByteArray());
        out.flush();
    }

    public void send(int opcode, String text) throws IOException {
        send(opcode, true, text.getBytes(StandardCharsets.UTF_8), true);
    }

    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }

    /** Reads frames until a close frame and returns it. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == 8) return f;
        }
    }

    /** Reads frames until a close frame (returns its code) or the end of the connection (returns -1). */
    public int readUntilCloseOrEnd() {
        try {
            return readUntilClose().closeCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether the server closed (end of stream) or dropped (reset) the connection. */
    public boolean endOfStream() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
