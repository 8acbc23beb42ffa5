package dev.celeris.engine;

import java.time.Duration;

/**
 * HTTP/2 settings and limits. Every field has a safe default (see {@link #defaults()}) chosen
 * to be at least as strict as Netty/Jetty/Helidon without tripping real clients (docs/http2-connection.md, "Limits").
 *
 * @param maxConcurrentStreams     SETTINGS_MAX_CONCURRENT_STREAMS advertised and enforced
 *                                 (REFUSED_STREAM above it), RFC 9113 §6.5.2; default 100
 * @param maxHeaderListSize        SETTINGS_MAX_HEADER_LIST_SIZE, enforced while decoding; default 8192
 * @param maxFrameSize             SETTINGS_MAX_FRAME_SIZE we accept, 16384..16777215; default 16384
 * @param initialStreamWindowSize  SETTINGS_INITIAL_WINDOW_SIZE for request bodies; default 262144 (256 KiB)
 * @param connectionWindowSize     the connection-level receive window; default 1048576 (1 MiB);
 *                                 bounds the request body bytes buffered per connection
 * @param headerTableSize          SETTINGS_HEADER_TABLE_SIZE (HPACK decoder table); default 4096
 * @param maxResetsPerWindow       RST_STREAM received on streams not yet answered, per
 *                                 {@code resetWindow}, before GOAWAY ENHANCE_YOUR_CALM (rapid
 *                                 reset, CVE-2023-44487); default 200
 * @param maxServerResetsPerWindow RST_STREAM the server sends per {@code resetWindow} before
 *                                 GOAWAY ENHANCE_YOUR_CALM (MadeYouReset, CVE-2025-8671); default 200
 * @param resetWindow              the window both reset limits count in; default 30 s
 * @param maxContinuationFrames    CONTINUATION frames per header block smaller than 1 KiB (the
 *                                 byte cap is maxHeaderListSize); default 16
 * @param maxQueuedControlFrames   control frames (PING/SETTINGS ACKs, RST_STREAM) queued but not
 *                                 yet written because the peer does not read, before GOAWAY
 *                                 ENHANCE_YOUR_CALM; default 10000
 * @param maxPingsPerSecond        PING frames per second before ENHANCE_YOUR_CALM; default 1000
 * @param maxSettingsPerSecond     SETTINGS frames per second before ENHANCE_YOUR_CALM; default 100
 * @param maxEmptyDataFrames       consecutive DATA frames with no payload and no END_STREAM
 *                                 before ENHANCE_YOUR_CALM (CVE-2019-9518); default 10
 * @param settingsAckTimeout       time the peer has to ACK our SETTINGS before GOAWAY
 *                                 SETTINGS_TIMEOUT, RFC 9113 §6.5.3; default 10 s
 * @param gracefulShutdownPingTimeout how long the first GOAWAY waits for its PING round trip
 *                                 before the final GOAWAY is sent; default 1 s
 */
