package dev.celeris.engine.internal.ws;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte array bounded by the max message size: appending past it fails with 1009. */
final class MessageBuffer {

    private final long limit;
    private byte[] bytes = new byte[0];
    private int size;

    MessageBuffer(long limit) {
        this.limit = limit;
    }

    void append(ByteBuffer data) throws WsException {
        int n = data.remaining();
        ensure(n);
        data.get(data.position(), bytes, size, n);
        size += n;
    }

    void append(byte[] data, int off, int len) throws WsException {
        ensure(len);
        System.arraycopy(data, off, bytes, size, len);
        size += len;
    }

    private void ensure(int n) throws WsException {
        long need = (long) size + n;
        if (need > limit) {
            throw new WsException(WsFrames.CLOSE_TOO_BIG, "message over the limit of " + limit + " bytes");
        }
        if (need > bytes.length) {
            long grown = Math.max(need, Math.min(limit, Math.max(256L, bytes.length * 2L)));
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    /** The bytes from {@code from} to the end, as a view valid until the next append. */
    ByteBuffer view(int from) {
        return ByteBuffer.wrap(bytes, from, size - from);
    }

    int size() {
        return size;
    }

    /** The content, then empty again (the array is handed over, not copied, when it fits exactly). */
    byte[] take() {
        byte[] out = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        bytes = new byte[0];
        size = 0;
        return out;
    }
}
