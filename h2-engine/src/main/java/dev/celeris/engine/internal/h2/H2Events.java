package dev.celeris.engine.internal.h2;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.EngineObserver.Origin;
import dev.celeris.engine.internal.ObservedConnection;
import dev.celeris.spi.Connection;

/**
 * One HTTP/2 connection's events for the {@link EngineObserver}: the calls the protocol code
 * makes, bound to the connection's {@link ConnectionInfo}. Unobserved connections share
 * {@link #DISABLED}, whose observer is {@link EngineObserver#NONE}: each call is an empty
 * method with primitive arguments, so it costs neither memory nor allocation.
 */
final class H2Events {

    static final H2Events DISABLED = new H2Events(EngineObserver.NONE, null);

    private final EngineObserver observer;
    private final ConnectionInfo info;

    private H2Events(EngineObserver observer, ConnectionInfo info) {
        this.observer = observer;
        this.info = info;
    }

    /** The events of {@code connection}: {@link #DISABLED} unless the engine observes it. */
    static H2Events of(Connection connection) {
        ObservedConnection observed = ObservedConnection.of(connection);
        return observed == null ? DISABLED : new H2Events(observed.observer(), observed);
    }

    void streamOpened(int streamId) {
        observer.streamOpened(info, streamId);
    }

    void resetSent(int streamId, int errorCode) {
        observer.streamReset(info, streamId, Origin.SERVER, errorCode & 0xffff_ffffL);
    }

    void resetReceived(int streamId, long errorCode) {
        observer.streamReset(info, streamId, Origin.PEER, errorCode);
    }

    void goAwaySent(int lastStreamId, int errorCode) {
        observer.goAway(info, Origin.SERVER, lastStreamId, errorCode & 0xffff_ffffL);
    }

    void goAwayReceived(int lastStreamId, long errorCode) {
        observer.goAway(info, Origin.PEER, lastStreamId, errorCode);
    }

    void limitTripped(String limit) {
        observer.limitTripped(info, limit);
    }

    void stalled(int streamId) {
        observer.flowControlStalled(info, streamId);
    }
}
