package dev.celeris.engine.internal.hpack;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array the encoder writes a header block into. Reused across blocks by the
 * connection ({@link #reset()}); not thread-safe.
 */
public final class HpackOutput {

    private static final byte[] EMPTY = new byte[0];

    private final int initialCapacity;
    /** Allocated by the first write, so a connection that never sends a header block holds none. */
    private byte[] buf = EMPTY;
    private int size;

    public HpackOutput() {
        this(256);
    }

    public HpackOutput(int initialCapacity) {
        this.initialCapacity = Math.max(initialCapacity, 16);
    }

    /** Appends the low 8 bits of {@code b}. */
    public void write(int b) {
        if (size == buf.length) grow(1);
        buf[size++] = (byte) b;
    }

    public void write(byte[] src, int off, int len) {
        if (len > buf.length - size) grow(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    /** Appends {@code s} as ISO-8859-1 (characters above 0xFF become '?'). */
    void writeLatin1(String s) {
        int len = s.length();
        if (len > buf.length - size) grow(len);
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            b[p++] = (byte) (c <= 0xFF ? c : '?');
        }
        size = p;
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (n > buf.length - size) grow(n);
    }

    public int size() {
        return size;
    }

    /** After writing into {@link #array()} directly (within {@link #ensure}d room). */
    void size(int newSize) {
        size = newSize;
    }

    /** The backing array; bytes {@code [0, size())} are the output. */
    public byte[] array() {
        return buf;
    }

    /** Empties the output, keeping its capacity. */
    public void reset() {
        size = 0;
    }

    /** Copies the output into {@code dst} (which must have {@link #size()} bytes remaining). */
    public void writeTo(ByteBuffer dst) {
        dst.put(buf, 0, size);
    }

    /** A copy of the output. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void grow(int needed) {
        long capacity = Math.max(Math.max((long) buf.length * 2, initialCapacity), (long) size + needed);
        if (capacity > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("header block too large");
        buf = Arrays.copyOf(buf, (int) capacity);
    }
}
