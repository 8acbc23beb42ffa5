package dev.celeris.engine.internal.hpack;

/** Receives the decoded fields of one header block, in order. */
@FunctionalInterface
public interface HeaderSink {

    /**
     * One header field. Names taken from the static table, and fields taken from the dynamic
     * table, are the same {@code String} instances each time (no allocation).
     */
    void header(String name, String value);
}
