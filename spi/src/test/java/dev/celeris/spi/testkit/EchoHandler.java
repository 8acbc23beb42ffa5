package dev.celeris.spi.testkit;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;

import java.nio.ByteBuffer;

/**
 * Echoes every chunk back, the way a well-behaved protocol uses back-pressure: when the
 * connection stops being writable it stops reading ({@code setAutoRead(false)}), and resumes
 * on {@link #onWritable()}.
 * It records the largest {@link Connection#queuedBytes()} it ever saw, so a test can assert
 * that the transport's queue stays bounded near the high-water mark, and it checks the
 * callback contract (I/O thread, no data while paused, nothing after onClose, no {@code
 * onWritable} from inside the handler's own write, flush, setAutoRead or close).
 *
 * <p>Subclasses override {@link #onShutdown()} and friends to script behaviour.
 */
public class EchoHandler implements ConnectionHandler {

    protected final EchoStats stats;
    protected Connection connection;
    private CallbackGuard guard;
    private boolean closed;
    private boolean readingPaused;

    public EchoHandler(EchoStats stats) {
        this.stats = stats;
    }

    @Override
    public void onOpen(Connection connection) {
        this.guard = new CallbackGuard(connection);
        this.connection = guard;
        check();
        stats.opened();
    }

    @Override
    public void onData(ByteBuffer chunk) {
        check();
        if (readingPaused) {
            stats.dataWhilePaused.incrementAndGet();
        }
        int n = chunk.remaining();
        stats.chunks.incrementAndGet();
        stats.bytesIn.add(n);
        stats.maxChunk.accumulate(n);
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(chunk).flip();
        connection.write(copy);
        stats.maxQueued.accumulate(connection.queuedBytes());
        connection.flush();
        stats.maxQueued.accumulate(connection.queuedBytes());
        if (!connection.isWritable()) {
            stats.pauses.incrementAndGet();
            readingPaused = true;
            connection.setAutoRead(false);
        }
    }

    @Override
    public void onWritable() {
        check();
        if (guard != null && guard.insideACall()) {
            stats.contractViolations.incrementAndGet(); // re-entered from inside the handler's own call
        }
        stats.writableEvents.incrementAndGet();
        readingPaused = false;
        connection.setAutoRead(true);
    }

    @Override
    public void onShutdown() {
        check();
        stats.shutdownEvents.incrementAndGet();
    }

    @Override
    public void onClose(Throwable cause) {
        check();
        closed = true;
        stats.closed(cause);
    }

    private void check() {
        if (closed || (connection != null && !connection.inEventLoop())) {
            stats.contractViolations.incrementAndGet();
        }
    }
}
