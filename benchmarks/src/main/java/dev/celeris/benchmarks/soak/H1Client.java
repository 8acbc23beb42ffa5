package dev.celeris.benchmarks.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A small keep-alive HTTP/1.1 client over a plain socket: one request at a time, the response
 * read by Content-Length or chunked framing. It reconnects when the server closed the
 * connection and counts how often.
 */
final class H1Client implements AutoCloseable {

    record Result(int status, long bodyBytes) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean mustReconnect = true;
    int reconnects = -1;

    H1Client(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends a request with {@code body} (null for none) and reads the response. With
     * {@code slowReader} the body is read in small pieces with pauses.
     */
    Result exchange(String method, String path, String extraHeaders, byte[] body, boolean slowReader) throws IOException {
        if (mustReconnect) connect();
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\nhost: ")
                .append(host).append(':').append(port).append("\r\n").append(extraHeaders);
        if (body != null) head.append("content-length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
        } catch (IOException e) {
            // The server may answer (401, 413) and close before reading the whole body: read on.
        }
        return readResponse(slowReader);
    }

    private void connect() throws IOException {
        close();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        mustReconnect = false;
        reconnects++;
    }

    private Result readResponse(boolean slow) throws IOException {
        String status = line();
        if (status == null) throw new IOException("connection closed before a response");
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String l; !(l = headerLine()).isEmpty(); ) {
            int colon = l.indexOf(':');
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        long read = 0;
        if (chunked) {
            for (long n; (n = Long.parseLong(headerLine().split(";")[0], 16)) > 0; ) {
                read += skip(n, slow);
                headerLine();
            }
            while (!headerLine().isEmpty()) { }
        } else if (length >= 0) {
            read = skip(length, slow);
        } else if (code >= 200 && code != 204 && code != 304) {
            read = skip(Long.MAX_VALUE, slow);
            close = true;
        }
        if (close) mustReconnect = true;
        return new Result(code, read);
    }

    private long skip(long n, boolean slow) throws IOException {
        byte[] buf = new byte[slow ? 4096 : 16 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                if (n == Long.MAX_VALUE) return n - left;
                throw new IOException("body ended early");
            }
            left -= r;
            if (slow) sleepQuietly(1);
        }
        return n;
    }

    private String headerLine() throws IOException {
        String l = line();
        if (l == null) throw new IOException("connection closed in a response head");
        return l;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        mustReconnect = true;
        if (b.size() == 0) return null;
        throw new IOException("connection closed mid-line");
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void markBroken() {
        mustReconnect = true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
