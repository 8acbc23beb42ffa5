package dev.celeris.router;

import dev.celeris.engine.ws.WebSocketBackpressureException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of sessions to broadcast to (a chat room, a topic). {@link #broadcast} never waits for
 * a slow peer: each message is queued with {@link WsSession#sendAsync}; a session whose
 * outbound buffer is full gets the {@link SlowPolicy}: by default it is closed with 1008, so
 * one stalled reader neither blocks the sender nor grows memory, and its neighbours carry on.
 * Closed sessions leave the group by themselves.
 *
 * <pre>{@code
 * WsGroup room = new WsGroup();
 * router.ws("/chat", ws -> ws
 *         .onOpen(room::add)
 *         .onText((s, text) -> room.broadcast(text)));
 * }</pre>
 */
public final class WsGroup {

    /** What to do with a session that cannot take a broadcast message because its buffer is full. */
    public enum SlowPolicy {
        /** Close it with 1008 (policy violation, "too slow"); the default. */
        CLOSE,
        /** Skip this message for it; it keeps the session and later messages. */
        DROP
    }

    /** Close code used for sessions dropped by {@link SlowPolicy#CLOSE}. */
    public static final int TOO_SLOW = 1008;

    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();
    private final SlowPolicy policy;

    public WsGroup() {
        this(SlowPolicy.CLOSE);
    }

    public WsGroup(SlowPolicy policy) {
        this.policy = policy;
    }

    public void add(WsSession session) {
        sessions.add(session);
    }

    public void remove(WsSession session) {
        sessions.remove(session);
    }

    public int size() {
        sessions.removeIf(s -> !s.isOpen());
        return sessions.size();
    }

    public Set<WsSession> sessions() {
        return Set.copyOf(sessions);
    }

    /** Queues {@code text} to every open session; returns how many took it. Never blocks. */
    public int broadcast(String text) {
        return broadcast(s -> s.sendAsync(text));
    }

    /** Queues {@code data} to every open session; returns how many took it. Never blocks. */
    public int broadcast(byte[] data) {
        return broadcast(s -> s.sendAsync(data));
    }

    private int broadcast(java.util.function.Function<WsSession, CompletableFuture<Void>> send) {
        int sent = 0;
        for (WsSession s : sessions) {
            if (!s.isOpen()) {
                sessions.remove(s);
                continue;
            }
            CompletableFuture<Void> f = send.apply(s);
            if (f.isCompletedExceptionally()) {
                boolean full = f.exceptionNow() instanceof WebSocketBackpressureException;
                if (full && policy == SlowPolicy.CLOSE) {
                    sessions.remove(s);
                    s.close(TOO_SLOW, "too slow");
                } else if (!full) {
                    sessions.remove(s);
                }
                continue;
            }
            sent++;
        }
        return sent;
    }
}
