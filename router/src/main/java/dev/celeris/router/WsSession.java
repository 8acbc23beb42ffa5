package dev.celeris.router;

import dev.celeris.engine.Headers;
import dev.celeris.engine.ws.WebSocket;
import dev.celeris.engine.ws.WebSocketMessage;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open WebSocket as a route sees it: the session ({@link #send}, {@link #receive},
 * {@link #close}) plus what the upgrade request carried (path parameters, query, headers, and the
 * attributes middleware set on the {@link Context} before the upgrade, e.g. the authenticated
 * user). Thread-safe: any thread may send; one thread receives.
 */
public final class WsSession {

    private static final AtomicLong IDS = new AtomicLong();

    private final WebSocket socket;
    private final Context ctx;
    private final long id = IDS.incrementAndGet();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    WsSession(WebSocket socket, Context ctx) {
        this.socket = socket;
        this.ctx = ctx;
    }

    /** A process-unique id, handy as a map key or in logs. */
    public long id() {
        return id;
    }

    // ---- the upgrade request ----

    /** A path parameter of the route, e.g. {@code room} for {@code /chat/:room}. */
    public String param(String name) {
        return ctx.param(name);
    }

    public String query(String name) {
        return ctx.query(name);
    }

    public String query(String name, String defaultValue) {
        return ctx.query(name, defaultValue);
    }

    /** A header of the upgrade request. */
    public String header(String name) {
        return ctx.header(name);
    }

    public Headers headers() {
        return ctx.headers();
    }

    /** The upgrade request's path. */
    public String path() {
        return ctx.path();
    }

    /** An attribute middleware set on the request's {@link Context} before the upgrade. */
    public <T> T get(String key) {
        return ctx.get(key);
    }

    /** Session attributes of the application's own (thread-safe). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    public SocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    /** {@code HTTP/1.1} (RFC 6455 upgrade) or {@code HTTP/2.0} (RFC 8441 extended CONNECT). */
    public String httpProtocol() {
        return socket.httpProtocol();
    }

    /** The negotiated subprotocol, or null. */
    public String subprotocol() {
        return socket.subprotocol();
    }

    /** The negotiated extensions ({@code permessage-deflate; ...}), or null. */
    public String extensions() {
        return socket.extensions();
    }

    // ---- messages ----

    /** Blocks for the next message; null once closed (then see {@link #closeCode()}). For handler-style routes. */
    public WebSocketMessage receive() throws IOException {
        return socket.receive();
    }

    /** Sends text, waiting while the outbound buffer is full. */
    public void send(String text) throws IOException {
        socket.send(text);
    }

    /** Sends binary data, waiting while the outbound buffer is full. */
    public void send(byte[] data) throws IOException {
        socket.send(data);
    }

    /** Queues text without waiting; the future fails with {@code WebSocketBackpressureException} when the buffer is full. */
    public CompletableFuture<Void> sendAsync(String text) {
        return socket.sendAsync(text);
    }

    public CompletableFuture<Void> sendAsync(byte[] data) {
        return socket.sendAsync(data);
    }

    public void ping(byte[] payload) throws IOException {
        socket.ping(payload);
    }

    /** Starts the close handshake (1000 normal, 1001 going away, 1008 policy, 4000-4999 application codes). */
    public void close(int code, String reason) {
        socket.close(code, reason);
    }

    public void close() {
        close(1000, "");
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    public int closeCode() {
        return socket.closeCode();
    }

    public String closeReason() {
        return socket.closeReason();
    }

    /** Bytes accepted for sending that the peer has not taken yet. */
    public long outboundBytes() {
        return socket.outboundBytes();
    }

    WebSocket socket() {
        return socket;
    }

    List<String> queryValues(String name) {
        return ctx.queryValues(name);
    }

    @Override
    public String toString() {
        return "WsSession#" + id + " " + ctx.path() + " " + socket.remoteAddress();
    }
}
