package dev.celeris.transport.nio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer single-consumer FIFO of tasks (Vyukov's intrusive MPSC queue):
 * one allocation and one atomic swap per {@link #offer}, no locks. Each task may carry the
 * connection it belongs to so a failing task closes only that connection.
 *
 * <p>Thread rules: {@link #offer} from any thread; {@link #poll} and {@link #isEmpty} only from
 * the consumer (the event loop). Tasks offered by one thread are polled in that order.
 */
final class TaskQueue {

    static final class Node {
        Runnable task;
        NioConnection owner;
        volatile Node next;

        Node(Runnable task, NioConnection owner) {
            this.task = task;
            this.owner = owner;
        }
    }

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(TaskQueue.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Consumer-owned: the last node taken (a stub whose task has run). */
    private Node head;
    /** Producers swap themselves in here. */
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Node tail;

    TaskQueue() {
        Node stub = new Node(null, null);
        head = stub;
        tail = stub;
    }

    void offer(Runnable task, NioConnection owner) {
        Node node = new Node(task, owner);
        Node previous = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(previous, node);
    }

    /**
     * The next node, or {@code null} when empty (or when a producer is half-way through offer).
     * The node becomes the queue's stub: the caller reads its task and owner and clears them.
     */
    Node poll() {
        Node next = head.next;
        if (next == null) {
            return null;
        }
        head = next;
        return next;
    }

    boolean isEmpty() {
        return head.next == null;
    }
}
