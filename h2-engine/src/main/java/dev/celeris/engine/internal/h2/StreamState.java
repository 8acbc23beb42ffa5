package dev.celeris.engine.internal.h2;

/**
 * The life cycle of one client-initiated stream, RFC 9113 §5.1, as a server sees it. The
 * server never pushes (SETTINGS_ENABLE_PUSH is 0 and no PUSH_PROMISE is sent), so the
 * reserved states do not occur.
 *
 * <pre>
 *   IDLE ──recv HEADERS──────────────────▶ OPEN
 *   IDLE ──recv HEADERS+END_STREAM───────▶ HALF_CLOSED_REMOTE
 *   OPEN ──recv END_STREAM───────────────▶ HALF_CLOSED_REMOTE
 *   OPEN ──send END_STREAM───────────────▶ HALF_CLOSED_LOCAL
 *   HALF_CLOSED_REMOTE ──send END_STREAM─▶ CLOSED
 *   HALF_CLOSED_LOCAL  ──recv END_STREAM─▶ CLOSED
 *   any ──send or recv RST_STREAM────────▶ CLOSED
 * </pre>
 *
 * Every transition is one of the methods below; an event a state does not allow returns
 * {@code null} and the caller raises the error §5.1 names for it.
 */
public enum StreamState {
    IDLE,
    OPEN,
    HALF_CLOSED_LOCAL,
    HALF_CLOSED_REMOTE,
    CLOSED;

    /** The peer's END_STREAM flag (on HEADERS or DATA) arrived; {@code null} if not allowed. */
    public StreamState onReceiveEndStream() {
        return switch (this) {
            case IDLE, OPEN -> HALF_CLOSED_REMOTE;
            case HALF_CLOSED_LOCAL -> CLOSED;
            default -> null;
        };
    }

    /** We sent END_STREAM; {@code null} if not allowed. */
    public StreamState onSendEndStream() {
        return switch (this) {
            case OPEN -> HALF_CLOSED_LOCAL;
            case HALF_CLOSED_REMOTE -> CLOSED;
            default -> null;
        };
    }

    /** Whether the peer may still send DATA or trailers (§5.1: open or half-closed (local)). */
    public boolean canReceive() {
        return this == OPEN || this == HALF_CLOSED_LOCAL;
    }

    /** Whether we may still send HEADERS or DATA (§5.1: open or half-closed (remote)). */
    public boolean canSend() {
        return this == OPEN || this == HALF_CLOSED_REMOTE;
    }
}
