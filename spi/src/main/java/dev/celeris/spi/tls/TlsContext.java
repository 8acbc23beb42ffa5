package dev.celeris.spi.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The {@link SSLContext} built from a {@link TlsConfig}, rebuilt on {@link #reload()} and, when
 * {@link TlsConfig#watchInterval()} is set, whenever a configured file changes. A failed reload
 * keeps the previous context and logs a warning. Each new connection takes the current context;
 * open connections keep the one they started with.
 */
final class TlsContext implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TlsContext.class.getName());
    static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private final TlsConfig config;
    private volatile Material material;
    private final AtomicLong reloads = new AtomicLong();
    private volatile String fingerprint;
    private final Future<?> watcher;

    TlsContext(TlsConfig config) {
        this.config = config;
        try {
            this.material = material(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the TLS certificate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS certificate: " + e.getMessage(), e);
        }
        this.fingerprint = fingerprint();
        long every = config.watchInterval().toMillis();
        this.watcher = every <= 0 ? null
                : SCHEDULER.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    /** A new server-side engine for one connection, set up as the config says. */
    SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = material.context().createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(config.protocols().toArray(String[]::new));
        if (!config.cipherSuites().isEmpty()) p.setCipherSuites(config.cipherSuites().toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        switch (config.clientAuth()) {
            case REQUIRED -> p.setNeedClientAuth(true);
            case OPTIONAL -> p.setWantClientAuth(true);
            case NONE -> { }
        }
        engine.setSSLParameters(p);
        engine.setHandshakeApplicationProtocolSelector(this::selectApplicationProtocol);
        return engine;
    }

    /**
     * ALPN (RFC 7301): the first of our protocols the client offers; {@code h2} only when the
     * negotiated cipher suite qualifies (RFC 9113 §9.2), so a client that offers h2 over a weak
     * suite falls back to HTTP/1.1. No ALPN from the client: none (the engine serves HTTP/1.1).
     * No common protocol: {@code null}, which makes the JDK send {@code no_application_protocol}.
     */
    private String selectApplicationProtocol(SSLEngine engine, List<String> offered) {
        if (offered == null || offered.isEmpty()) return "";
        for (String mine : config.applicationProtocols()) {
            if (!offered.contains(mine)) continue;
            if (mine.equals("h2")) {
                var session = engine.getHandshakeSession();
                if (session != null && !Http2Security.isAcceptable(session.getProtocol(), session.getCipherSuite())) {
                    continue;
                }
            }
            return mine;
        }
        return null;
    }

    TlsConfig config() {
        return config;
    }

    long reloads() {
        return reloads.get();
    }

    /** Rebuilds the context from the files now; throws (keeping the old context) when they are unusable. */
    void reload() throws IOException, GeneralSecurityException {
        String now = fingerprint();
        material = material(config);
        fingerprint = now;
        reloads.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, "TLS certificates reloaded");
    }

    private void reloadIfChanged() {
        try {
            if (!fingerprint().equals(fingerprint)) reload();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TLS reload failed, keeping the previous certificates: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (watcher != null) watcher.cancel(false);
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Path file : files()) {
            try {
                sb.append(file).append(':').append(Files.getLastModifiedTime(file).toMillis()).append(':')
                        .append(Files.size(file)).append(';');
            } catch (IOException e) {
                sb.append(file).append(":missing;");
            }
        }
        return sb.toString();
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>(config.credentials().files());
        config.sniCredentials().values().forEach(c -> files.addAll(c.files()));
        if (config.trustedCertificates() != null) files.add(config.trustedCertificates());
        return files;
    }

    /** The certificates and trusted CAs in use now: what new connections get. */
    Material material() {
        return material;
    }

    /**
     * One loaded generation of the files: the JDK context and the managers it was built from (a
     * native TLS engine takes the managers).
     *
     * @param trustManager null when no client CA is configured
     */
    record Material(SSLContext context, X509ExtendedKeyManager keyManager, X509TrustManager trustManager) {
    }

    static SSLContext build(TlsConfig config) throws IOException, GeneralSecurityException {
        return material(config).context();
    }

    private static Material material(TlsConfig config) throws IOException, GeneralSecurityException {
        Map<String, KeyMaterial.Entry> entries = new LinkedHashMap<>();
        entries.put(SniKeyManager.DEFAULT, KeyMaterial.load(config.credentials()));
        for (var e : config.sniCredentials().entrySet()) entries.put(e.getKey(), KeyMaterial.load(e.getValue()));
        X509TrustManager trust = null;
        if (config.trustedCertificates() != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(KeyMaterial.trustStore(config.trustedCertificates()));
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) trust = x509;
            }
        }
        SniKeyManager keys = new SniKeyManager(entries);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust}, null);
        return new Material(ctx, keys, trust);
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "celeris-tls-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
