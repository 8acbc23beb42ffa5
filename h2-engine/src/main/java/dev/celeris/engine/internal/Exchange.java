package dev.celeris.engine.internal;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpRequest;
import dev.celeris.spi.Connection;

/**
 * One request/response exchange, shared by HTTP/1.1 and HTTP/2: created when the request head is
 * complete, owned by the connection's I/O thread, released exactly once. It is also the
 * {@link dev.celeris.engine.HttpResponse} its handler fills (one object per request), and it owns
 * what the request holds on the connection: the request-body pipe (referenced from the request
 * it answers), the {@link WriteGate} between the handler's writes and the wire, and the state of
 * its progress deadline.
 *
 * <h2>Lifecycle</h2>
 * {@link ExchangeState}: {@link #startHandler()}, {@link #responseSent()} and {@link #release}
 * are the transitions; an illegal one throws. {@link #release} is the one place an exchange ends,
 * whichever way (response done, reset, deadline, connection gone): the first call drops the
 * buffered request bytes (waking a handler blocked reading them), runs the protocol's own release
 * ({@link #onRelease}: HTTP/2 returns the stream's unreturned window credit to the connection and
 * drops its queued output) and reports a client-caused end to the observer; later calls do
 * nothing, so nothing is returned or counted twice.
 *
 * <h2>Threads</h2>
 * {@link #state()} and the progress counters are I/O-thread only; {@link #run(HttpHandler, HttpRequest)}
 * runs on the handler's thread (or inline on the I/O thread); the gate is the hand-over point.
 */
public abstract class Exchange extends BaseResponse {

    private static final java.lang.invoke.VarHandle GATE;

    static {
        try {
            GATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Exchange.class, "gate", WriteGate.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ExchangeState state = ExchangeState.OPEN;
    /**
     * Response bytes handed to the I/O thread and not yet written; failure (reset, connection gone)
     * wakes the writer. Created with the exchange, or, for a protocol that asks for it (HTTP/2: most
     * responses go out whole and never wait), on first need by {@link #gate()}: a response that
     * neither streams nor fails never has one. Set once; never replaced.
     */
    protected volatile WriteGate gate;
    /** The exchange moved (request bytes in, response bytes out) since the last deadline check. */
    private boolean moved;
    /** Consecutive deadline checks without a move while waiting on the peer. */
    private int stalledChecks;

    /** An exchange with its gate created now (what HTTP/1.1 uses). */
    protected Exchange() {
        this(true);
    }

    /** @param gateNow whether the gate is created now, or by the first {@link #gate()} */
    protected Exchange(boolean gateNow) {
        if (gateNow) gate = new WriteGate();
    }

    /** The gate between the handler's writes and the wire, created if needed. Any thread. */
    public final WriteGate gate() {
        WriteGate g = gate;
        if (g == null) {
            g = new WriteGate();
            if (!GATE.compareAndSet(this, null, g)) g = gate;
        }
        return g;
    }

    /** The gate if it exists, else null (nothing was streamed and nothing failed). Any thread. */
    public final WriteGate gateIfAny() {
        return gate;
    }

    /** Why the response can no longer be written, or null; creates no gate. Any thread. */
    public final String failure() {
        WriteGate g = gate;
        return g == null ? null : g.failure();
    }

    /**
     * The request body the handler reads, or null when the request has none. Held by the
     * protocol's request object (no second reference per exchange).
     */
    public abstract BodyPipe requestBody();

    /**
     * Any thread: the exchange can no longer go on (reset, connection gone, deadline): the
     * handler's blocked or later I/O fails with a {@link ClientException} carrying {@code reason}.
     * The first reason wins. Not a transition: {@link #release} follows on the I/O thread.
     */
    public final void fail(String reason) {
        gate().fail(reason);
        BodyPipe body = requestBody();
        if (body != null) body.fail(new ClientException(0, reason));
    }

    /** I/O thread. */
    public final ExchangeState state() {
        return state;
    }

    /** A handler starts for this exchange (I/O thread). */
    public final void startHandler() {
        state = state.startHandler();
    }

    /** The response's last byte went to the transport (I/O thread). */
    public final void responseSent() {
        state = state.responseSent();
    }

    /** Whether {@link #release} ran. */
    public final boolean isReleased() {
        return state == ExchangeState.RELEASED;
    }

    /**
     * Ends the exchange (I/O thread). Idempotent: only the first call acts.
     *
     * @param clientFailure what the client did that ended the exchange early, reported to the
     *                      observer; null when the exchange ended normally or for a server-side reason
     * @return whether this call released it
     */
    public final boolean release(ClientFailure clientFailure) {
        if (state == ExchangeState.RELEASED) return false;
        state = ExchangeState.RELEASED;
        BodyPipe body = requestBody();
        if (body != null) body.fail(new ClientException(0, "exchange closed")); // drops what was buffered
        onRelease();
        if (clientFailure != null) ClientFailures.report(transport(), clientFailure);
        return true;
    }

    /** The protocol's part of {@link #release}; runs once. */
    protected abstract void onRelease();

    /** The connection this exchange runs on (for observer reports). */
    protected abstract Connection transport();

    // ---- progress deadline (I/O thread) ----

    /** The exchange moved: request bytes arrived or response bytes went out. */
    public final void progressed() {
        moved = true;
    }

    /**
     * One periodic deadline check: true once the exchange waited on its peer ({@code waitingOnPeer})
     * without moving for {@code checks} consecutive checks.
     */
    public final boolean stalled(boolean waitingOnPeer, int checks) {
        if (!waitingOnPeer || moved) {
            moved = false;
            stalledChecks = 0;
            return false;
        }
        return ++stalledChecks >= checks;
    }

    // ---- the handler run ----

    /**
     * Runs {@code handler} for {@code request} with the observer's exchange events around it, the
     * same for both protocols (handler thread, or inline on the I/O thread): started, the
     * handler, {@link #finish}, completed, each exactly once per exchange.
     */
    protected final void run(HttpHandler handler, HttpRequest request) {
        EngineObserver observer = observer();
        long started = ExchangeEvents.started(observer, request);
        Throwable failure = null;
        try {
            handler.handle(request, this);
        } catch (Throwable t) {
            failure = t;
        }
        failure = finish(failure);
        ExchangeEvents.completed(observer, request, this, started, failure);
    }

    /**
     * After the handler returned ({@code failure} null) or threw: ends or fails the response.
     * Never throws; returns the failure to report (ending the response may itself fail).
     */
    protected abstract Throwable finish(Throwable failure);

    /** The observer of the engine this exchange runs in. */
    protected abstract EngineObserver observer();
}
