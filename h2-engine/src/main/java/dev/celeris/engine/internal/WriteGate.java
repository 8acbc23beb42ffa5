package dev.celeris.engine.internal;

import dev.celeris.engine.ClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The one back-pressure gate between a handler thread that writes a response and the I/O thread
 * that puts it on the wire, for both protocols: the handler {@link #add adds} the bytes it hands
 * over, the I/O thread reports them {@link #written}, and the handler {@link #await waits} while
 * too many are still queued (the peer's windows or the transport are the limit). A
 * {@link #fail failure} (reset, connection gone, deadline) wakes the writer, whose I/O then
 * throws a {@link ClientException}.
 *
 * <p>One writer thread and the I/O thread; lock-free (a parked writer is unparked).
 */
public final class WriteGate {

    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(WriteGate.class, "queued", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through QUEUED
    private volatile long queued;
    private volatile Thread waiter;
    private volatile String failure;

    /** Writer: {@code bytes} more are handed to the I/O thread. */
    public void add(long bytes) {
        QUEUED.getAndAdd(this, bytes);
    }

    /** Bytes handed over and not yet written. */
    public long queued() {
        return queued;
    }

    /** I/O thread: {@code bytes} reached the transport (or were dropped); wakes the writer at or below {@code wakeAt}. */
    public void written(long bytes, long wakeAt) {
        long left = (long) QUEUED.getAndAdd(this, -bytes) - bytes;
        if (left <= wakeAt) wake();
    }

    /**
     * Writer: blocks while more than {@code limit} bytes are queued.
     *
     * @throws ClientException once the gate failed
     */
    public void await(long limit) throws IOException {
        while (queued > limit) {
            check();
            waiter = Thread.currentThread();
            if (queued > limit && failure == null) LockSupport.park(this);
            waiter = null;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the peer to read");
            }
        }
        check();
    }

    /** @throws ClientException if the gate failed */
    public void check() throws ClientException {
        String f = failure;
        if (f != null) throw new ClientException(0, f);
    }

    /** Any thread: the response can no longer be written; the first reason wins. Wakes the writer. */
    public void fail(String reason) {
        if (failure == null) failure = reason;
        wake();
    }

    /** Why the gate failed, or null. */
    public String failure() {
        return failure;
    }

    private void wake() {
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }
}
