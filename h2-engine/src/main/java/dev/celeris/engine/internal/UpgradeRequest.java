package dev.celeris.engine.internal;

import dev.celeris.engine.Headers;

/**
 * An HTTP/1.1 request that asked for {@code Upgrade: h2c} (RFC 7540 §3.2), handed from the
 * HTTP/1.1 connection to the HTTP/2 connection, which serves it as stream 1 (half-closed
 * remote) after the 101 response. The body, if any, was read completely before the upgrade.
 *
 * @param http2Settings the decoded {@code HTTP2-Settings} header: a SETTINGS frame payload
 */
public record UpgradeRequest(
        String method,
        String path,
        String rawQuery,
        String authority,
        Headers headers,
        byte[] body,
        byte[] http2Settings) {
}
