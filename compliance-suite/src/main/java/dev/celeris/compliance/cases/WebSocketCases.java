package dev.celeris.compliance.cases;

import dev.celeris.compliance.ComplianceCase;
import java.util.List;

/**
 * The "websocket" and "websocket-h2" groups: RFC 6455's rules — the ground the Autobahn test suite
 * covers (framing, masking, fragmentation, control frames, the close handshake and its codes,
 * UTF-8, limits) — each checked over HTTP/1.1 (Upgrade) and over HTTP/2 (RFC 8441 extended
 * CONNECT), against the target's WebSocket echo endpoint.
 */
public final class WebSocketCases {

    private WebSocketCases() {
    }

    /** The cases over HTTP/1.1 ({@code websocket}) or, with {@code h2}, over HTTP/2 ({@code websocket-h2}). */
    public static List<ComplianceCase> cases(boolean h2) {
        CaseList c = new CaseList(h2 ? "websocket-h2" : "websocket");
        WsHandshakeCases.add(c, h2);
        WsFramingCases.add(c, h2);
        WsControlCases.add(c, h2);
        WsPayloadCases.add(c, h2);
        return c.cases();
    }
}
