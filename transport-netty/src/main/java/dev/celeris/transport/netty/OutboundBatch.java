package dev.celeris.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * The writes of one connection between two flushes, as few Netty messages as possible: small heap
 * buffers are copied into one pooled direct buffer, which goes to the channel as one message when
 * the connection flushes (or the batch is full, or a write that is not copied has to follow it).
 * Each message costs Netty an outbound entry, a promise, a completion callback, and for heap
 * memory on the epoll and NIO channels a copy into direct memory anyway; HTTP/1.1 pipelining
 * writes a small buffer per response, HTTP/2 a small buffer per frame. Large writes and direct
 * buffers go as their own message, wrapped, not copied. Event loop only.
 */
final class OutboundBatch {

    /** Writes up to this size are copied into the batch. */
    static final int COPY_LIMIT = 8 * 1024;
    /** A batch grows up to this size, then goes out as one message and a new one starts. */
    static final int BATCH_LIMIT = 64 * 1024;
    private static final int INITIAL = 2 * 1024;

    /** Where messages go: {@code bytes} is the readable size of {@code message} when sent. */
    interface Sink {
        void send(ByteBuf message, int bytes);
    }

    private final Sink sink;
    private ByteBuf batch;

    OutboundBatch(Sink sink) {
        this.sink = sink;
    }

    /** Queues {@code buffers} ({@code bytes} readable in all, more than 0) after everything written before. */
    void write(ByteBufAllocator alloc, ByteBuffer[] buffers, int bytes) {
        if (bytes <= COPY_LIMIT && allHeap(buffers)) {
            if (batch != null && batch.readableBytes() + bytes > BATCH_LIMIT) {
                emit();
            }
            if (batch == null) {
                batch = alloc.directBuffer(Math.max(bytes, INITIAL), BATCH_LIMIT);
            }
            for (ByteBuffer b : buffers) {
                int position = b.position();
                batch.writeBytes(b);
                b.position(position); // the caller's buffer is left as it was handed over
            }
            return;
        }
        emit();
        sink.send(buffers.length == 1 ? Unpooled.wrappedBuffer(buffers[0]) : Unpooled.wrappedBuffer(buffers), bytes);
    }

    /** Sends the batch (before a flush or a close). */
    void emit() {
        ByteBuf out = batch;
        if (out != null) {
            batch = null;
            sink.send(out, out.readableBytes());
        }
    }

    /** Drops the batch unsent (the connection is gone or aborted). */
    void release() {
        ByteBuf out = batch;
        if (out != null) {
            batch = null;
            out.release();
        }
    }

    private static boolean allHeap(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.isDirect()) {
                return false;
            }
        }
        return true;
    }
}
