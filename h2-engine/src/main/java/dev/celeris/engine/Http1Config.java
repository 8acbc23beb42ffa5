package dev.celeris.engine;

import java.time.Duration;

/**
 * HTTP/1.1 limits (RFC 9112).
 *
 * @param maxRequestLineLength bytes in the request line before 414 URI Too Long; default 8192
 * @param maxHeaderBytes       total header bytes before 431; default 8192
 * @param maxHeaderFields      header fields before 431; default 100
 * @param headerReadTimeout    time allowed to receive a request's head (slowloris defence)
 *                             before 408 and close; default 20 s
 * @param keepAliveTimeout     idle time between requests on a keep-alive connection; default 60 s
 * @param maxPipelinedRequests requests read ahead of the response being written; default 100, the
 *                             handlers one connection may run at once over HTTP/2 too
 *                             ({@link Http2Config#maxConcurrentStreams()}); a peer that does not
 *                             read its responses is held back sooner, by the transport's
 *                             high-water mark
 */
public record Http1Config(
        int maxRequestLineLength,
        int maxHeaderBytes,
        int maxHeaderFields,
        Duration headerReadTimeout,
        Duration keepAliveTimeout,
        int maxPipelinedRequests) {

    public Http1Config {
        if (maxRequestLineLength < 64) throw new IllegalArgumentException("maxRequestLineLength < 64");
        if (maxHeaderBytes < 64) throw new IllegalArgumentException("maxHeaderBytes < 64");
        if (maxHeaderFields < 1) throw new IllegalArgumentException("maxHeaderFields < 1");
        if (maxPipelinedRequests < 1) throw new IllegalArgumentException("maxPipelinedRequests < 1");
    }

    public static Http1Config defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int maxRequestLineLength = 8192;
        private int maxHeaderBytes = 8192;
        private int maxHeaderFields = 100;
        private Duration headerReadTimeout = Duration.ofSeconds(20);
        private Duration keepAliveTimeout = Duration.ofSeconds(60);
        private int maxPipelinedRequests = 100;

        private Builder() {
        }

        public Builder maxRequestLineLength(int v) { maxRequestLineLength = v; return this; }
        public Builder maxHeaderBytes(int v) { maxHeaderBytes = v; return this; }
        public Builder maxHeaderFields(int v) { maxHeaderFields = v; return this; }
        public Builder headerReadTimeout(Duration v) { headerReadTimeout = v; return this; }
        public Builder keepAliveTimeout(Duration v) { keepAliveTimeout = v; return this; }
        public Builder maxPipelinedRequests(int v) { maxPipelinedRequests = v; return this; }

        public Http1Config build() {
            return new Http1Config(maxRequestLineLength, maxHeaderBytes, maxHeaderFields, headerReadTimeout,
                    keepAliveTimeout, maxPipelinedRequests);
        }
    }
}
