package dev.celeris.transport.jetty;

import dev.celeris.spi.tls.ClientHelloAlpn;
import dev.celeris.spi.tls.TlsLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Connector;

/**
 * {@link dev.celeris.spi.tls.TlsConfig.Engine#NATIVE} on jetty: Jetty's own TLS plumbing, {@link
 * SslConnection} (jetty-io), over a JDK {@link SSLEngine} the {@link TlsLayer} sets up (certificates
 * by SNI, client CA, protocols, suites, the ALPN choice). No {@code jetty-alpn-java-server}: the
 * engine's ALPN selector is set by the layer, which is all that module would do. The {@link
 * JettyConnection} runs on Jetty's decrypted endpoint and opens its handler after the handshake.
 */
final class JettyTls {

    private static final System.Logger LOG = System.getLogger(JettyTls.class.getName());

    private final TlsLayer layer;

    JettyTls(TlsLayer layer) {
        this.layer = layer;
    }

    TlsLayer layer() {
        return layer;
    }

    /**
     * The connection stack for one accepted endpoint: an {@link SslConnection} on the network
     * endpoint, {@code connection} made by {@code upper} on its decrypted endpoint.
     */
    SslConnection newConnection(Connector connector, EndPoint endPoint, java.util.function.Function<EndPoint, JettyConnection> upper) {
        SSLEngine engine = layer.newEngine(endPoint.getRemoteSocketAddress());
        SslConnection ssl = new Guarded(connector.getByteBufferPool(), connector.getExecutor(), endPoint, engine,
                layer.config().applicationProtocols());
        ssl.setRenegotiationAllowed(false);
        ssl.setRequireCloseMessage(false);
        EndPoint decrypted = ssl.getSslEndPoint();
        JettyConnection connection = upper.apply(decrypted);
        decrypted.setConnection(connection);
        connection.awaitHandshake(ssl, layer.config().handshakeTimeout(), connector.getScheduler());
        ssl.addHandshakeListener(new SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) {
                connection.handshakeSucceeded();
            }

            @Override
            public void handshakeFailed(Event event, Throwable failure) {
                LOG.log(System.Logger.Level.DEBUG, "TLS handshake with {0} failed: {1}",
                        endPoint.getRemoteSocketAddress(), failure.getMessage());
                sendAlert(engine, endPoint);
            }
        });
        return ssl;
    }

    /**
     * SslConnection closes a failed handshake without sending the alert the engine has ready
     * (e.g. {@code no_application_protocol}): wrap it and write it to the network first, as the
     * JDK layer does. A courtesy: failures are ignored.
     */
    private static void sendAlert(SSLEngine engine, EndPoint network) {
        try {
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            if (out.flip().hasRemaining()) network.flush(out);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "TLS alert not sent: {0}", e.getMessage());
        }
    }

    /**
     * An {@link SslConnection} that answers plain HTTP on the TLS port with the JDK layer's {@code
     * 400}, and a ClientHello offering none of our ALPN protocols with {@code no_application_protocol}
     * (SslConnection would close the failed handshake without the engine's alert).
     */
    private static final class Guarded extends SslConnection {
        private final EndPoint network;
        private final java.util.List<String> protocols;
        private boolean sawData;

        Guarded(ByteBufferPool pool, java.util.concurrent.Executor executor, EndPoint network, SSLEngine engine,
                java.util.List<String> protocols) {
            super(pool, executor, network, engine, false, false);
            this.network = network;
            this.protocols = protocols;
        }

        @Override
        protected int networkFill(ByteBuffer buffer) throws IOException {
            int start = buffer.limit();
            int n = super.networkFill(buffer);
            if (!sawData && n > 0) {
                sawData = true;
                if (TlsLayer.looksLikePlainHttp(buffer.duplicate().position(start))) {
                    LOG.log(System.Logger.Level.DEBUG, "plain HTTP on the TLS port from {0}", network.getRemoteSocketAddress());
                    return refuse(TlsLayer.plainHttpResponse());
                }
                if (ClientHelloAlpn.refuses(buffer.duplicate().position(start), protocols)) {
                    LOG.log(System.Logger.Level.DEBUG, "no common ALPN protocol with {0}: no_application_protocol",
                            network.getRemoteSocketAddress());
                    return refuse(ClientHelloAlpn.noApplicationProtocolAlert());
                }
            }
            return n;
        }

        /** Answers with {@code answer}, closes, and reads as end of stream. */
        private int refuse(ByteBuffer answer) throws IOException {
            network.flush(answer);
            network.shutdownOutput();
            network.close();
            return -1;
        }
    }
}
