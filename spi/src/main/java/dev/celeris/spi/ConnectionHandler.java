package dev.celeris.spi;

import java.nio.ByteBuffer;

/**
 * The protocol side of one accepted connection. The transport creates one per connection
 * through {@link Factory#newHandler()} and calls it only from that connection's I/O thread,
 * never concurrently, in this order: {@link #onOpen} once, then any number of
 * {@link #onData}, {@link #onWritable} and {@link #onShutdown} (with at most one
 * {@link #onInputClosed}, after which no {@code onData} comes), then {@link #onClose} once.
 *
 * <p>Exceptions thrown by a callback are caught by the transport, logged at debug, and close
 * that connection abortively; they never affect other connections or the I/O thread.
 */
public interface ConnectionHandler {

    /** Creates handlers; called on an I/O thread for every accepted connection. Must be thread-safe. */
    @FunctionalInterface
    interface Factory {
        ConnectionHandler newHandler();
    }

    /** The connection is established. Keep {@code connection} for writing. */
    void onOpen(Connection connection);

    /**
     * Bytes arrived. {@code chunk} holds them between its position and limit and is valid only
     * during this call: the transport reuses or releases it afterwards, so copy what you keep.
     * Chunks arrive in order; their boundaries carry no meaning.
     */
    void onData(ByteBuffer chunk);

    /**
     * The transport's queued outbound bytes fell below the low-water mark after
     * {@link Connection#isWritable()} had returned {@code false}.
     */
    default void onWritable() {
    }

    /**
     * The peer finished sending (end of stream; TCP half-close): no more {@link #onData} will
     * come, but the connection may still be writable. Return {@code false} (the default) to let
     * the transport close it orderly now — bytes already queued are still flushed — or
     * {@code true} to keep it open for writing, for example while a response to the last request
     * is still being produced; the handler then calls {@link Connection#close()} when done.
     */
    default boolean onInputClosed() {
        return false;
    }

    /**
     * The transport started a graceful shutdown. The handler should stop taking new work,
     * finish what is in flight and then {@link Connection#close()}. The transport force-closes
     * connections still open when the grace period ends.
     */
    default void onShutdown() {
    }

    /**
     * The connection is closed: by the peer (end of stream), by {@link Connection#close()} or
     * {@link Connection#abort()}, or by an error. {@code cause} is {@code null} for those
     * requested closes and the peer's end of stream; otherwise it is the error (an
     * {@link java.io.IOException} from the socket such as a reset, the exception a callback
     * threw, or the transport's reason for a forced close at the end of a shutdown grace period).
     * Called exactly once; nothing is called after it.
     */
    void onClose(Throwable cause);
}
