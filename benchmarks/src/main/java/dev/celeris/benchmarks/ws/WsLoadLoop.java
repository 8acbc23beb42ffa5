package dev.celeris.benchmarks.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.List;

/**
 * {@link WsLoad}'s event loop on one thread. Echo: every connection starts with {@code window}
 * messages in flight and sends one more per echo received. Broadcast: the publisher keeps at most
 * {@code window} messages ahead of the slowest subscriber (so no subscriber's backlog grows past
 * {@code window} messages and a server's slow-consumer limit is never what is measured). Only
 * messages completed inside the timed window count.
 */
final class WsLoadLoop {

    private static final long PRIME_TIMEOUT_NANOS = 15_000_000_000L;

    private final Selector selector;
    private final List<WsClientConnection> conns;   // echo connections, or the subscribers
    private final WsClientConnection publisher;     // null in echo mode
    private final int window;
    private final boolean keepLatency;
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
    private final long[][] sentAt;                  // rings of send times: per echo connection, or [0] = publisher
    private final int[] head;                       // echo: next ring slot to complete
    private final int[] tail;                       // echo: next ring slot to fill
    private final long[] delivered;                 // broadcast: messages received per subscriber
    private long published;
    private long minDelivered;
    private long[] latencies = new long[1024];
    private int latencyCount;
    private long errored;

    WsLoadLoop(Selector selector, List<WsClientConnection> conns, WsClientConnection publisher, int window,
               boolean keepLatency) {
        this.selector = selector;
        this.conns = conns;
        this.publisher = publisher;
        this.window = window;
        this.keepLatency = keepLatency;
        this.sentAt = new long[publisher == null ? conns.size() : 1][window];
        this.head = new int[conns.size()];
        this.tail = new int[conns.size()];
        this.delivered = new long[conns.size()];
        for (int i = 0; i < conns.size(); i++) conns.get(i).key.attach(i);
        if (publisher != null) publisher.key.attach(-1);
    }

    WsLoad.Result run(long windowNanos, long requests, List<WsClientConnection> all) throws IOException {
        for (int i = 0; i < conns.size(); i++) {
            ByteBuffer left = conns.get(i).takeLeftover();
            if (left != null && left.hasRemaining() && conns.get(i).parse(left) > 0) {
                throw new IOException("connection " + i + ": a message before any was sent");
            }
        }
        if (publisher != null) prime();
        long start = System.nanoTime();
        long end = start + windowNanos;
        long done = 0;
        if (publisher == null) {
            for (int i = 0; i < conns.size(); i++) {
                WsClientConnection c = conns.get(i);
                for (int k = 0; k < window; k++) send(i, c, start);
                c.flush();
            }
        } else if (publish(start)) {
            publisher.flush();
        }
        long now = start;
        while (now < end && errored == 0 && (requests <= 0 || done < requests)) {
            selector.select(Math.max(1, (end - now) / 1_000_000));
            now = System.nanoTime();
            boolean counting = now < end;
            for (SelectionKey key : selector.selectedKeys()) {
                int index = (Integer) key.attachment();
                WsClientConnection c = index < 0 ? publisher : conns.get(index);
                int got = service(key, c);
                if (got > 0 && counting) {
                    done += got;
                    if (publisher == null) {
                        completeEchoes(index, got, now);
                        for (int k = 0; k < got; k++) send(index, c, now);
                    } else {
                        completeDeliveries(index, got, now);
                    }
                }
                if (c.hasQueued() && key.isValid()) c.flush();
            }
            selector.selectedKeys().clear();
            if (publisher != null && counting && publish(now)) publisher.flush();
        }
        long bad = 0;
        for (WsClientConnection c : conns) bad += c.bad;
        double seconds = (Math.min(now, end) - start) / 1e9;
        closeAll(all);
        return new WsLoad.Result(done, bad, errored, seconds, keepLatency ? Arrays.copyOf(latencies, latencyCount) : null);
    }

