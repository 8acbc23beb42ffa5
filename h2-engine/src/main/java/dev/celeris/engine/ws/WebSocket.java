package dev.celeris.engine.ws;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One open WebSocket session (RFC 6455), the same over HTTP/1.1 and HTTP/2 (RFC 8441).
 *
 * <h2>Receiving</h2>
 * {@link #receive()} blocks (a virtual thread is cheap to park) until a whole message arrives
 * and returns {@code null} once the session has closed; one thread receives at a time. Pings
 * are answered and pongs absorbed inside {@code receive}; nothing is read while nobody
 * receives, so a session that is not read holds its peer back through TCP or HTTP/2 flow
 * control.
 *
 * <h2>Sending</h2>
 * Any thread may send. Every frame goes through one bounded outbound buffer
 * ({@link WebSocketConfig#maxOutboundBytes()}): {@link #send} waits while it is full and
 * returns once the message was handed to the transport; {@link #sendAsync} never waits: it
 * fails with {@link WebSocketBackpressureException} when the buffer is full, so one slow peer
 * cannot stall a broadcast. A message larger than the buffer is accepted when the buffer is
 * empty. Messages leave in the order they were accepted.
 *
 * <h2>Closing</h2>
 * {@link #close} sends a close frame; the session is closed when the peer answers (or after
 * {@link WebSocketConfig#closeTimeout()}, when the connection or stream is dropped). A close
 * frame from the peer is answered with the same code. Protocol errors close with 1002, invalid
 * UTF-8 with 1007, oversized frames or messages with 1009, ping floods with 1008.
 */
public interface WebSocket {

    /** The next message; null once the session is closed (see {@link #closeCode()}). */
    WebSocketMessage receive() throws IOException;

    /** Sends a text message, waiting while the outbound buffer is full. */
    void send(String text) throws IOException;

    /** Sends a binary message, waiting while the outbound buffer is full. */
    void send(byte[] data) throws IOException;

    /** Queues a text message without waiting; fails with {@link WebSocketBackpressureException} when the buffer is full. */
    CompletableFuture<Void> sendAsync(String text);

    /** Queues a binary message without waiting; fails with {@link WebSocketBackpressureException} when the buffer is full. */
    CompletableFuture<Void> sendAsync(byte[] data);

    /** Sends a ping (payload at most 125 bytes); the pong is absorbed by {@link #receive()}. */
    void ping(byte[] payload) throws IOException;

    /** Starts the close handshake with {@code code} (1000, 1001, 1008, 3000-4999, ...) and a reason. Idempotent. */
    void close(int code, String reason);

    /**
     * Ends the session from the application's side: closes with {@code code} if still open, then
     * receives (dropping messages) until the peer's close frame or the close timeout. Call it
     * from the receiving thread, or when nobody else receives.
     */
    void closeAndWait(int code, String reason);

    /** Whether messages may still be sent (no close frame sent or received). */
    boolean isOpen();

    /** The close code once closing (from the peer, ours, or 1006 when the connection just dropped); 0 while open. */
    int closeCode();

    /** The close reason once closing; empty while open. */
    String closeReason();

    /** The negotiated subprotocol, or null. */
    String subprotocol();

    /** The negotiated extensions as sent in {@code Sec-WebSocket-Extensions}, or null. */
    String extensions();

    /** {@code HTTP/1.1} or {@code HTTP/2.0}: the protocol carrying the session. */
    String httpProtocol();

    SocketAddress remoteAddress();

    /** Bytes accepted for sending but not yet handed to the transport. */
    long outboundBytes();
}
