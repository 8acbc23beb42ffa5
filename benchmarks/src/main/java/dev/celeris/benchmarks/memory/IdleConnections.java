package dev.celeris.benchmarks.memory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle HTTP/2 connections to a server and completes the SETTINGS exchange on each
 * (preface + empty SETTINGS, wait for the server's SETTINGS, ACK it), then holds them open until
 * stdin closes or a line is read. Prints {@code ready N} once all are established, so a script can
 * measure the server's heap and RSS per connection.
 * {@code java -cp celeris-benchmarks.jar dev.celeris.benchmarks.memory.IdleConnections PORT N}
 */
public final class IdleConnections {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    private static final byte[] SETTINGS_ACK = {0, 0, 0, 4, 1, 0, 0, 0, 0};

    private IdleConnections() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<SocketChannel> open = new ArrayList<>(count);
        ByteBuffer hello = ByteBuffer.allocate(PREFACE.length + EMPTY_SETTINGS.length).put(PREFACE).put(EMPTY_SETTINGS);
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.write(hello.flip());
            awaitServerSettings(ch);
            ch.write(ByteBuffer.wrap(SETTINGS_ACK));
            open.add(ch);
        }
        System.out.println("ready " + open.size());
        System.out.flush();
        System.in.read();
        int dropped = 0;
        for (SocketChannel ch : open) {
            if (dropped(ch)) dropped++;
        }
        System.out.println("held " + (open.size() - dropped) + " dropped " + dropped);
        for (SocketChannel ch : open) ch.close();
    }

    /**
     * Whether the server gave up on {@code ch} while it was held: end of stream, a reset, or a
     * GOAWAY among the bytes waiting (the SETTINGS ACK and WINDOW_UPDATE that follow the
     * server's SETTINGS are expected and skipped).
     */
    private static boolean dropped(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            int n;
            while ((n = ch.read(buf)) > 0 && buf.hasRemaining()) {
                // keep reading what is there
            }
            if (n < 0) return true;
            buf.flip();
            while (buf.remaining() >= 9) {
                int length = ((buf.get(buf.position()) & 0xff) << 16) | ((buf.get(buf.position() + 1) & 0xff) << 8)
                        | (buf.get(buf.position() + 2) & 0xff);
                if (buf.get(buf.position() + 3) == 7) return true; // GOAWAY
                buf.position(Math.min(buf.limit(), buf.position() + 9 + length));
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads frames until a non-ACK SETTINGS frame from the server has arrived. */
    private static void awaitServerSettings(SocketChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9);
        while (true) {
            header.clear();
            readFully(ch, header);
            int length = ((header.get(0) & 0xff) << 16) | ((header.get(1) & 0xff) << 8) | (header.get(2) & 0xff);
            int type = header.get(3);
            int flags = header.get(4);
            readFully(ch, ByteBuffer.allocate(length));
            if (type == 4 && (flags & 1) == 0) return;
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) throw new IOException("server closed the connection during the SETTINGS exchange");
        }
    }
}
