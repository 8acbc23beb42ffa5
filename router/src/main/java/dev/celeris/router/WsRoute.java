package dev.celeris.router;

import dev.celeris.engine.ws.WebSocketConfig;
import java.util.List;
import java.util.Objects;

/**
 * The definition of a WebSocket route, filled by the lambda given to {@link Routes#ws}: either
 * callbacks (the router receives on the request's virtual thread and calls them in order) or
 * one blocking {@link #handler} that owns the session, plus negotiation and limits.
 *
 * <pre>{@code
 * router.ws("/chat/:room", ws -> ws
 *         .onOpen(s -> rooms.join(s.param("room"), s))
 *         .onText((s, text) -> rooms.broadcast(s.param("room"), text))
 *         .onClose((s, code, reason) -> rooms.leave(s)));
 * router.ws("/echo", ws -> ws.handler(s -> {
 *     for (WebSocketMessage m; (m = s.receive()) != null; ) s.send(m.asText());
 * }));
 * }</pre>
 *
 * <p>Safe defaults: {@link WebSocketConfig#defaults()} limits; only same-origin browsers (or
 * clients that send no {@code Origin}) are accepted until {@link #allowedOrigins} says more;
 * no subprotocol is selected unless {@link #subprotocols} lists it.
 */
public final class WsRoute {

    /** A callback with the session. */
    @FunctionalInterface
    public interface SessionCallback {
        void accept(WsSession session) throws Exception;
    }

    @FunctionalInterface
    public interface TextCallback {
        void accept(WsSession session, String text) throws Exception;
    }

    @FunctionalInterface
    public interface BinaryCallback {
        void accept(WsSession session, byte[] data) throws Exception;
    }

    @FunctionalInterface
    public interface CloseCallback {
        void accept(WsSession session, int code, String reason) throws Exception;
    }

    @FunctionalInterface
    public interface ErrorCallback {
        void accept(WsSession session, Throwable error) throws Exception;
    }

    SessionCallback onOpen = s -> { };
    TextCallback onText = (s, t) -> { };
    BinaryCallback onBinary = (s, b) -> { };
    CloseCallback onClose = (s, c, r) -> { };
    ErrorCallback onError = (s, e) -> { };
    SessionCallback handler;
    WebSocketConfig config = WebSocketConfig.defaults();
    List<String> subprotocols = List.of();
    List<String> allowedOrigins = List.of();

    WsRoute() {
    }

    /** Called once the session is open, before any message. */
    public WsRoute onOpen(SessionCallback callback) {
        onOpen = Objects.requireNonNull(callback);
        return this;
    }

    public WsRoute onText(TextCallback callback) {
        onText = Objects.requireNonNull(callback);
        return this;
    }

    public WsRoute onBinary(BinaryCallback callback) {
        onBinary = Objects.requireNonNull(callback);
        return this;
    }

    /**
     * Called once when the session has ended, with the close code: the peer's, ours, 1002/1007/
     * 1008/1009 after a protocol failure, or 1006 when the connection dropped.
     */
    public WsRoute onClose(CloseCallback callback) {
        onClose = Objects.requireNonNull(callback);
        return this;
    }

    /** Called when a callback or a send throws; the session is then closed with 1011. */
    public WsRoute onError(ErrorCallback callback) {
        onError = Objects.requireNonNull(callback);
        return this;
    }

    /**
     * The blocking style: {@code handler} owns the session on its virtual thread
     * ({@link WsSession#receive()} in a loop); when it returns the session is closed (1000).
     * {@code onOpen}, {@code onText} and {@code onBinary} are not used then; {@code onClose} and
     * {@code onError} still are.
     */
    public WsRoute handler(SessionCallback handler) {
        this.handler = Objects.requireNonNull(handler);
        return this;
    }

    /** Limits and timers for this route's sessions. */
    public WsRoute config(WebSocketConfig config) {
        this.config = Objects.requireNonNull(config);
        return this;
    }

    /**
     * The subprotocols this route speaks; the first one the client offers (in its order of
     * preference) is selected. A client offering only others is still accepted, without one.
     */
    public WsRoute subprotocols(String... protocols) {
        this.subprotocols = List.of(protocols);
        return this;
    }

    /**
     * Origins (e.g. {@code https://app.example.com}) whose pages may open this WebSocket, or
     * {@code "*"} for any. By default only the server's own origin (same host) and clients that
     * send no {@code Origin} are accepted; others get 403 (cross-site WebSocket hijacking).
     */
    public WsRoute allowedOrigins(String... origins) {
        this.allowedOrigins = List.of(origins);
        return this;
    }
}
