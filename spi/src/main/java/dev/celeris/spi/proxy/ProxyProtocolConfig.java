package dev.celeris.spi.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a listener that expects the PROXY protocol: every connection must open with a
 * header (no detection fallback: a listener that also accepted connections without one would let
 * any client claim any address).
 *
 * @param acceptV1      accept the v1 text header; default {@code true}
 * @param acceptV2      accept the v2 binary header; default {@code true}
 * @param maxHeaderSize largest header accepted, TLVs included; default 1024 bytes (v1 lines are
 *                      at most 107 bytes whatever this says)
 * @param timeout       how long a new connection may take to send its whole header before it is
 *                      closed; default 5 s
 */
public record ProxyProtocolConfig(boolean acceptV1, boolean acceptV2, int maxHeaderSize, Duration timeout) {

    public static final int DEFAULT_MAX_HEADER_SIZE = 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ProxyProtocolConfig {
        if (!acceptV1 && !acceptV2) throw new IllegalArgumentException("accept at least one PROXY protocol version");
        if (maxHeaderSize < 28 || maxHeaderSize > 16 + 65535) {
            throw new IllegalArgumentException("maxHeaderSize must be between 28 and 65551: " + maxHeaderSize);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }

    /** v1 and v2, 1 KiB, 5 s. */
    public static ProxyProtocolConfig defaults() {
        return new ProxyProtocolConfig(true, true, DEFAULT_MAX_HEADER_SIZE, DEFAULT_TIMEOUT);
    }

    /**
     * The defaults accepting the versions {@code spec} names: {@code "v1"}, {@code "v2"} or
     * {@code "v1,v2"} (the form configuration files and the demo's flag use).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ProxyProtocolConfig ofVersions(String spec) {
        boolean v1 = false;
        boolean v2 = false;
        for (String v : spec.split(",", -1)) {
            switch (v.trim()) {
                case "v1" -> v1 = true;
                case "v2" -> v2 = true;
                default -> throw new IllegalArgumentException("PROXY protocol versions must be v1, v2 or v1,v2, not '" + spec + "'");
            }
        }
        return defaults().withVersions(v1, v2);
    }

    public ProxyProtocolConfig withVersions(boolean v1, boolean v2) {
        return new ProxyProtocolConfig(v1, v2, maxHeaderSize, timeout);
    }

    public ProxyProtocolConfig withMaxHeaderSize(int bytes) {
        return new ProxyProtocolConfig(acceptV1, acceptV2, bytes, timeout);
    }

    public ProxyProtocolConfig withTimeout(Duration timeout) {
        return new ProxyProtocolConfig(acceptV1, acceptV2, maxHeaderSize, timeout);
    }
}
