package dev.celeris.spi.tls;

import dev.celeris.spi.ConnectionHandler;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * TLS for any transport: a {@link ConnectionHandler.Factory} that wraps another one. The
 * transport hands it encrypted chunks; the wrapped handler (the protocol engine) sees a
 * plaintext {@link dev.celeris.spi.Connection} with the same contract — write/flush, water-mark
 * back-pressure, {@code setAutoRead}, half-close and orderly/abortive close — plus {@link
 * dev.celeris.spi.Connection#tlsSession()} and {@link
 * dev.celeris.spi.Connection#applicationProtocol()}. The wrapped handler is created and opened
 * only once the handshake has finished, so a client that never completes one costs no protocol
 * state.
 *
 * <p>Built on the JDK's {@link javax.net.ssl.SSLEngine}: TLS 1.3 and 1.2, ALPN, SNI certificate
 * choice, optional client certificates, no renegotiation (a TLS 1.2 client that tries is
 * disconnected), a handshake timeout. An idle connection holds no buffer: decrypted and encrypted
 * bytes go through scratch buffers kept per I/O thread, and only a partly received record is
 * kept, in a buffer sized to it.
 *
 * <p>Layers compose by wrapping: a layer that must see the cleartext bytes before TLS (the PROXY
 * protocol header) wraps the {@code TlsLayer}, not the other way round; {@link
 * dev.celeris.spi.Transports#bind} applies them in that order.
 */
public final class TlsLayer implements ConnectionHandler.Factory, AutoCloseable {

    private final TlsContext context;
    private final ConnectionHandler.Factory inner;

    private TlsLayer(TlsContext context, ConnectionHandler.Factory inner) {
        this.context = context;
        this.inner = inner;
    }

    /**
     * Wraps {@code inner}; loads the certificates now (failing fast on unreadable ones) and starts
     * watching the files when {@link TlsConfig#watchInterval()} is set ({@link #close()} stops it).
     */
    public static TlsLayer wrap(TlsConfig config, ConnectionHandler.Factory inner) {
        return new TlsLayer(new TlsContext(Objects.requireNonNull(config, "config")), Objects.requireNonNull(inner));
    }

    /**
     * A server {@link javax.net.ssl.SSLContext} with the certificates, SNI choice and client CA of
     * {@code config}, for code that terminates TLS itself (a native transport path, a peer
     * server in a benchmark). Protocols, suites, ALPN and timeouts are not in a context: apply them
     * to each engine.
     */
    public static javax.net.ssl.SSLContext serverContext(TlsConfig config) throws IOException, GeneralSecurityException {
        return TlsContext.build(config);
    }

    /**
     * The wrapped factory (the protocol engine). A transport that terminates TLS natively (see
     * {@link dev.celeris.spi.TransportProvider#terminatesTls}) is handed this layer by {@link
     * dev.celeris.spi.Transports#bind} and creates these handlers itself once its own handshake has
     * finished; one that just calls {@link #newHandler()} gets the JDK layer instead.
     */
    public ConnectionHandler.Factory protocol() {
        return inner;
    }

    /**
     * The current certificates as a key manager choosing by SNI, for a native TLS engine. A new
     * object after every successful reload: compare by identity to know when to rebuild.
     */
    public javax.net.ssl.X509ExtendedKeyManager keyManager() {
        return context.material().keyManager();
    }

    /** The current client CA trust manager; null when {@link TlsConfig#clientAuth()} is {@code NONE}. */
    public javax.net.ssl.X509TrustManager trustManager() {
        return context.material().trustManager();
    }

    /**
     * A JDK server engine from the current certificates, set up as the config says: protocols,
     * cipher suites, client authentication and the ALPN choice (h2 only over a suite RFC 9113 §9.2
     * allows, {@code no_application_protocol} when nothing matches). For a transport that runs its
     * own TLS plumbing over the JDK's engine.
     */
    public javax.net.ssl.SSLEngine newEngine(java.net.SocketAddress remote) {
        return remote instanceof java.net.InetSocketAddress inet
                ? context.newEngine(inet.getHostString(), inet.getPort()) : context.newEngine(null, -1);
    }

    /**
     * Whether the first bytes of a connection look like a plain HTTP request line where a TLS
     * record should be (someone typed {@code http://} for the TLS port).
     */
    public static boolean looksLikePlainHttp(java.nio.ByteBuffer firstBytes) {
        return TlsConnectionHandler.looksLikePlainHttp(firstBytes);
    }

    /** The cleartext {@code 400} answer to {@link #looksLikePlainHttp} traffic (then close). */
    public static java.nio.ByteBuffer plainHttpResponse() {
        return java.nio.ByteBuffer.wrap(TlsConnectionHandler.PLAIN_HTTP).asReadOnlyBuffer();
    }

    @Override
    public ConnectionHandler newHandler() {
        return new TlsConnectionHandler(context, inner);
    }

    /**
     * Reads the certificate, key and CA files again. New connections get the new certificates,
     * open ones keep theirs. On failure the previous certificates stay in use.
     */
    public void reload() throws IOException, GeneralSecurityException {
        context.reload();
    }

    /** How many reloads succeeded (by call or by file watching). */
    public long reloadCount() {
        return context.reloads();
    }

    public TlsConfig config() {
        return context.config();
    }

    /** Stops watching the files. Open connections are not affected. */
    @Override
    public void close() {
        context.close();
    }
}
