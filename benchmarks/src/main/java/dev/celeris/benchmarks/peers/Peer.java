package dev.celeris.benchmarks.peers;

/** A running benchmark server; {@link #close()} stops it and releases its threads. */
public interface Peer extends AutoCloseable {

    /** The server's name in reports, e.g. {@code "netty-native"}. */
    String name();

    /** The port actually bound. */
    int port();

    @Override
    void close() throws Exception;
}
