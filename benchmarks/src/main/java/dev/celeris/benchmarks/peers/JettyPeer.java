package dev.celeris.benchmarks.peers;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12's own HTTP/2 server: a {@code ServerConnector} with HTTP/1.1 and
 * {@code HTTP2CServerConnectionFactory} (prior knowledge and {@code Upgrade: h2c}), and a
 * non-blocking core {@code Handler} (Jetty's recommended fast path: no servlet layer).
 */
public final class JettyPeer implements Peer {

    private final Server server;
    private final ServerConnector connector;

    private JettyPeer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static JettyPeer start(String host, int port, int ioThreads) throws Exception {
        HttpConfiguration config = config();
        return start("jetty-peer", host, port, ioThreads,
                new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
    }

    /**
     * Jetty's own HTTPS listener: {@code SslConnectionFactory} (JDK {@code SSLEngine}) with ALPN
     * ({@code jetty-alpn-java-server}) choosing {@code HTTP2ServerConnectionFactory} or HTTP/1.1.
     */
    public static JettyPeer startTls(String host, int ioThreads, javax.net.ssl.SSLContext context) throws Exception {
        HttpConfiguration config = config();
        config.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
        var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setSslContext(context);
        ssl.setCipherComparator(org.eclipse.jetty.http2.HTTP2Cipher.COMPARATOR);
        var alpn = new org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        return start("jetty-peer-tls", host, 0, ioThreads,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                new org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory(config), new HttpConnectionFactory(config));
    }

    private static HttpConfiguration config() {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        return config;
    }

    private static JettyPeer start(String threadName, String host, int port, int ioThreads,
            org.eclipse.jetty.server.ConnectionFactory... factories) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, ioThreads * 4));
        threads.setName(threadName);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, ioThreads, factories);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new RoutesHandler());
        server.start();
        return new JettyPeer(server, connector);
    }

    private static final class RoutesHandler extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String method = request.getMethod();
            if ("POST".equals(method)) {
                Content.Source.asByteBufferAsync(request).whenComplete((body, failure) -> {
                    if (failure != null) {
                        callback.failed(failure);
                        return;
                    }
                    byte[] bytes = new byte[body.remaining()];
                    body.get(bytes);
                    reply(request, response, callback, bytes);
                });
            } else {
                reply(request, response, callback, new byte[0]);
            }
            return true;
        }

        private static void reply(Request request, Response response, Callback callback, byte[] body) {
            var uri = request.getHttpURI();
            PeerRoutes.Reply reply = PeerRoutes.respond(request.getMethod(), uri.getPath(), uri.getQuery(), body);
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.length());
            response.write(true, ByteBuffer.wrap(reply.body(), 0, reply.length()), callback);
        }
    }

    @Override
    public String name() {
        return "jetty-native";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
