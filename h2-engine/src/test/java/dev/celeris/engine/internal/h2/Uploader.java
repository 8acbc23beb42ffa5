package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_WINDOW_UPDATE;

import dev.celeris.engine.internal.h2.frame.Frames;
import java.util.HashMap;
import java.util.Map;

/**
 * The client side of flow control for a {@link TestPeer}: knows the windows the server granted
 * (its WINDOW_UPDATE frames, whether or not a test awaited them) and sends request bodies only
 * within them, as a real client does. A server that stops granting window shows up as an upload
 * that cannot go on ({@link AssertionError} "stalled").
 */
final class Uploader {

    private static final int FRAME = 16_384;

    private final TestPeer peer;
    private final int initialStreamWindow;
    private final Map<Integer, Long> streamWindows = new HashMap<>();
    private long connectionWindow = Frames.DEFAULT_WINDOW_SIZE;
    /** Everything the server ever credited to the connection, and everything sent. */
    private long connectionCredit;
    private long sent;
    private int scanned;

    Uploader(TestPeer peer, int initialStreamWindow) {
        this.peer = peer;
        this.initialStreamWindow = initialStreamWindow;
    }

    /** Reads what the server flushed so far and applies its WINDOW_UPDATEs. */
    void refresh(long millis) {
        peer.arrives(millis, f -> false);
        for (; scanned < peer.seen.size(); scanned++) {
            TestPeer.Frame f = peer.seen.get(scanned);
            if (f.type() != TYPE_WINDOW_UPDATE) continue;
            if (f.streamId() == 0) {
                connectionWindow += f.increment();
                connectionCredit += f.increment();
            } else {
                streamWindows.merge(f.streamId(), (long) f.increment(), Long::sum);
            }
        }
    }

    /**
     * Sends up to {@code length} body bytes on {@code streamId}, only what the windows allow now
     * (no waiting); returns how many were sent. {@code endStream} goes with the last of them.
     */
    long offer(int streamId, long length, boolean endStream) {
        refresh(0);
        streamWindows.putIfAbsent(streamId, (long) initialStreamWindow);
        long n = Math.min(length, Math.min(connectionWindow, streamWindows.get(streamId)));
        if (n <= 0) return 0;
        java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
        for (long done = 0; done < n; ) {
            int chunk = (int) Math.min(n - done, FRAME);
            done += chunk;
            frames.writeBytes(TestPeer.data(streamId, endStream && done == n && n == length, zeros(chunk)));
        }
        peer.send(frames.toByteArray());
        connectionWindow -= n;
        streamWindows.merge(streamId, -n, Long::sum);
        sent += n;
        return n;
    }

    /** Applies what was read, then lets the peer forget it (long runs). */
    void forgetSeen() {
        refresh(0);
        peer.forgetSeen();
        scanned = 0;
    }

    /** Sends {@code length} body bytes on {@code streamId} within both windows, waiting for updates. */
    void upload(int streamId, long length, boolean endStream) {
        streamWindows.putIfAbsent(streamId, (long) initialStreamWindow);
        long left = length;
        long stalledSince = System.currentTimeMillis();
        while (left > 0) {
            long room = Math.min(connectionWindow, streamWindows.get(streamId));
            if (room <= 0) {
                refresh(5);
                if (System.currentTimeMillis() - stalledSince > TestPeer.TIMEOUT_MS) {
                    throw new AssertionError("upload on stream " + streamId + " stalled: connection window "
                            + connectionWindow + ", stream window " + streamWindows.get(streamId) + ", " + left + " bytes left");
                }
                continue;
            }
            // One batch of frames per hop to the I/O thread, as a socket read would deliver them.
            long batch = Math.min(Math.min(room, left), 16L * FRAME);
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream((int) batch + 256);
            for (long done = 0; done < batch; ) {
                int n = (int) Math.min(batch - done, FRAME);
                done += n;
                left -= n;
                frames.writeBytes(TestPeer.data(streamId, endStream && left == 0, zeros(n)));
            }
            peer.send(frames.toByteArray());
            connectionWindow -= batch;
            streamWindows.merge(streamId, -batch, Long::sum);
            sent += batch;
            stalledSince = System.currentTimeMillis();
        }
        if (length == 0 && endStream) peer.send(TestPeer.data(streamId, true, new byte[0]));
    }

    private static final byte[] ZEROS = new byte[FRAME];

    private static byte[] zeros(int n) {
        return n == FRAME ? ZEROS : new byte[n];
    }

    /** The connection window the client may use now. */
    long connectionWindow() {
        return connectionWindow;
    }

    long sent() {
        return sent;
    }

    long connectionCredit() {
        return connectionCredit;
    }
}
