package dev.celeris.transport.netty;

import dev.celeris.spi.tls.TlsConfig;
import dev.celeris.spi.tls.TlsLayer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * {@link TlsConfig.Engine#NATIVE} on netty: Netty's {@link SslHandler} over OpenSSL (BoringSSL from
 * {@code netty-tcnative-boringssl-static}). The certificates, SNI choice and client CA come from
 * the {@link TlsLayer}, so reloads reach new connections: the Netty context is rebuilt when the
 * layer's key manager changes. In front of the {@code SslHandler}: {@link PlainHttpGuard} (the
 * {@code 400} for {@code http://} on the TLS port) and {@link AlpnCheck} (the {@code
 * no_application_protocol} alert OpenSSL's ALPN callback cannot send).
 */
final class NettyTls {

    private static final System.Logger LOG = System.getLogger(NettyTls.class.getName());

    private record Built(X509ExtendedKeyManager keys, SslContext context) {
    }

    private final TlsLayer layer;
    private volatile Built current;

    NettyTls(TlsLayer layer) throws SSLException {
        this.layer = layer;
        X509ExtendedKeyManager keys = layer.keyManager();
        this.current = new Built(keys, build(keys));
        LOG.log(System.Logger.Level.INFO, "netty TLS: {0} (native engine)", OpenSsl.versionString());
    }

    /** Whether the BoringSSL library loads here; if not, {@code NATIVE} falls back to the JDK layer. */
    static boolean available() {
        boolean ok = OpenSsl.isAvailable();
        if (!ok) {
            LOG.log(System.Logger.Level.INFO, "netty native TLS unavailable ({0}): using the JDK TLS layer",
                    String.valueOf(OpenSsl.unavailabilityCause()));
        }
        return ok;
    }

    /** Puts the TLS handlers on a new channel's pipeline, before the connection's own handler. */
    void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(new PlainHttpGuard());
        p.addLast(new AlpnCheck(layer.config().applicationProtocols()));
        SslHandler ssl = context().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(layer.config().handshakeTimeout().toMillis());
        p.addLast(ssl);
    }

    private SslContext context() {
        Built built = current;
        X509ExtendedKeyManager keys = layer.keyManager();
        if (built.keys() != keys) {
            try {
                built = new Built(keys, build(keys));
                current = built;
            } catch (SSLException e) {
                LOG.log(System.Logger.Level.WARNING, "netty TLS: reloaded certificates unusable, keeping the previous: "
                        + e.getMessage());
            }
        }
        return built.context();
    }

    private SslContext build(X509ExtendedKeyManager keys) throws SSLException {
        TlsConfig config = layer.config();
        SslContextBuilder b = SslContextBuilder.forServer(new OpenSslCachingX509KeyManagerFactory(new Fixed(keys)))
                .sslProvider(SslProvider.OPENSSL)
                .protocols(config.protocols())
                // No common protocol: AlpnCheck has already answered; the callback then never fails.
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        config.applicationProtocols()))
                .clientAuth(switch (config.clientAuth()) {
                    case NONE -> ClientAuth.NONE;
                    case OPTIONAL -> ClientAuth.OPTIONAL;
                    case REQUIRED -> ClientAuth.REQUIRE;
                });
        if (!config.cipherSuites().isEmpty()) b.ciphers(config.cipherSuites());
        if (layer.trustManager() != null) b.trustManager(layer.trustManager());
        return b.build();
    }

    /** A key manager factory handing out one given key manager (the layer's, choosing by SNI). */
    private static final class Fixed extends SimpleKeyManagerFactory {
        private final KeyManager[] managers;

        Fixed(X509ExtendedKeyManager keys) {
            this.managers = new KeyManager[] {keys};
        }

        @Override
        protected void engineInit(KeyStore keyStore, char[] password) {
        }

        @Override
        protected void engineInit(ManagerFactoryParameters params) {
        }

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            return managers.clone();
        }
    }
}
