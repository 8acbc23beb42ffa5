package dev.celeris.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Listener and socket settings shared by every transport. Build with {@link #builder()};
 * every field has a documented default.
 *
 * @param host               address to bind; default {@code "0.0.0.0"} (all interfaces)
 * @param port               port to bind; {@code 0} picks an ephemeral port; default {@code 8080}
 * @param ioThreads          number of I/O event loops; default: available processors
 * @param backlog            accept backlog; default {@code 1024}
 * @param readBufferSize     size of the buffer each read fills (the largest chunk handed to
 *                           {@link ConnectionHandler#onData}); default 64 KiB
 * @param writeHighWaterMark queued outbound bytes above which {@link Connection#isWritable()}
 *                           turns false; default 64 KiB
 * @param writeLowWaterMark  queued outbound bytes below which it turns true again; default 32 KiB
 * @param tcpNoDelay         {@code TCP_NODELAY}; default {@code true}
 * @param reuseAddress       {@code SO_REUSEADDR} on the listener; default {@code true}
 * @param receiveBufferSize  {@code SO_RCVBUF}; {@code 0} keeps the OS default (default)
 * @param sendBufferSize     {@code SO_SNDBUF}; {@code 0} keeps the OS default (default)
 * @param reusePort          {@code SO_REUSEPORT} on the listener: several processes (or servers)
 *                           may bind the same port and the kernel spreads connections over them;
 *                           default {@code false}
 * @param maxConnections     open connections above which a new one is closed as soon as it is
 *                           accepted (and counted in {@link Transport#rejectedConnections()});
 *                           {@code 0} means unlimited (default)
 * @param options            transport-specific options by name (e.g. netty's {@code "epoll"});
 *                           unknown names are ignored by transports that do not know them
 * @param tls                TLS settings, or {@code null} (default) for cleartext; applied by
 *                           {@link Transports#bind}
 */
public record TransportConfig(
        String host,
        int port,
        int ioThreads,
        int backlog,
        int readBufferSize,
        int writeHighWaterMark,
        int writeLowWaterMark,
        boolean tcpNoDelay,
        boolean reuseAddress,
        int receiveBufferSize,
        int sendBufferSize,
        boolean reusePort,
        int maxConnections,
        Map<String, String> options,
        dev.celeris.spi.tls.TlsConfig tls) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_BACKLOG = 1024;
    public static final int DEFAULT_READ_BUFFER_SIZE = 64 * 1024;
    public static final int DEFAULT_WRITE_HIGH_WATER_MARK = 64 * 1024;
    public static final int DEFAULT_WRITE_LOW_WATER_MARK = 32 * 1024;

    public TransportConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be >= 1: " + ioThreads);
        if (backlog < 1) throw new IllegalArgumentException("backlog must be >= 1: " + backlog);
        if (readBufferSize < 1) throw new IllegalArgumentException("readBufferSize must be >= 1: " + readBufferSize);
        if (writeLowWaterMark < 0 || writeHighWaterMark < writeLowWaterMark) {
            throw new IllegalArgumentException("need 0 <= writeLowWaterMark <= writeHighWaterMark, got "
                    + writeLowWaterMark + " and " + writeHighWaterMark);
        }
        if (receiveBufferSize < 0 || sendBufferSize < 0) throw new IllegalArgumentException("socket buffer sizes must be >= 0");
        if (maxConnections < 0) throw new IllegalArgumentException("maxConnections must be >= 0 (0: unlimited): " + maxConnections);
        options = Map.copyOf(options);
    }

    /** A transport-specific option, or {@code defaultValue} when unset. */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this config. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).ioThreads(ioThreads).backlog(backlog)
                .readBufferSize(readBufferSize).writeWaterMarks(writeLowWaterMark, writeHighWaterMark)
                .tcpNoDelay(tcpNoDelay).reuseAddress(reuseAddress).receiveBufferSize(receiveBufferSize)
                .sendBufferSize(sendBufferSize).reusePort(reusePort).maxConnections(maxConnections).options(options)
                .tls(tls);
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int backlog = DEFAULT_BACKLOG;
        private int readBufferSize = DEFAULT_READ_BUFFER_SIZE;
        private int writeHighWaterMark = DEFAULT_WRITE_HIGH_WATER_MARK;
        private int writeLowWaterMark = DEFAULT_WRITE_LOW_WATER_MARK;
        private boolean tcpNoDelay = true;
        private boolean reuseAddress = true;
        private int receiveBufferSize;
        private int sendBufferSize;
        private boolean reusePort;
        private int maxConnections;
        private Map<String, String> options = Map.of();
        private dev.celeris.spi.tls.TlsConfig tls;

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder ioThreads(int ioThreads) { this.ioThreads = ioThreads; return this; }
        public Builder backlog(int backlog) { this.backlog = backlog; return this; }
        public Builder readBufferSize(int bytes) { this.readBufferSize = bytes; return this; }
        public Builder writeWaterMarks(int low, int high) { this.writeLowWaterMark = low; this.writeHighWaterMark = high; return this; }
        public Builder tcpNoDelay(boolean on) { this.tcpNoDelay = on; return this; }
        public Builder reuseAddress(boolean on) { this.reuseAddress = on; return this; }
        public Builder receiveBufferSize(int bytes) { this.receiveBufferSize = bytes; return this; }
        public Builder sendBufferSize(int bytes) { this.sendBufferSize = bytes; return this; }
        public Builder reusePort(boolean on) { this.reusePort = on; return this; }
        public Builder maxConnections(int max) { this.maxConnections = max; return this; }
        public Builder options(Map<String, String> options) { this.options = Map.copyOf(options); return this; }
        /** Serve TLS with these settings ({@code null}: cleartext). */
        public Builder tls(dev.celeris.spi.tls.TlsConfig tls) { this.tls = tls; return this; }

        public Builder option(String name, String value) {
            var copy = new java.util.HashMap<>(options);
            copy.put(name, value);
            this.options = copy;
            return this;
        }

        public TransportConfig build() {
            return new TransportConfig(host, port, ioThreads, backlog, readBufferSize, writeHighWaterMark,
                    writeLowWaterMark, tcpNoDelay, reuseAddress, receiveBufferSize, sendBufferSize, reusePort, maxConnections,
                    options, tls);
        }
    }
}
