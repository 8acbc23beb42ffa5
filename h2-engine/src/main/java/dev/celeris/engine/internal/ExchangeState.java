package dev.celeris.engine.internal;

/**
 * Where one request/response exchange is in its life, the same for HTTP/1.1 and HTTP/2 (the
 * HTTP/2 stream's own RFC 9113 §5.1 state is a protocol state, kept apart). Every transition is a
 * method that returns the next state, or throws {@link IllegalStateException} for a transition
 * the lifecycle does not allow (an engine bug, never a peer's doing).
 *
 * <pre>
 *   OPEN ──startHandler()──▶ HANDLING ──responseSent()──▶ RESPONDED
 *   OPEN ──responseSent()──────────────────────────────▶ RESPONDED   (the engine answered: 400, 413, 431)
 *   OPEN | HANDLING | RESPONDED ──release()────────────▶ RELEASED    (exactly once; again = no-op)
 * </pre>
 */
public enum ExchangeState {
    /** The request head is complete; no handler runs yet (an inline handler may wait for the body). */
    OPEN,
    /** A handler was started for the request. */
    HANDLING,
    /** The response's last byte was handed to the transport (END_STREAM, or the HTTP/1.1 message's end). */
    RESPONDED,
    /** Terminal: the exchange gave back everything it held. */
    RELEASED;

    /** A handler starts (inline or on a thread). Only from {@link #OPEN}. */
    public ExchangeState startHandler() {
        if (this != OPEN) throw illegal("startHandler");
        return HANDLING;
    }

    /** The response ended on the wire. From {@link #OPEN} (engine-made answer) or {@link #HANDLING}. */
    public ExchangeState responseSent() {
        if (this != OPEN && this != HANDLING) throw illegal("responseSent");
        return RESPONDED;
    }

    /** Whether {@link Exchange#release} still has work to do. */
    public boolean isLive() {
        return this != RELEASED;
    }

    private IllegalStateException illegal(String transition) {
        return new IllegalStateException(transition + " not allowed in exchange state " + this);
    }
}
