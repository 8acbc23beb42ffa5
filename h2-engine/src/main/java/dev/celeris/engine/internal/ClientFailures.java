package dev.celeris.engine.internal;

import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.spi.Connection;

/** Reports client-caused failures to the connection's observer, if one watches (I/O thread). */
public final class ClientFailures {

    private ClientFailures() {
    }

    public static void report(Connection connection, ClientFailure kind) {
        ObservedConnection observed = connection == null ? null : ObservedConnection.of(connection);
        if (observed != null) observed.observer().clientFailure(observed, kind);
    }
}
