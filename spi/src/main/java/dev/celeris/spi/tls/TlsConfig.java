package dev.celeris.spi.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * TLS settings for a listener. Build with {@link #builder()}; every field has a documented
 * default. Carried by {@link dev.celeris.spi.TransportConfig#tls()}; {@link
 * dev.celeris.spi.Transports#bind} then puts a {@link TlsLayer} in front of the protocol.
 *
 * @param credentials          the default certificate chain and key (required)
 * @param sniCredentials       further certificates chosen by the SNI host name the client sends,
 *                             keyed by host name ({@code "api.example.com"}) or wildcard
 *                             ({@code "*.example.com"}); a client that sends no or an unknown
 *                             name gets {@code credentials}; default none
 * @param clientAuth           whether clients must present a certificate (mTLS); default
 *                             {@link ClientAuth#NONE}
 * @param trustedCertificates  PEM file of the CA certificates client certificates must chain
 *                             to; required unless {@code clientAuth} is {@code NONE}
 * @param protocols            enabled TLS versions; default {@code TLSv1.3, TLSv1.2}
 * @param cipherSuites         enabled cipher suites in preference order; empty (default) keeps
 *                             the JDK's defaults
 * @param applicationProtocols ALPN protocols in preference order; default {@code h2,
 *                             http/1.1}. A client whose ALPN list shares none of them gets the
 *                             {@code no_application_protocol} alert; a client that sends no
 *                             ALPN is served HTTP/1.1
 * @param handshakeTimeout     a connection whose handshake has not finished by then is closed;
 *                             default 10 s
 * @param watchInterval        how often the certificate, key and CA files are checked for
 *                             changes and reloaded (new connections get the new certificate,
 *                             open ones keep theirs); {@link Duration#ZERO} (default) turns
 *                             watching off ({@link TlsLayer#reload()} still reloads on a call)
 * @param engine               who terminates TLS: {@link Engine#JDK} (default) the JDK layer on
 *                             every transport, {@link Engine#NATIVE} the transport's own TLS
 *                             where it has one (netty: OpenSSL/BoringSSL; jetty: its
 *                             {@code SslConnection}), else the JDK layer
 */
public record TlsConfig(
        TlsCredentials credentials,
        Map<String, TlsCredentials> sniCredentials,
        ClientAuth clientAuth,
        Path trustedCertificates,
        List<String> protocols,
        List<String> cipherSuites,
        List<String> applicationProtocols,
        Duration handshakeTimeout,
        Duration watchInterval,
        Engine engine) {

    /** Who terminates TLS; both behave the same to clients and handlers. */
    public enum Engine {
        /** The JDK {@link TlsLayer} in front of the protocol, on every transport (default). */
        JDK,
        /**
         * The transport's native TLS where it has one, else the JDK layer; also the JDK layer when
         * a layer must read cleartext before TLS (the PROXY protocol header).
         */
        NATIVE
    }

    /** Whether the server asks for a client certificate. */
    public enum ClientAuth {
        /** No client certificate is requested (default). */
        NONE,
        /** Requested; a client without one is served, one with an untrusted one is refused. */
        OPTIONAL,
        /** Required: a client without a trusted certificate fails the handshake. */
        REQUIRED
    }

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> DEFAULT_APPLICATION_PROTOCOLS = List.of("h2", "http/1.1");
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public TlsConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clientAuth, "clientAuth");
        sniCredentials = Map.copyOf(sniCredentials);
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
        if (protocols.isEmpty()) throw new IllegalArgumentException("no TLS protocol enabled");
        if (applicationProtocols.isEmpty()) throw new IllegalArgumentException("no ALPN protocol enabled");
        if (clientAuth != ClientAuth.NONE && trustedCertificates == null) {
            throw new IllegalArgumentException("clientAuth " + clientAuth + " needs trustedCertificates");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
        Objects.requireNonNull(engine, "engine");
        if (watchInterval.isNegative()) throw new IllegalArgumentException("negative watchInterval");
        for (String host : sniCredentials.keySet()) {
            if (!host.equals(host.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("SNI host names are lower case: " + host);
            }
        }
    }

    /** A builder with the default certificate from PEM files. */
    public static Builder pem(Path certificateChain, Path privateKey) {
        return builder(TlsCredentials.pem(certificateChain, privateKey));
    }

    public static Builder builder(TlsCredentials credentials) {
        return new Builder(credentials);
    }

    public Builder toBuilder() {
        Builder b = new Builder(credentials).clientAuth(clientAuth, trustedCertificates).protocols(protocols)
                .cipherSuites(cipherSuites).applicationProtocols(applicationProtocols)
                .handshakeTimeout(handshakeTimeout).watchInterval(watchInterval).engine(engine);
        sniCredentials.forEach(b::sni);
        return b;
    }

    public static final class Builder {
        private TlsCredentials credentials;
        private final Map<String, TlsCredentials> sni = new LinkedHashMap<>();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Path trusted;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private List<String> applicationProtocols = DEFAULT_APPLICATION_PROTOCOLS;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration watchInterval = Duration.ZERO;
        private Engine engine = Engine.JDK;

        private Builder(TlsCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        public Builder credentials(TlsCredentials credentials) { this.credentials = credentials; return this; }

        /** Serves {@code credentials} to clients asking for {@code hostName} by SNI ({@code *.} wildcards allowed). */
        public Builder sni(String hostName, TlsCredentials credentials) {
            sni.put(hostName.toLowerCase(Locale.ROOT), Objects.requireNonNull(credentials));
            return this;
        }

        /** mTLS: request ({@code OPTIONAL}) or require client certificates issued by the CAs in {@code trustedCaPem}. */
        public Builder clientAuth(ClientAuth mode, Path trustedCaPem) {
            this.clientAuth = mode;
            this.trusted = trustedCaPem;
            return this;
        }

        public Builder protocols(List<String> protocols) { this.protocols = protocols; return this; }
        public Builder cipherSuites(List<String> suites) { this.cipherSuites = suites; return this; }
        public Builder applicationProtocols(List<String> alpn) { this.applicationProtocols = alpn; return this; }
        public Builder handshakeTimeout(Duration timeout) { this.handshakeTimeout = timeout; return this; }
        public Builder watchInterval(Duration interval) { this.watchInterval = interval; return this; }
        public Builder engine(Engine engine) { this.engine = engine; return this; }

        public TlsConfig build() {
            return new TlsConfig(credentials, sni, clientAuth, trusted, protocols, cipherSuites, applicationProtocols,
                    handshakeTimeout, watchInterval, engine);
        }
    }
}
