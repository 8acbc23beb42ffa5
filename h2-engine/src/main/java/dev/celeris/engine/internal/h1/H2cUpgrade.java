package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.UpgradeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 side of the h2c upgrade (RFC 7540 §3.2). {@link RequestParser} decides whether a
 * request asks for it (Upgrade: h2c, exactly one valid HTTP2-Settings, both tokens in
 * Connection); {@link Http1Connection} reads its body, waits until earlier pipelined responses
 * are out, writes {@link #switchingProtocols()} and hands {@link #toUpgradeRequest} to HTTP/2.
 */
final class H2cUpgrade {

    private static final byte[] SWITCHING = ("HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\n"
            + "upgrade: h2c\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private H2cUpgrade() {
    }

    /** The 101 response; the server's SETTINGS frame must follow it directly. */
    static ByteBuffer switchingProtocols() {
        return ByteBuffer.wrap(SWITCHING);
    }

    /** The request as stream 1 will see it, without the HTTP/1.1 connection-specific fields. */
    static UpgradeRequest toUpgradeRequest(Http1Request req, byte[] body) {
        Headers headers = new Headers(req.headers.size());
        for (int i = 0; i < req.headers.size(); i++) {
            String name = req.headers.name(i);
            // SPEC: RFC 9113 §8.2.2 connection-specific fields do not carry over to HTTP/2.
            if (!ResponseEncoder.isManaged(name) && !name.equals("http2-settings") && !name.equals("proxy-connection")
                    && !name.equals("te")) {
                headers.add(name, req.headers.value(i));
            }
        }
        return new UpgradeRequest(req.method, req.path, req.rawQuery, req.authority, headers.readOnly(), body,
                req.http2Settings);
    }
}
