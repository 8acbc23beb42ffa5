package dev.celeris.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A bound transport together with the connection layers {@link Transports#bind} put in front of
 * its handlers; shutting it down also closes the layers (stops their timers and watchers).
 */
final class LayeredTransport implements Transport {

    private final Transport transport;
    private final AutoCloseable layers;

    LayeredTransport(Transport transport, AutoCloseable layers) {
        this.transport = transport;
        this.layers = layers;
    }

    /** The outermost layer this transport feeds, e.g. the {@link dev.celeris.spi.tls.TlsLayer}. */
    AutoCloseable layers() {
        return layers;
    }

    @Override
    public String name() {
        return transport.name();
    }

    @Override
    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public long rejectedConnections() {
        return transport.rejectedConnections();
    }

    @Override
    public CompletionStage<Void> shutdown(Duration grace) {
        return transport.shutdown(grace).whenComplete((ok, error) -> {
            try {
                layers.close();
            } catch (Exception e) {
                System.getLogger(LayeredTransport.class.getName()).log(System.Logger.Level.DEBUG, "closing layers", e);
            }
        });
    }
}
