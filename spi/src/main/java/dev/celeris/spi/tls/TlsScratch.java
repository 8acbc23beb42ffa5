package dev.celeris.spi.tls;

import java.nio.ByteBuffer;

/**
 * Per-thread scratch buffers of the TLS layer: decrypted bytes are handed to the protocol from
 * {@link #app} (valid only during {@code onData}, as the SPI says), encrypted output is produced
 * into {@link #net} and copied out at its exact size. An I/O thread serves many connections one
 * at a time, so one pair per thread replaces a pair per connection.
 */
final class TlsScratch {

    /** Room for a 64 KiB read's worth of records before the plaintext is handed on. */
    private static final int APP = 4 * 16 * 1024 + 1024;
    /** Room for several records of output per copy. */
    private static final int NET = 4 * (16 * 1024 + 2048 + 512);

    private static final ThreadLocal<TlsScratch> LOCAL = ThreadLocal.withInitial(TlsScratch::new);

    ByteBuffer app = ByteBuffer.allocate(APP);
    ByteBuffer net = ByteBuffer.allocate(NET);

    private TlsScratch() {
    }

    static TlsScratch get() {
        return LOCAL.get();
    }

    /** Replaces {@link #app} with one of at least {@code size} bytes (an engine asked for more). */
    ByteBuffer growApp(int size) {
        app = ByteBuffer.allocate(Math.max(size, app.capacity() * 2));
        return app;
    }

    /** Replaces {@link #net} with one of at least {@code size} bytes. */
    ByteBuffer growNet(int size) {
        net = ByteBuffer.allocate(Math.max(size, net.capacity() * 2));
        return net;
    }
}
