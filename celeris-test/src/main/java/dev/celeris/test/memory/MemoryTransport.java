package dev.celeris.test.memory;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A bound in-memory listener: a virtual port in a process-wide table, and single-thread event
 * loops that run every callback of the connections pinned to them.
 */
final class MemoryTransport implements Transport {

    /** Bound transports by port: several only when all of them asked for {@code reusePort}. */
    private static final Map<Integer, List<MemoryTransport>> BOUND = new ConcurrentHashMap<>();
    private static final AtomicInteger SPREAD = new AtomicInteger();
    private static final AtomicInteger CLIENT_PORTS = new AtomicInteger(40_000);

    private final TransportConfig config;
    private final ConnectionHandler.Factory handlers;
    private final InetSocketAddress address;
    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<MemoryConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong rejected = new AtomicLong();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile CompletableFuture<Void> shutdown;

    private MemoryTransport(TransportConfig config, ConnectionHandler.Factory handlers, int port) {
        this.config = config;
        this.handlers = handlers;
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.loops = new EventLoop[config.ioThreads()];
        for (int i = 0; i < loops.length; i++) loops[i] = new EventLoop("celeris-memory-" + port + "-" + i);
    }

    static MemoryTransport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        int port = config.port() == 0 ? freePortNumber() : config.port();
        MemoryTransport transport = new MemoryTransport(config, handlers, port);
        boolean[] bound = {false};
        BOUND.compute(port, (p, list) -> {
            if (list == null) list = List.of();
            boolean shared = config.reusePort() && list.stream().allMatch(t -> t.config.reusePort());
            if (!list.isEmpty() && !shared) return list;
            bound[0] = true;
            return Stream.concat(list.stream(), Stream.of(transport)).toList();
        });
        if (!bound[0]) {
            transport.releaseLoops();
            throw new BindException("memory port " + port + " is already bound (without reusePort on both)");
        }
        return transport;
    }

    /**
     * A port number no real listener has right now, so that a socket client that reaches for
     * it by mistake is refused instead of talking to someone else.
     */
    private static int freePortNumber() throws IOException {
        while (true) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            if (!BOUND.containsKey(port)) return port;
        }
    }

    /** Opens a connection to the transport bound at {@code port}; the client end is returned. */
    static MemoryConnection connect(int port, int receiveBuffer) throws ConnectException {
        List<MemoryTransport> listeners = BOUND.getOrDefault(port, List.of());
        if (listeners.isEmpty()) throw new ConnectException("Connection refused: no memory transport on port " + port);
        return listeners.get(Math.floorMod(SPREAD.getAndIncrement(), listeners.size())).accept(receiveBuffer);
    }

    private MemoryConnection accept(int receiveBuffer) {
        EventLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                CLIENT_PORTS.getAndUpdate(p -> p >= 65_000 ? 40_000 : p + 1));
        int max = config.maxConnections();
        if (max > 0 && open.size() >= max) {
            rejected.incrementAndGet();
            return MemoryConnection.refused(this, loop, address, remote);   // accepted, then closed at once
        }
        MemoryConnection c = new MemoryConnection(this, loop, handlers.newHandler(), address, remote, receiveBuffer);
        open.add(c);
        c.start();
        return c;
    }

    TransportConfig config() {
        return config;
    }

    void closed(MemoryConnection c) {
        open.remove(c);
        CompletableFuture<Void> s = shutdown;
        if (s != null && open.isEmpty()) finish();
    }

    @Override
    public long rejectedConnections() {
        return rejected.get();
    }

    @Override
    public String name() {
        return MemoryTransportProvider.NAME;
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public synchronized CompletionStage<Void> shutdown(Duration grace) {
        if (shutdown != null) return terminated;
        shutdown = new CompletableFuture<>();
        BOUND.computeIfPresent(address.getPort(), (p, list) -> {
            List<MemoryTransport> rest = list.stream().filter(t -> t != this).toList();
            return rest.isEmpty() ? null : rest;
        });
        for (MemoryConnection c : open) c.shutdown();
        CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            for (MemoryConnection c : open) c.forceClose(new IOException("closed by the transport's shutdown after the grace period"));
        });
        if (open.isEmpty()) finish();
        return terminated;
    }

    private void finish() {
        if (terminated.isDone()) return;
        releaseLoops();
        terminated.complete(null);
    }

    private void releaseLoops() {
        for (EventLoop loop : loops) loop.executor.shutdown();
    }

    /** One I/O thread; knows its thread so that connections can answer {@code inEventLoop()}. */
    static final class EventLoop {
        final ExecutorService executor;
        volatile Thread thread;

        EventLoop(String name) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                thread = t;
                return t;
            });
        }

        void execute(Runnable task) {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the transport has terminated: the connection is closed, nothing is delivered
            }
        }

        boolean inLoop() {
            return Thread.currentThread() == thread;
        }
    }
}
