package dev.celeris.engine.internal.hpack;

/**
 * Malformed HPACK input (RFC 7541). The connection layer turns it into a connection error
 * COMPRESSION_ERROR (RFC 9113 §4.3): once a header block fails to decode, the decoder's dynamic
 * table can no longer be trusted. Stack traces are not filled: this is expected control flow on
 * hostile input.
 */
public final class HpackException extends Exception {

    public HpackException(String message) {
        super(message, null, false, false);
    }
}
