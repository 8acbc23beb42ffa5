package dev.celeris.benchmarks.peers;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's native WebSocket server (core {@code WebSocketUpgradeHandler}, no servlet layer) with
 * the {@link WsPeers} routes: listeners that send on the demanding thread with
 * {@link Callback#NOOP} (Jetty queues whole messages per session). The listener classes are
 * public because Jetty binds their methods reflectively.
 */
public final class JettyWsPeer {

    private JettyWsPeer() {
    }

    static Peer start(String host, int port, int ioThreads) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, ioThreads * 4));
        threads.setName("jetty-ws-peer");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, ioThreads, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        Set<Session> subscribers = ConcurrentHashMap.newKeySet();
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.addMapping("/ws/echo", (rq, rs, cb) -> new Echo());
            container.addMapping("/ws/sub", (rq, rs, cb) -> new Subscriber(subscribers));
            container.addMapping("/ws/pub", (rq, rs, cb) -> new Publisher(subscribers));
        }));
        server.start();
        return new Peer() {
            @Override public String name() { return "jetty-native"; }
            @Override public int port() { return connector.getLocalPort(); }
            @Override public void close() throws Exception { server.stop(); }
        };
    }

    public static class Base implements Session.Listener.AutoDemanding {
        Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }
    }

    public static final class Echo extends Base {
        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(java.nio.ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }
    }

    public static final class Subscriber extends Base {
        private final Set<Session> group;

        Subscriber(Set<Session> group) {
            this.group = group;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            super.onWebSocketOpen(s);
            group.add(s);
        }

        @Override
        public void onWebSocketClose(int code, String reason, Callback callback) {
            group.remove(session);
            callback.succeed();
        }
    }

    public static final class Publisher extends Base {
        private final Set<Session> group;

        Publisher(Set<Session> group) {
            this.group = group;
        }

        @Override
        public void onWebSocketText(String message) {
            for (Session s : group) s.sendText(message, Callback.NOOP);
        }
    }
}