public record Http2Config(
        int maxConcurrentStreams,
        int maxHeaderListSize,
        int maxFrameSize,
        int initialStreamWindowSize,
        int connectionWindowSize,
        int headerTableSize,
        int maxResetsPerWindow,
        int maxServerResetsPerWindow,
        Duration resetWindow,
        int maxContinuationFrames,
        int maxQueuedControlFrames,
        int maxPingsPerSecond,
        int maxSettingsPerSecond,
        int maxEmptyDataFrames,
        Duration settingsAckTimeout,
        Duration gracefulShutdownPingTimeout) {

    public Http2Config {
        if (maxConcurrentStreams < 0) throw new IllegalArgumentException("maxConcurrentStreams < 0");
        if (maxHeaderListSize < 1) throw new IllegalArgumentException("maxHeaderListSize < 1");
        if (maxFrameSize < 16_384 || maxFrameSize > 16_777_215) {
            throw new IllegalArgumentException("maxFrameSize must be in [16384, 16777215] (RFC 9113 §6.5.2): " + maxFrameSize);
        }
        if (initialStreamWindowSize < 0) throw new IllegalArgumentException("initialStreamWindowSize < 0");
        if (connectionWindowSize < 65_535) throw new IllegalArgumentException("connectionWindowSize < 65535");
        if (headerTableSize < 0) throw new IllegalArgumentException("headerTableSize < 0");
        if (maxContinuationFrames < 0 || maxQueuedControlFrames < 1 || maxEmptyDataFrames < 0
                || maxResetsPerWindow < 0 || maxServerResetsPerWindow < 0
                || maxPingsPerSecond < 1 || maxSettingsPerSecond < 1) {
            throw new IllegalArgumentException("flood limits must be positive");
        }
    }

    public static Http2Config defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxConcurrentStreams = maxConcurrentStreams;
        b.maxHeaderListSize = maxHeaderListSize;
        b.maxFrameSize = maxFrameSize;
        b.initialStreamWindowSize = initialStreamWindowSize;
        b.connectionWindowSize = connectionWindowSize;
        b.headerTableSize = headerTableSize;
        b.maxResetsPerWindow = maxResetsPerWindow;
        b.maxServerResetsPerWindow = maxServerResetsPerWindow;
        b.resetWindow = resetWindow;
        b.maxContinuationFrames = maxContinuationFrames;
        b.maxQueuedControlFrames = maxQueuedControlFrames;
        b.maxPingsPerSecond = maxPingsPerSecond;
        b.maxSettingsPerSecond = maxSettingsPerSecond;
        b.maxEmptyDataFrames = maxEmptyDataFrames;
        b.settingsAckTimeout = settingsAckTimeout;
        b.gracefulShutdownPingTimeout = gracefulShutdownPingTimeout;
        return b;
    }

    public static final class Builder {
        private int maxConcurrentStreams = 100;
        private int maxHeaderListSize = 8192;
        private int maxFrameSize = 16_384;
        private int initialStreamWindowSize = 256 * 1024;
        private int connectionWindowSize = 1024 * 1024;
        private int headerTableSize = 4096;
        private int maxResetsPerWindow = 200;
        private int maxServerResetsPerWindow = 200;
        private Duration resetWindow = Duration.ofSeconds(30);
        private int maxContinuationFrames = 16;
        private int maxQueuedControlFrames = 10_000;
        private int maxPingsPerSecond = 1000;
        private int maxSettingsPerSecond = 100;
        private int maxEmptyDataFrames = 10;
        private Duration settingsAckTimeout = Duration.ofSeconds(10);
        private Duration gracefulShutdownPingTimeout = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder maxConcurrentStreams(int v) { maxConcurrentStreams = v; return this; }
        public Builder maxHeaderListSize(int v) { maxHeaderListSize = v; return this; }
        public Builder maxFrameSize(int v) { maxFrameSize = v; return this; }
        public Builder initialStreamWindowSize(int v) { initialStreamWindowSize = v; return this; }
        public Builder connectionWindowSize(int v) { connectionWindowSize = v; return this; }
        public Builder headerTableSize(int v) { headerTableSize = v; return this; }
        public Builder maxResetsPerWindow(int v) { maxResetsPerWindow = v; return this; }
        public Builder maxServerResetsPerWindow(int v) { maxServerResetsPerWindow = v; return this; }
        public Builder resetWindow(Duration v) { resetWindow = v; return this; }
        public Builder maxContinuationFrames(int v) { maxContinuationFrames = v; return this; }
        public Builder maxQueuedControlFrames(int v) { maxQueuedControlFrames = v; return this; }
        public Builder maxPingsPerSecond(int v) { maxPingsPerSecond = v; return this; }
        public Builder maxSettingsPerSecond(int v) { maxSettingsPerSecond = v; return this; }
        public Builder maxEmptyDataFrames(int v) { maxEmptyDataFrames = v; return this; }
        public Builder settingsAckTimeout(Duration v) { settingsAckTimeout = v; return this; }
        public Builder gracefulShutdownPingTimeout(Duration v) { gracefulShutdownPingTimeout = v; return this; }

        public Http2Config build() {
            return new Http2Config(maxConcurrentStreams, maxHeaderListSize, maxFrameSize, initialStreamWindowSize,
                    connectionWindowSize, headerTableSize, maxResetsPerWindow, maxServerResetsPerWindow, resetWindow,
                    maxContinuationFrames, maxQueuedControlFrames, maxPingsPerSecond, maxSettingsPerSecond,
                    maxEmptyDataFrames, settingsAckTimeout, gracefulShutdownPingTimeout);
        }
    }
}
