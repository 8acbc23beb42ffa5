package dev.celeris.engine.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of WebSocket sessions; every field has a safe default.
 *
 * @param maxFrameSize            largest frame payload accepted; larger closes with 1009. Default 1 MiB
 * @param maxMessageSize          largest message (all fragments, after decompression); larger closes with 1009. Default 1 MiB
 * @param maxOutboundBytes        bytes queued for sending before {@code send} waits and {@code sendAsync} fails. Default 1 MiB
 * @param idleTimeout             no frame from the peer for this long closes with 1001; zero disables. Default 5 min
 * @param pingInterval            a ping is sent when the peer was silent this long (keeps proxies and NATs open); zero disables. Default 30 s
 * @param closeTimeout            after our close frame, how long to wait for the peer's before dropping the connection. Default 5 s
 * @param maxPingsPerSecond       pings from the peer per second before closing with 1008 (a ping flood). Default 50
 * @param compression             whether permessage-deflate (RFC 7692) is accepted when offered. Default true
 * @param compressionLevel        {@code java.util.zip.Deflater} level 0-9. Default 6
 * @param serverNoContextTakeover reset our compressor after every message (less memory, worse ratio). Default false
 * @param clientNoContextTakeover ask clients to reset theirs (we then keep no inflate window between messages). Default false
 * @param clientMaxWindowBits     the LZ77 window (8-15 bits) we ask clients to stay within, when they allow it. Default 15
 */
public record WebSocketConfig(
        long maxFrameSize,
        long maxMessageSize,
        long maxOutboundBytes,
        Duration idleTimeout,
        Duration pingInterval,
        Duration closeTimeout,
        int maxPingsPerSecond,
        boolean compression,
        int compressionLevel,
        boolean serverNoContextTakeover,
        boolean clientNoContextTakeover,
        int clientMaxWindowBits) {

    public WebSocketConfig {
        if (maxFrameSize < 1 || maxMessageSize < 1 || maxOutboundBytes < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (maxMessageSize > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxMessageSize must fit in an array");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (idleTimeout.isNegative() || pingInterval.isNegative() || closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must not be negative; closeTimeout must be positive");
        }
        if (maxPingsPerSecond < 1) throw new IllegalArgumentException("maxPingsPerSecond must be positive");
        if (compressionLevel < 0 || compressionLevel > 9) throw new IllegalArgumentException("compressionLevel must be 0..9");
        if (clientMaxWindowBits < 8 || clientMaxWindowBits > 15) throw new IllegalArgumentException("clientMaxWindowBits must be 8..15");
    }

    public static WebSocketConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxFrameSize = maxFrameSize;
        b.maxMessageSize = maxMessageSize;
        b.maxOutboundBytes = maxOutboundBytes;
        b.idleTimeout = idleTimeout;
        b.pingInterval = pingInterval;
        b.closeTimeout = closeTimeout;
        b.maxPingsPerSecond = maxPingsPerSecond;
        b.compression = compression;
        b.compressionLevel = compressionLevel;
        b.serverNoContextTakeover = serverNoContextTakeover;
        b.clientNoContextTakeover = clientNoContextTakeover;
        b.clientMaxWindowBits = clientMaxWindowBits;
        return b;
    }

    public static final class Builder {
        private long maxFrameSize = 1 << 20;
        private long maxMessageSize = 1 << 20;
        private long maxOutboundBytes = 1 << 20;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private int maxPingsPerSecond = 50;
        private boolean compression = true;
        private int compressionLevel = 6;
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int clientMaxWindowBits = 15;

        private Builder() {
        }

        public Builder maxFrameSize(long v) { maxFrameSize = v; return this; }
        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        public Builder maxOutboundBytes(long v) { maxOutboundBytes = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder closeTimeout(Duration v) { closeTimeout = v; return this; }
        public Builder maxPingsPerSecond(int v) { maxPingsPerSecond = v; return this; }
        public Builder compression(boolean v) { compression = v; return this; }
        public Builder compressionLevel(int v) { compressionLevel = v; return this; }
        public Builder serverNoContextTakeover(boolean v) { serverNoContextTakeover = v; return this; }
        public Builder clientNoContextTakeover(boolean v) { clientNoContextTakeover = v; return this; }
        public Builder clientMaxWindowBits(int v) { clientMaxWindowBits = v; return this; }

        public WebSocketConfig build() {
            return new WebSocketConfig(maxFrameSize, maxMessageSize, maxOutboundBytes, idleTimeout, pingInterval,
                    closeTimeout, maxPingsPerSecond, compression, compressionLevel, serverNoContextTakeover,
                    clientNoContextTakeover, clientMaxWindowBits);
        }
    }
}
