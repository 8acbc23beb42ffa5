package dev.celeris.router;

import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.ws.WebSocket;
import dev.celeris.engine.ws.WebSocketMessage;
import dev.celeris.engine.ws.WebSocketUpgrade;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The last handler of a WebSocket route: checks the handshake and the origin, picks the
 * subprotocol, switches protocols, then runs the session on the request's thread (callbacks or
 * the blocking handler) until it closes. Middleware before it ran on the upgrade request, so an
 * auth middleware that answers 401 stops the upgrade.
 */
final class WsEndpoint implements Handler {

    private static final System.Logger LOG = System.getLogger(WsEndpoint.class.getName());
    private static final int INTERNAL_ERROR = 1011;

    private final WsRoute route;

    WsEndpoint(WsRoute route) {
        this.route = route;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        HttpRequest req = ctx.request();
        WebSocketUpgrade.Problem problem = WebSocketUpgrade.problem(req);
        if (problem != null) {
            problem.send(ctx.response());
            return;
        }
        if (!originAllowed(req)) {
            LOG.log(Level.DEBUG, "WebSocket from origin {0} refused on {1}", req.headers().get("origin"), req.path());
            ctx.string(403, "origin not allowed");
            return;
        }
        WebSocket socket = WebSocketUpgrade.accept(req, ctx.rawResponse(), route.config, pickSubprotocol(req));
        run(new WsSession(socket, ctx));
    }

    private void run(WsSession s) {
        try {
            if (route.handler != null) {
                route.handler.accept(s);
            } else {
                route.onOpen.accept(s);
                for (WebSocketMessage m; (m = s.receive()) != null; ) {
                    if (m.text()) route.onText.accept(s, m.asText());
                    else route.onBinary.accept(s, m.payload());
                }
            }
        } catch (Throwable t) {
            error(s, t);
        } finally {
            s.socket().closeAndWait(1000, "");
            try {
                route.onClose.accept(s, s.closeCode(), s.closeReason());
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "onClose failed for " + s, t);
            }
        }
    }

    private void error(WsSession s, Throwable t) {
        LOG.log(Level.DEBUG, "WebSocket session " + s + " failed", t);
        try {
            route.onError.accept(s, t);
        } catch (Throwable t2) {
            LOG.log(Level.WARNING, "onError failed for " + s, t2);
        }
        if (s.isOpen()) s.close(INTERNAL_ERROR, "server error");
    }

    private String pickSubprotocol(HttpRequest req) {
        if (route.subprotocols.isEmpty()) return null;
        for (String offered : WebSocketUpgrade.offeredSubprotocols(req)) {
            if (route.subprotocols.contains(offered)) return offered;
        }
        return null;
    }

    /** SPEC: RFC 6455 §10.2 the server checks {@code Origin} against the pages allowed to connect. */
    private boolean originAllowed(HttpRequest req) {
        String origin = req.headers().get("origin");
        if (origin == null) return true; // not a browser: Origin is a browser's statement
        List<String> allowed = route.allowedOrigins;
        if (allowed.contains("*")) return true;
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.toLowerCase(Locale.ROOT).equals(o)) return true;
        }
        if (!allowed.isEmpty()) return false;
        String host = req.authority();
        if (host == null) return false;
        try {
            URI uri = URI.create(o);
            String originHost = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            return originHost.equalsIgnoreCase(host.trim()) || defaultPortMatch(uri, host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean defaultPortMatch(URI origin, String host) {
        int port = "https".equals(origin.getScheme()) ? 443 : 80;
        return origin.getPort() < 0 && (origin.getHost() + ":" + port).equalsIgnoreCase(host);
    }
}
