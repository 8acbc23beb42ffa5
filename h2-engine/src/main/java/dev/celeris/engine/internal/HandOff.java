package dev.celeris.engine.internal;

import dev.celeris.spi.Connection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The one hand-off from handler threads to a connection's I/O thread, for both protocols: a
 * lock-free multi-producer single-consumer queue (intrusive, Vyukov style: the operation is its
 * own node, so handing work over allocates nothing else) plus one atomic flag, so a burst of
 * operations from many handler threads costs a single {@link Connection#execute}, and the I/O
 * thread runs them all and flushes once.
 *
 * @param <T> the protocol's operation type (a sealed hierarchy of {@link Node}s)
 */
public final class HandOff<T extends HandOff.Node> implements Runnable {

    /** An operation handed to the I/O thread; the queue links through it. */
    public abstract static class Node {
        volatile Node next;
    }

    private static final class Stub extends Node {
    }

    /** Field handles instead of Atomic* wrappers: two objects less per connection. */
    private static final VarHandle TAIL;
    private static final VarHandle SCHEDULED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(HandOff.class, "tail", Node.class);
            SCHEDULED = lookup.findVarHandle(HandOff.class, "scheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Connection connection;
    private final Consumer<T> processor;
    private final Runnable afterDrain;
    private volatile Node tail;
    private volatile boolean scheduled;
    private Node head;
    /** Set by the I/O thread while it will drain anyway (inside a read pass). */
    private boolean draining;

    /**
     * @param processor  runs each operation on the I/O thread
     * @param afterDrain runs on the I/O thread after a scheduled drain (writes pending work and flushes)
     */
    public HandOff(Connection connection, Consumer<T> processor, Runnable afterDrain) {
        this.connection = connection;
        this.processor = processor;
        this.afterDrain = afterDrain;
        Node stub = new Stub();
        this.head = stub;
        this.tail = stub;
    }

    /** Any thread: queues {@code op} and makes sure the I/O thread will process it. */
    public void submit(T op) {
        Node prev = (Node) TAIL.getAndSet(this, op);
        prev.next = op;
        if (draining && connection.inEventLoop()) {
            return; // the current I/O pass drains before it flushes
        }
        if (SCHEDULED.compareAndSet(this, false, true)) {
            connection.execute(this);
        }
    }

    /** I/O thread: marks the start/end of a pass that drains before flushing. */
    public void setDraining(boolean on) {
        draining = on;
    }

    /** I/O thread: processes every queued operation. */
    @SuppressWarnings("unchecked")
    public void drain() {
        while (true) {
            Node next = head.next;
            if (next == null) {
                if (tail == head) return;
                Thread.onSpinWait(); // a producer swapped the tail but has not linked yet
                continue;
            }
            head.next = null;
            head = next;
            processor.accept((T) next);
        }
    }

    /** The scheduled drain (on the I/O thread): the queue is its own task, no lambda per connection. */
    @Override
    public void run() {
        scheduled = false;
        drain();
        afterDrain.run();
    }
}
