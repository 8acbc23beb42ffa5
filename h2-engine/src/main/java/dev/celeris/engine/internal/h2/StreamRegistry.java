package dev.celeris.engine.internal.h2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The streams of one connection: the active ones by id (an open-addressing int map, no
 * boxing), the highest client stream id seen, and a bounded memory of recently closed streams.
 * I/O thread only.
 *
 * <p>Bounded bookkeeping: client stream ids only grow (§5.1.1), so any id at or below
 * {@link #lastClientStreamId()} that is not active is closed, and any id above it is idle; no
 * per-id set is needed. The small ring of recent closures only refines <em>how</em> a stream
 * closed, because §5.1 treats frames after our RST_STREAM (ignore) differently from frames
 * after the peer's END_STREAM or RST_STREAM (STREAM_CLOSED).
 */
final class StreamRegistry {

    /**
     * How a recently closed stream ended. {@code RESPONDED_EARLY}: the response ended before the
     * request, and RST_STREAM NO_ERROR told the peer to stop sending (§8.1).
     */
    enum Closure { RESET_SENT, RESET_RECEIVED, RESPONDED_EARLY, ENDED, UNKNOWN }

    private static final int RECENT = 256;

    /** One empty slot shared by every connection that has not opened a stream yet (never written). */
    private static final int[] NO_KEYS = new int[1];
    private static final H2Stream[] NO_VALUES = new H2Stream[1];

    /** Shared empty slots until the first stream, then 8, doubling at half full as streams open. */
    private int[] keys = NO_KEYS;
    private H2Stream[] values = NO_VALUES;
    private int size;

    /** Allocated at the first closure, so an idle connection does not pay for the ring. */
    private int[] recentIds;
    private Closure[] recentClosures;
    private int recentNext;

    private int lastClientStreamId;

    int lastClientStreamId() {
        return lastClientStreamId;
    }

    int activeCount() {
        return size;
    }

    H2Stream get(int id) {
        int mask = keys.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == id) return values[i];
            if (k == 0) return null;
        }
    }

    /** Registers a new client stream; its id must be above every id seen before. */
    void add(H2Stream stream) {
        if (stream.id > lastClientStreamId) lastClientStreamId = stream.id;
        if ((size + 1) * 2 > keys.length) grow();
        insert(keys, values, stream);
        size++;
    }

    /** Notes a new id the peer used without creating a stream (e.g. a refused one). */
    void skipTo(int id) {
        if (id > lastClientStreamId) lastClientStreamId = id;
    }

    /** Removes a stream that reached CLOSED and remembers how it closed. */
    void remove(H2Stream stream, Closure how) {
        int mask = keys.length - 1;
        int i = mix(stream.id) & mask;
        while (keys[i] != stream.id) {
            if (keys[i] == 0) return;
            i = (i + 1) & mask;
        }
        keys[i] = 0;
        values[i] = null;
        size--;
        // Re-insert the rest of the probe run so lookups never stop early (linear probing delete).
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            H2Stream moved = values[j];
            keys[j] = 0;
            values[j] = null;
            insert(keys, values, moved);
        }
        remember(stream.id, how);
    }

    /** Remembers how a stream that never became active closed (e.g. refused with RST_STREAM). */
    void remember(int id, Closure how) {
        if (recentIds == null) {
            recentIds = new int[RECENT];
            recentClosures = new Closure[RECENT];
        }
        recentIds[recentNext] = id;
        recentClosures[recentNext] = how;
        recentNext = (recentNext + 1) % RECENT;
    }

    /** How a closed stream at or below the last client id ended, as far as we remember. */
    Closure closure(int id) {
        if (recentIds == null) return Closure.UNKNOWN;
        for (int i = 0; i < RECENT; i++) {
            if (recentIds[i] == id && recentClosures[i] != null) return recentClosures[i];
        }
        return Closure.UNKNOWN;
    }

    /** Whether {@code id} is a client stream id that was never used (§5.1 idle). */
    boolean isIdle(int id) {
        return id > lastClientStreamId;
    }

    /** A snapshot of the active streams. */
    List<H2Stream> active() {
        List<H2Stream> list = new ArrayList<>(size);
        for (H2Stream s : values) if (s != null) list.add(s);
        return list;
    }

    private void grow() {
        int[] newKeys = new int[Math.max(8, keys.length * 2)];
        H2Stream[] newValues = new H2Stream[newKeys.length];
        for (H2Stream s : values) if (s != null) insert(newKeys, newValues, s);
        keys = newKeys;
        values = newValues;
    }

    private static void insert(int[] keys, H2Stream[] values, H2Stream stream) {
        int mask = keys.length - 1;
        int i = mix(stream.id) & mask;
        while (keys[i] != 0) i = (i + 1) & mask;
        keys[i] = stream.id;
        values[i] = stream;
    }

    private static int mix(int id) {
        return (id >>> 1) * 0x9E3779B9 >>> 7;
    }

    @Override
    public String toString() {
        return "streams{active=" + size + ", last=" + lastClientStreamId + ", recent=" + Arrays.toString(recentIds) + "}";
    }
}
