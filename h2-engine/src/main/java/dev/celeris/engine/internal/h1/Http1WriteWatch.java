package dev.celeris.engine.internal.h1;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.internal.Timers;
import dev.celeris.spi.Connection;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * The write deadline of an HTTP/1.1 connection (I/O thread only): while response bytes wait
 * for the transport, the peer must take some within min({@link EngineConfig#progressTimeout()},
 * {@link EngineConfig#writeTimeout()}), or the connection is aborted and the handler's blocked
 * writes fail. (HTTP/1.1 writes one exchange at a time, so the exchange's progress deadline and
 * the connection's write timeout are the same clock.) One timer, armed only while output waits.
 */
final class Http1WriteWatch {

    private final Http1Connection owner;
    private final Duration timeout;
    private final Runnable fire = this::fire;
    private Connection connection;
    private Future<?> timer;
    private long writtenAtArm;
    /** Bytes handed to the transport so far (progress). */
    long written;

    Http1WriteWatch(Http1Connection owner, EngineConfig config) {
        this.owner = owner;
        Duration progress = config.progressTimeout();
        this.timeout = progress.compareTo(config.writeTimeout()) < 0 ? progress : config.writeTimeout();
    }

    void attach(Connection connection) {
        this.connection = connection;
    }

    /** After each I/O pass: arms the deadline when output waits and none is pending. */
    void check() {
        if (timer == null && owner.outputWaiting()) {
            writtenAtArm = written;
            timer = Timers.schedule(connection, timeout, fire);
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        if (!owner.outputWaiting()) return;
        if (written == writtenAtArm) {
            owner.onWriteTimeout();
            return;
        }
        check(); // it moved: a new period starts
    }
}