    /**
     * The closing handshake for every connection still open: a close frame, then reading (and
     * dropping) what is still in flight until the server closes, for at most two seconds, so
     * servers see a clean close rather than a reset.
     */
    private void closeAll(List<WsClientConnection> all) throws IOException {
        int open = 0;
        for (WsClientConnection c : all) {
            if (c.key.isValid() && c.queueClose()) {
                c.flush();
                open++;
            }
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (open > 0 && System.nanoTime() < deadline) {
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) continue;
                WsClientConnection c = (Integer) key.attachment() < 0 ? publisher : conns.get((Integer) key.attachment());
                if (key.isWritable()) c.flush();
                if (!key.isReadable()) continue;
                in.clear();
                if (c.channel.read(in) < 0) {
                    key.cancel();
                    c.channel.close();
                    open--;
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /**
     * Before the window: servers may add a subscriber to their group only after its 101 went out,
     * so one probe message at a time is published until one reaches every subscriber; FIFO order
     * per subscriber means nothing is in flight after that. Then the counters start from zero.
     */
    private void prime() throws IOException {
        long deadline = System.nanoTime() + PRIME_TIMEOUT_NANOS;
        while (true) {
            long[] before = delivered.clone();
            if (!publisher.queueMessage()) throw new IOException("publisher's buffer full while priming");
            publisher.flush();
            long probeEnd = System.nanoTime() + 200_000_000L;
            while (!allAbove(before) && System.nanoTime() < probeEnd && errored == 0) {
                selector.select(20);
                for (SelectionKey key : selector.selectedKeys()) {
                    int index = (Integer) key.attachment();
                    WsClientConnection c = index < 0 ? publisher : conns.get(index);
                    int got = service(key, c);
                    if (index >= 0) delivered[index] += got;
                    if (c.hasQueued() && key.isValid()) c.flush();
                }
                selector.selectedKeys().clear();
            }
            if (errored > 0) throw new IOException("a connection closed while priming the broadcast");
            if (allAbove(before)) break;
            if (System.nanoTime() > deadline) throw new IOException("not every subscriber receives broadcasts");
        }
        Arrays.fill(delivered, 0);
        for (WsClientConnection c : conns) {
            c.messages = 0;
            c.bad = 0;
        }
    }

    private boolean allAbove(long[] before) {
        for (int i = 0; i < delivered.length; i++) if (delivered[i] <= before[i]) return false;
        return true;
    }

    /** Flushes and reads one ready connection; returns the whole messages it completed. */
    private int service(SelectionKey key, WsClientConnection c) throws IOException {
        if (!key.isValid()) return 0;
        if (key.isWritable()) c.flush();
        if (!key.isReadable()) return 0;
        in.clear();
        int got = 0;
        if (c.channel.read(in) < 0) {
            c.closedBy = "end of stream";
        } else {
            in.flip();
            got = c.parse(in);
        }
        if (c.closedBy != null) {
            System.err.println("connection " + key.attachment() + " closed: " + c.closedBy);
            errored++;
            key.cancel();
        }
        return got;
    }

    private void send(int index, WsClientConnection c, long now) {
        if (c.queueMessage()) {
            sentAt[index][tail[index]] = now;
            tail[index] = (tail[index] + 1) % window;
        }
    }

    private void completeEchoes(int index, int got, long now) {
        long[] ring = sentAt[index];
        for (int k = 0; k < got; k++) {
            latency(now - ring[head[index]]);
            head[index] = (head[index] + 1) % window;
        }
    }

    private void completeDeliveries(int index, int got, long now) {
        if (index < 0) return;
        long[] ring = sentAt[0];
        for (int k = 0; k < got; k++) {
            latency(now - ring[(int) (delivered[index] % window)]);
            delivered[index]++;
        }
    }

    /** Publishes while the publisher is fewer than {@code window} messages ahead of every subscriber. */
    private boolean publish(long now) {
        boolean any = false;
        while (true) {
            if (published - minDelivered >= window) {
                long min = Long.MAX_VALUE;
                for (long d : delivered) min = Math.min(min, d);
                minDelivered = min;
                if (published - minDelivered >= window) return any;
            }
            if (!publisher.queueMessage()) return any;
            sentAt[0][(int) (published % window)] = now;
            published++;
            any = true;
        }
    }

    private void latency(long nanos) {
        if (!keepLatency) return;
        if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencyCount * 2);
        latencies[latencyCount++] = nanos;
    }
}
