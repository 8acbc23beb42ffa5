package dev.celeris.transport.nio;

import java.nio.ByteBuffer;

/**
 * A growable ring of outbound buffers for one connection, touched only by its event loop.
 * Unlike {@link java.util.ArrayDeque} it fills a gathering-write array without an iterator, so
 * the write path allocates nothing once the ring has grown to the connection's working size.
 */
final class WriteQueue {

    /** Two slots to start (an idle connection wrote its SETTINGS and holds the ring): doubles with a burst. */
    private ByteBuffer[] ring = new ByteBuffer[2];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(ByteBuffer buffer) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = buffer;
        size++;
    }

    ByteBuffer first() {
        return ring[head];
    }

    void removeFirst() {
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    /**
     * Copies up to {@code iov.length} leading buffers into {@code iov}, stopping once they hold
     * {@code maxBytes}; the last one may be trimmed (its limit lowered) to stay within the budget,
     * and its original limit is saved in {@code limits} for {@link #restore}.
     *
     * @return how many entries of {@code iov} were filled (at least one when not empty)
     */
    int fill(ByteBuffer[] iov, int[] limits, long maxBytes) {
        int n = Math.min(size, iov.length);
        long budget = maxBytes;
        int mask = ring.length - 1;
        for (int i = 0; i < n; i++) {
            ByteBuffer b = ring[(head + i) & mask];
            iov[i] = b;
            int limit = b.limit();
            limits[i] = limit;
            int remaining = limit - b.position();
            if (remaining >= budget) {
                b.limit(b.position() + (int) budget);
                return i + 1;
            }
            budget -= remaining;
        }
        return n;
    }

    /** Restores the limits {@link #fill} saved and forgets the {@code iov} references. */
    static void restore(ByteBuffer[] iov, int[] limits, int n) {
        for (int i = 0; i < n; i++) {
            iov[i].limit(limits[i]);
            iov[i] = null;
        }
    }

    void clear() {
        while (size > 0) {
            removeFirst();
        }
        head = 0;
    }

    private void grow() {
        ByteBuffer[] bigger = new ByteBuffer[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }
}
