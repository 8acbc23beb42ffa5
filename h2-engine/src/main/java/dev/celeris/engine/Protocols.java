package dev.celeris.engine;

/** Which protocols a server speaks on its cleartext port. */
public enum Protocols {
    /** HTTP/1.1 only; the HTTP/2 preface is answered with 400 and {@code Upgrade: h2c} is ignored. */
    HTTP1_ONLY,
    /** HTTP/2 with prior knowledge only; anything else gets GOAWAY PROTOCOL_ERROR. */
    HTTP2_ONLY,
    /** Detect from the first bytes; HTTP/1.1 may upgrade to h2c (default). */
    BOTH
}
