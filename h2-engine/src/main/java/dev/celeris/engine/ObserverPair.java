package dev.celeris.engine;

/** {@link EngineObserver#both}: two observers in order. */
record ObserverPair(EngineObserver first, EngineObserver second) implements EngineObserver {

    @Override public void connectionOpened(ConnectionInfo c) {
        first.connectionOpened(c);
        second.connectionOpened(c);
    }

    @Override public void protocolSelected(ConnectionInfo c, String previous) {
        first.protocolSelected(c, previous);
        second.protocolSelected(c, previous);
    }

    @Override public void connectionClosed(ConnectionInfo c, long durationNanos) {
        first.connectionClosed(c, durationNanos);
        second.connectionClosed(c, durationNanos);
    }

    @Override public void exchangeStarted(HttpRequest request) {
        first.exchangeStarted(request);
        second.exchangeStarted(request);
    }

    @Override public void exchangeCompleted(HttpRequest request, int status, long bytes, long nanos, Throwable failure) {
        first.exchangeCompleted(request, status, bytes, nanos, failure);
        second.exchangeCompleted(request, status, bytes, nanos, failure);
    }

    @Override public void clientFailure(ConnectionInfo c, ClientFailure kind) {
        first.clientFailure(c, kind);
        second.clientFailure(c, kind);
    }

    @Override public void streamOpened(ConnectionInfo c, int streamId) {
        first.streamOpened(c, streamId);
        second.streamOpened(c, streamId);
    }

    @Override public void streamReset(ConnectionInfo c, int streamId, Origin by, long errorCode) {
        first.streamReset(c, streamId, by, errorCode);
        second.streamReset(c, streamId, by, errorCode);
    }

    @Override public void goAway(ConnectionInfo c, Origin by, int lastStreamId, long errorCode) {
        first.goAway(c, by, lastStreamId, errorCode);
        second.goAway(c, by, lastStreamId, errorCode);
    }

    @Override public void limitTripped(ConnectionInfo c, String limit) {
        first.limitTripped(c, limit);
        second.limitTripped(c, limit);
    }

    @Override public void flowControlStalled(ConnectionInfo c, int streamId) {
        first.flowControlStalled(c, streamId);
        second.flowControlStalled(c, streamId);
    }

    @Override public void tlsHandshake(ConnectionInfo c, String protocol, String cipherSuite, String alpn) {
        first.tlsHandshake(c, protocol, cipherSuite, alpn);
        second.tlsHandshake(c, protocol, cipherSuite, alpn);
    }
}
