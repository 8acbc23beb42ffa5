package dev.celeris.transport.jetty;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.TransportConfig;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;

/** The connector's only factory: every accepted endpoint becomes a {@link JettyConnection}. */
final class CelerisConnectionFactory extends AbstractConnectionFactory {

    static final String PROTOCOL = "celeris";

    private final JettyTransport transport;
    private final ConnectionHandler.Factory handlers;
    private final TransportConfig config;
    /** Native TLS (Jetty's SslConnection) in front of every connection; null: none, or the JDK layer. */
    private final JettyTls tls;

    CelerisConnectionFactory(JettyTransport transport, ConnectionHandler.Factory handlers, TransportConfig config) {
        super(PROTOCOL);
        this.transport = transport;
        this.handlers = handlers;
        this.config = config;
        this.tls = handlers instanceof dev.celeris.spi.tls.TlsLayer layer && JettyTransportProvider.nativeTls(config)
                ? new JettyTls(layer) : null;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        if (tls != null) {
            return configure(tls.newConnection(connector, endPoint, decrypted -> new JettyConnection(transport,
                    tls.layer().protocol(), config, connector.getByteBufferPool(), decrypted)), connector, endPoint);
        }
        return configure(new JettyConnection(transport, handlers, config, connector.getByteBufferPool(), endPoint),
                connector, endPoint);
    }
}
