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
 */
public record EngineConfig(
        Protocols protocols,
        Http2Config http2,
        Http1Config http1,
        long maxRequestBodySize,
        Duration idleTimeout,
        Executor handlerExecutor,
        EngineObserver observer) {

    public EngineConfig {
        if (observer == null) observer = EngineObserver.NONE;
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(http2, "http2");
        Objects.requireNonNull(http1, "http1");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxRequestBodySize < -1) throw new IllegalArgumentException("maxRequestBodySize must be -1 or >= 0");
    }

    /** The settings without an observer. */
    public EngineConfig(Protocols protocols, Http2Config http2, Http1Config http1, long maxRequestBodySize,
                        Duration idleTimeout, Executor handlerExecutor) {
        this(protocols, http2, http1, maxRequestBodySize, idleTimeout, handlerExecutor, EngineObserver.NONE);
    }

    /** A copy with {@code observer} instead of this one's. */
    public EngineConfig withObserver(EngineObserver observer) {
        return new EngineConfig(protocols, http2, http1, maxRequestBodySize, idleTimeout, handlerExecutor, observer);
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

        private Builder() {
        }

        public Builder protocols(Protocols v) { protocols = v; return this; }
        public Builder http2(Http2Config v) { http2 = v; return this; }
        public Builder http1(Http1Config v) { http1 = v; return this; }
        public Builder maxRequestBodySize(long v) { maxRequestBodySize = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder handlerExecutor(Executor v) { handlerExecutor = v; return this; }
        public Builder observer(EngineObserver v) { observer = v; return this; }

        public EngineConfig build() {
            return new EngineConfig(protocols, http2, http1, maxRequestBodySize, idleTimeout, handlerExecutor, observer);
        }
    }
}
