package dev.celeris.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Engine-wide settings.
 *
 * @param protocols          which protocols the port speaks; default {@link Protocols#BOTH}
 * @param http2              HTTP/2 settings and flood limits; default {@link Http2Config#defaults()}
 * @param http1              HTTP/1.1 limits; default {@link Http1Config#defaults()}
 * @param maxRequestBodySize bytes of request body per request before 413 (HTTP/1.1) or
 *                           RST_STREAM/413 (HTTP/2); {@code -1} means unlimited (default)
 * @param idleTimeout        a connection with no open stream and no traffic for this long is
 *                           closed (HTTP/2 with GOAWAY NO_ERROR); default 60 s
 * @param handlerExecutor    runs blocking handlers; {@code null} (default) means one new
 *                           virtual thread per request stream
 * @param observer           receives connection, exchange and HTTP/2 events; default
 *                           {@link EngineObserver#NONE} (no cost)
 * @param progressTimeout    an exchange that waits on the peer (response bytes it does not
 *                           read, or a request body it does not send while the handler waits
 *                           for it) and makes no progress for this long is cut off: HTTP/2
 *                           resets the stream (RST_STREAM CANCEL), HTTP/1.1 aborts the
 *                           connection; its handler's blocked I/O fails. Default 30 s
 * @param writeTimeout       a connection whose transport stays unwritable (the peer does not
 *                           read) for this long, or whose orderly close does not complete in
 *                           this long, is aborted. Default 30 s
 */
public record EngineConfig(
        Protocols protocols,
        Http2Config http2,
        Http1Config http1,
        long maxRequestBodySize,
        Duration idleTimeout,
        Executor handlerExecutor,
        EngineObserver observer,
        Duration progressTimeout,
        Duration writeTimeout) {

    static final Duration DEFAULT_PROGRESS_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

    public EngineConfig {
        if (observer == null) observer = EngineObserver.NONE;
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(http2, "http2");
        Objects.requireNonNull(http1, "http1");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        positive(progressTimeout, "progressTimeout");
        positive(writeTimeout, "writeTimeout");
        if (maxRequestBodySize < -1) throw new IllegalArgumentException("maxRequestBodySize must be -1 or >= 0");
    }

    /** The settings with the default deadlines. */
    public EngineConfig(Protocols protocols, Http2Config http2, Http1Config http1, long maxRequestBodySize,
                        Duration idleTimeout, Executor handlerExecutor, EngineObserver observer) {
        this(protocols, http2, http1, maxRequestBodySize, idleTimeout, handlerExecutor, observer,
                DEFAULT_PROGRESS_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
    }

    /** The settings without an observer, with the default deadlines. */
    public EngineConfig(Protocols protocols, Http2Config http2, Http1Config http1, long maxRequestBodySize,
                        Duration idleTimeout, Executor handlerExecutor) {
        this(protocols, http2, http1, maxRequestBodySize, idleTimeout, handlerExecutor, EngineObserver.NONE);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    }

    /** A copy with {@code observer} instead of this one's. */
    public EngineConfig withObserver(EngineObserver observer) {
        return toBuilder().observer(observer).build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return builder().protocols(protocols).http2(http2).http1(http1).maxRequestBodySize(maxRequestBodySize)
                .idleTimeout(idleTimeout).handlerExecutor(handlerExecutor).observer(observer)
                .progressTimeout(progressTimeout).writeTimeout(writeTimeout);
    }

    public static EngineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Protocols protocols = Protocols.BOTH;
        private Http2Config http2 = Http2Config.defaults();
        private Http1Config http1 = Http1Config.defaults();
        private long maxRequestBodySize = -1;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Executor handlerExecutor;
        private EngineObserver observer = EngineObserver.NONE;
        private Duration progressTimeout = DEFAULT_PROGRESS_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;

        private Builder() {
        }

        public Builder protocols(Protocols v) { protocols = v; return this; }
        public Builder http2(Http2Config v) { http2 = v; return this; }
        public Builder http1(Http1Config v) { http1 = v; return this; }
        public Builder maxRequestBodySize(long v) { maxRequestBodySize = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder handlerExecutor(Executor v) { handlerExecutor = v; return this; }
        public Builder observer(EngineObserver v) { observer = v; return this; }
        public Builder progressTimeout(Duration v) { progressTimeout = v; return this; }
        public Builder writeTimeout(Duration v) { writeTimeout = v; return this; }

        public EngineConfig build() {
            return new EngineConfig(protocols, http2, http1, maxRequestBodySize, idleTimeout, handlerExecutor, observer,
                    progressTimeout, writeTimeout);
        }
    }
}
