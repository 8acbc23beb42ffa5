package dev.celeris.compliance.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The RFC 6455 opening handshake on a plain TCP connection ({@code GET} with
 * {@code Upgrade: websocket}), and after a {@code 101} the connection itself as the WebSocket's
 * transport. Reads happen on the case's thread with a socket timeout.
 */
final class WsOverHttp1 implements WsTransport {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] leftover;

    private WsOverHttp1(Socket socket, byte[] leftover) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.leftover = leftover;
    }

    /**
     * Connects (over TLS with ALPN {@code http/1.1} when {@code tls}) and sends the handshake:
     * {@code fields} in order (name, value; a null value leaves the field
     * out) and reads the response head.
     */
    static WsHandshake open(String host, int port, boolean tls, Duration timeout, String path, Map<String, String> fields)
            throws IOException, CaseFailure {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        Socket socket = tls ? TlsSockets.alpn(plain, host, port, timeout, "http/1.1") : plain;
        StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        fields.forEach((n, v) -> {
            if (v != null) req.append(n).append(": ").append(v).append("\r\n");
        });
        req.append("\r\n");
        socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int end;
        while ((end = headEnd(head.toByteArray())) < 0) {
            int n = readUntil(socket, socket.getInputStream(), buf, deadline);
            if (n == 0) {
                socket.close();
                throw new CaseFailure("an HTTP/1.1 response to the WebSocket handshake", "timeout after " + timeout.toMillis() + " ms");
            }
            if (n < 0) {
                socket.close();
                throw new CaseFailure("an HTTP/1.1 response to the WebSocket handshake", "connection closed (EOF) after "
                        + head.size() + " bytes");
            }
            head.write(buf, 0, n);
        }
        byte[] all = head.toByteArray();
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code = status.length > 1 && status[1].matches("\\d{3}") ? Integer.parseInt(status[1]) : -1;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) continue;
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        if (code != 101) {
            socket.close();
            return new WsHandshake(code, headers, null);
        }
        WsOverHttp1 t = new WsOverHttp1(socket, Arrays.copyOfRange(all, end + 4, all.length));
        return new WsHandshake(code, headers, new WsClient(t, timeout, WsDeflate.negotiated(headers.get("sec-websocket-extensions"))));
    }

    private static int headEnd(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        }
        return -1;
    }

    /** Bytes read, -1 at EOF, 0 at the deadline. */
    private static int readUntil(Socket socket, InputStream in, byte[] buf, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) return 0;
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        try {
            return in.read(buf);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public Chunk read(long deadlineNanos) throws IOException {
        if (leftover != null && leftover.length > 0) {
            byte[] b = leftover;
            leftover = null;
            return new Chunk(b, null);
        }
        byte[] buf = new byte[65536];
        int n;
        try {
            n = readUntil(socket, in, buf, deadlineNanos);
        } catch (IOException e) {
            return Chunk.ended("connection closed (" + e.getMessage() + ")");
        }
        if (n == 0) return null;
        if (n < 0) return Chunk.ended("connection closed (EOF)");
        return new Chunk(Arrays.copyOf(buf, n), null);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
