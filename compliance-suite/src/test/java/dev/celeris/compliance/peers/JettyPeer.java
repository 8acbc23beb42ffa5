package dev.celeris.compliance.peers;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Jetty 12's native h2c server: a {@code ServerConnector} with {@code HTTP2CServerConnectionFactory}, defaults. */
final class JettyPeer implements PeerServer {

    private final Server server;
    private final ServerConnector connector;

    private JettyPeer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static JettyPeer start() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.consumeAll(request, Callback.from(() -> {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
                    response.write(true, ByteBuffer.wrap(BODY), callback);
                }, callback::failed));
                return true;
            }
        });
        server.start();
        return new JettyPeer(server, connector);
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
