package dev.celeris.transport.jetty;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.ConnectionLimiter;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A bound Jetty listener: a {@link Server} with one {@link ServerConnector} (one acceptor,
 * {@link TransportConfig#ioThreads()} selectors) whose only connection factory is Celeris's,
 * a {@link QueuedThreadPool}, and the set of open connections (for graceful shutdown).
 */
final class JettyTransport implements Transport {

    /** Option: maximum threads of the Jetty thread pool. */
    static final String MAX_THREADS_OPTION = "jetty.maxThreads";
    /** Option: {@code true} runs connection callbacks on virtual threads. Default {@code false}. */
    static final String VIRTUAL_THREADS_OPTION = "jetty.virtualThreads";

    private static final System.Logger LOG = System.getLogger(JettyTransport.class.getName());

    private final Server server;
    private final QueuedThreadPool threadPool;
    private final Executor connectionThreads;
    private final OpenConnections connections = new OpenConnections();
    private ConnectionLimiter limiter;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile ServerConnector connector;
    private volatile InetSocketAddress boundAddress;
    private volatile boolean shuttingDown;
    private CompletableFuture<Void> shutdown; // guarded by this

    private JettyTransport(QueuedThreadPool threadPool, Executor connectionThreads) {
        this.threadPool = threadPool;
        this.connectionThreads = connectionThreads;
        this.server = new Server(threadPool);
    }

    static JettyTransport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        int selectors = config.ioThreads();
        int maxThreads = parseInt(config, MAX_THREADS_OPTION, Math.max(16, 1 + 5 * selectors));
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        pool.setName("celeris-jetty");
        boolean virtual = Boolean.parseBoolean(config.option(VIRTUAL_THREADS_OPTION, "false").trim().toLowerCase(Locale.ROOT));
        Executor connectionThreads = pool;
        if (virtual) {
            Executor vt = VirtualThreads.getNamedVirtualThreadsExecutor("celeris-jetty-vt");
            if (vt == null) {
                throw new IOException(VIRTUAL_THREADS_OPTION + "=true but this JVM has no virtual threads");
            }
            pool.setVirtualThreadsExecutor(vt);
            connectionThreads = vt;
        }
        JettyTransport transport = new JettyTransport(pool, connectionThreads);
        transport.limiter = new ConnectionLimiter(config.maxConnections());
        ServerConnector connector = new CelerisEndPoint.Connector(transport.server, 1, selectors,
                new CelerisConnectionFactory(transport, handlers, config), transport.limiter);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(config.backlog());
        connector.setReuseAddress(config.reuseAddress());
        connector.setReusePort(config.reusePort());
        connector.setAcceptedTcpNoDelay(config.tcpNoDelay());
        if (config.receiveBufferSize() > 0) {
            connector.setAcceptedReceiveBufferSize(config.receiveBufferSize());
        }
        if (config.sendBufferSize() > 0) {
            connector.setAcceptedSendBufferSize(config.sendBufferSize());
        }
        connector.setIdleTimeout(0); // no transport idle timeout: the engine owns timeouts
        transport.server.addConnector(connector);
        transport.connector = connector;
        try {
            transport.server.start();
        } catch (Exception e) {
            try {
                transport.server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? io
                    : new IOException("jetty could not bind " + config.host() + ":" + config.port(), e);
        }
        transport.boundAddress = new InetSocketAddress(config.host(), connector.getLocalPort());
        LOG.log(System.Logger.Level.INFO, "jetty listening on {0} ({1} selectors, {2} max threads{3})",
                transport.localAddress(), selectors, maxThreads, virtual ? ", virtual-thread callbacks" : "");
        return transport;
    }

    private static int parseInt(TransportConfig config, String option, int defaultValue) {
        String value = config.option(option, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new IllegalArgumentException(option + " must be >= 1: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is not a number: " + value, e);
        }
    }

    @Override
    public String name() {
        return JettyTransportProvider.NAME;
    }

    @Override
    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    /** Where connection callbacks run: the pool, or virtual threads. */
    Executor connectionThreads() {
        return connectionThreads;
    }

    QueuedThreadPool threadPool() {
        return threadPool;
    }

    @Override
    public long rejectedConnections() {
        return limiter.rejected();
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    void register(JettyConnection connection) {
        connections.add(connection);
    }

    void unregister(JettyConnection connection) {
        if (connections.remove(connection) && shuttingDown && connections.isEmpty()) {
            drained.complete(null);
        }
    }

    @Override
    public synchronized CompletionStage<Void> shutdown(Duration grace) {
        if (shutdown != null) {
            return shutdown;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        shutdown = done;
        shuttingDown = true;
        connector.shutdown(); // closes the listening socket: stop accepting now
        for (JettyConnection connection : connections.snapshot()) {
            connection.shutdown();
        }
        if (connections.isEmpty()) {
            drained.complete(null);
        }
        long graceNanos = Math.max(0, grace.toNanos());
        CompletableFuture<Void> graceOver = new CompletableFuture<>();
        drained.whenComplete((ignored, failure) -> graceOver.complete(null));
        graceOver.completeOnTimeout(null, graceNanos, TimeUnit.NANOSECONDS).whenComplete((ignored, failure) -> {
            // Never stop Jetty from one of its own pool threads: use a thread of our own.
            Thread.ofPlatform().name("celeris-jetty-shutdown").start(() -> {
                forceClose();
                try {
                    server.stop();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "jetty stop failed", e);
                }
                LOG.log(System.Logger.Level.DEBUG, "jetty transport released");
                done.complete(null);
            });
        });
        return done;
    }

    /** Aborts every connection still open after the grace period and waits for their onClose. */
    private void forceClose() {
        List<JettyConnection> remaining = connections.snapshot();
        if (remaining.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "jetty shutdown: aborting {0} connection(s) after grace", remaining.size());
        IOException reason = new IOException("closed by transport shutdown after the grace period");
        for (JettyConnection connection : remaining) {
            connection.forceClose(reason);
        }
        try {
            drained.get(5, TimeUnit.SECONDS); // every onClose delivered before the pool stops
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "jetty shutdown: {0} connection(s) did not close", connections.size());
        }
    }

    @Override
    public String toString() {
        return "JettyTransport[" + localAddress() + "]";
    }
}
