package dev.celeris.router;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import dev.celeris.spi.proxy.ProxyProtocol;
import dev.celeris.spi.proxy.ProxyProtocolConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Configures and starts a {@link Server}. Defaults: host {@code 0.0.0.0}, port 8080, the
 * transport {@link Transports#select} picks (the {@code celeris.transport} system property,
 * else the highest-priority one: {@code nio}), {@link EngineConfig#defaults()}, one virtual
 * thread per request, 10 s shutdown grace.
 */
public final class ServerBuilder {

    private String host = TransportConfig.DEFAULT_HOST;
    private int port = TransportConfig.DEFAULT_PORT;
    private String transport;
    private EngineConfig engine = EngineConfig.defaults();
    private Executor executor;
    private EngineObserver observer = EngineObserver.NONE;
    private boolean inline;
    private ProxyProtocolConfig proxyProtocol;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Integer ioThreads;
    private final Map<String, String> options = new LinkedHashMap<>();
    /** Changes to the transport config in call order: {@link #transportConfig(Consumer)} and config keys. */
    private final List<UnaryOperator<TransportConfig>> transportEdits = new ArrayList<>();
    private dev.celeris.spi.tls.TlsConfig tls;

    ServerBuilder() {
    }

    public ServerBuilder host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    /** The port; 0 picks a free one ({@link Server#port()} tells which). */
    public ServerBuilder port(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        this.port = port;
        return this;
    }

    /** The transport by name ({@code nio}, {@code netty}, {@code jetty}); null picks the default. */
    public ServerBuilder transport(String name) {
        this.transport = name;
        return this;
    }

    /** Engine settings: protocols, HTTP/2 and HTTP/1.1 limits, body size, idle timeout. */
    public ServerBuilder engine(EngineConfig config) {
        this.engine = Objects.requireNonNull(config);
        return this;
    }

    /** Runs handlers on {@code executor} instead of one virtual thread per request. */
    /**
     * Adds an observer of engine events (connections, exchanges, HTTP/2 streams, limits), e.g. a
     * metrics binder; several calls add several observers, after any set on the engine config.
     */
    public ServerBuilder observer(EngineObserver observer) {
        this.observer = EngineObserver.both(this.observer, Objects.requireNonNull(observer));
        return this;
    }

    public ServerBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor);
        return this;
    }

    /**
     * Runs handlers inline on the connection's I/O thread once the whole request has arrived
     * (no thread hand-off). Only for handlers that never block.
     */
    public ServerBuilder inlineHandlers(boolean on) {
        this.inline = on;
        return this;
    }

    /** How long {@link Server#close()} lets in-flight requests finish. */
    public ServerBuilder shutdownGrace(Duration grace) {
        if (grace.isNegative()) throw new IllegalArgumentException("negative grace");
        this.shutdownGrace = grace;
        return this;
    }

    /** I/O event loops of the transport (default: available processors). */
    public ServerBuilder ioThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("ioThreads must be >= 1: " + n);
        this.ioThreads = n;
        return this;
    }

    /**
     * Expect the PROXY protocol (v1/v2) header on every connection of this listener, before TLS
     * and HTTP: {@link Context#clientIp()} and {@link Context#remoteAddress()} then report the
     * client the proxy announced (e.g. HAProxy's {@code send-proxy-v2}). Only for listeners that
     * nothing but your proxies can reach. Default: off.
     */
    public ServerBuilder proxyProtocol(ProxyProtocolConfig config) {
        this.proxyProtocol = Objects.requireNonNull(config);
        return this;
    }

    /** A transport-specific option, e.g. {@code option("epoll", "false")} for netty. */
    public ServerBuilder option(String name, String value) {
        options.put(name, value);
        return this;
    }

    /** Full access to the transport's socket settings (buffer sizes, backlog, water marks...). */
    public ServerBuilder transportConfig(Consumer<TransportConfig.Builder> customizer) {
        Objects.requireNonNull(customizer);
        transportEdits.add(tc -> {
            TransportConfig.Builder b = tc.toBuilder();
            customizer.accept(b);
            return b.build();
        });
        return this;
    }

    /**
     * Serves HTTPS with these settings: TLS 1.3/1.2, HTTP/2 or HTTP/1.1 by ALPN (docs/tls.md).
     * For cleartext as well, start a second server with the same router on another port.
     */
    public ServerBuilder tls(dev.celeris.spi.tls.TlsConfig config) {
        this.tls = config;
        return this;
    }

    /**
     * Applies a configuration file ({@code .properties}, {@code .yaml}/{@code .yml}; null for
     * none), then the {@code CELERIS_*} environment variables over it, to this builder. Builder
     * calls made after this one override both. Keys and precedence: docs/configuration.md.
     *
     * @throws ConfigException naming the key, for an unknown key or a bad value
     */
    public ServerBuilder config(Path file) {
        return config(file, System.getenv());
    }

    /** {@link #config(Path)} with the given environment instead of the process's. */
    public ServerBuilder config(Path file, Map<String, String> environment) {
        if (file != null) ConfigBinding.apply(this, ConfigSources.file(file));
        ConfigBinding.apply(this, ConfigSources.environment(environment));
        return this;
    }

    /** Applies configuration keys given as a map (e.g. {@code "http2.maxConcurrentStreams" -> "50"}). */
    public ServerBuilder config(Map<String, String> keys) {
        ConfigBinding.apply(this, ConfigSources.map(keys, "config map"));
        return this;
    }

    dev.celeris.spi.tls.TlsConfig tlsConfig() {
        return tls;
    }

    EngineConfig engineConfig() {
        return engine;
    }

    Duration shutdownGrace() {
        return shutdownGrace;
    }

    boolean inlineHandlers() {
        return inline;
    }

    /** The PROXY protocol settings, null when off. */
    ProxyProtocolConfig proxyProtocolConfig() {
        return proxyProtocol;
    }

    String transportName() {
        return transport;
    }

    /** Adds a change to the transport config; rejected (and not kept) if the result is invalid. */
    void editTransport(UnaryOperator<TransportConfig> edit) {
        transportEdits.add(edit);
        try {
            transportConfig();
        } catch (RuntimeException e) {
            transportEdits.remove(transportEdits.size() - 1);
            throw e;
        }
    }

    /** The transport config this builder would bind with. */
    TransportConfig transportConfig() {
        TransportConfig.Builder b = TransportConfig.builder().host(host).port(port);
        if (ioThreads != null) b.ioThreads(ioThreads);
        options.forEach(b::option);
        TransportConfig tc = b.build();
        for (UnaryOperator<TransportConfig> edit : transportEdits) tc = edit.apply(tc);
        return tls == null ? tc : tc.toBuilder().tls(tls).build();
    }

    /**
     * Freezes {@code router}'s routes, binds, and returns once the port is bound.
     *
     * @throws ServerStartException    when the address cannot be bound (e.g. in use)
     * @throws IllegalArgumentException for an unknown transport name (listing the available ones)
     */
    public Server start(Router router) {
        Objects.requireNonNull(router, "router").freeze();
        TransportProvider provider = Transports.select(transport);
        EngineConfig config = executor == null ? engine : rebuild(engine, executor);
        if (observer != EngineObserver.NONE) config = config.withObserver(EngineObserver.both(config.observer(), observer));
        HttpHandler handler = inline ? HttpHandler.nonBlocking(router) : router;
        HttpEngine httpEngine = HttpEngine.create(config, handler);
        TransportConfig tc = transportConfig();
        Transport bound;
        try {
            // The PROXY header comes first on the wire: its layer must stay outermost, around any
            // other layer (TLS) put between the transport and the engine.
            bound = Transports.bind(provider, tc, httpEngine,
                    proxyProtocol == null ? null : next -> ProxyProtocol.wrap(proxyProtocol, next));
        } catch (IOException e) {
            throw new ServerStartException("Cannot start the " + provider.name() + " transport on " + tc.host() + ":"
                    + tc.port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new ServerStartException("Cannot start the " + provider.name() + " transport on " + tc.host()
                        + ":" + tc.port() + ": " + io.getMessage(), e);
            }
            throw e;
        }
        return new Server(bound, shutdownGrace);
    }

    private static EngineConfig rebuild(EngineConfig c, Executor executor) {
        return c.toBuilder().handlerExecutor(executor).build();
    }
}
