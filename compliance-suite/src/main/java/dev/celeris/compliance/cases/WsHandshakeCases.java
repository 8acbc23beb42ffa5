package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.check;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.cases.WsSupport.*;

import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.H2;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsFrame;
import dev.celeris.compliance.client.WsHandshake;
import dev.celeris.compliance.client.WsOpener;
import java.util.Locale;

/** The opening handshakes: RFC 6455 §4 over HTTP/1.1, RFC 8441 §3-§5 over HTTP/2, and what both share. */
final class WsHandshakeCases {

    /** RFC 6455 §1.3's example key and the accept value it must produce. */
    private static final String EXAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String EXAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private WsHandshakeCases() {
    }

    static void add(CaseList c, boolean h2) {
        if (h2) addHttp2(c);
        else addHttp1(c);
        c.section("RFC 6455", "4.4")
                .add("Sec-WebSocket-Version 8: 426 with Sec-WebSocket-Version: 13", "If this version does not match a version understood by the server, the server MUST abort the WebSocket handshake ... and send ... a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding",
                        ctx -> { WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-version", "8");
                            check(h.status() == 426 && "13".equals(h.header("sec-websocket-version")), "426 with sec-websocket-version: 13", h.status() + " " + h.headers()); });
        c.section("RFC 6455", "4.2.2")
                .add("An unknown subprotocol is not selected", "If the server does not wish to agree to one of the suggested subprotocols, it MUST NOT send back a |Sec-WebSocket-Protocol| header field in its response",
                        ctx -> { WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-protocol", "x-h2check-unknown");
                            check(!h.accepted() || h.header("sec-websocket-protocol") == null, "no sec-websocket-protocol (or a refusal)", h.status() + " " + h.headers()); })
                .add("An unknown extension is not accepted, the handshake succeeds", "The server MUST NOT respond with an extension the client did not request ... it uses only the extensions it supports",
                        ctx -> { WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-extensions", "x-h2check-unknown; level=1");
                            String ext = h.header("sec-websocket-extensions");
                            check(h.accepted() && (ext == null || !ext.toLowerCase(Locale.ROOT).contains("x-h2check-unknown")), "the WebSocket opened without the extension", h.status() + " " + h.headers());
                            h.client().closeNormally(); });
    }

    private static void addHttp1(CaseList c) {
        c.section("RFC 6455", "4.2.2")
                .add("Handshake with the RFC's example key: 101, Upgrade: websocket, Connection: Upgrade, its Sec-WebSocket-Accept", "The |Sec-WebSocket-Accept| header field ... base64-encoded ... SHA-1 of the concatenation of the |Sec-WebSocket-Key| ... with the string \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\"",
                        ctx -> { WsHandshake h = ctx.wsHandshake(false, "sec-websocket-key", EXAMPLE_KEY);
                            check(h.status() == 101 && EXAMPLE_ACCEPT.equals(h.header("sec-websocket-accept"))
                                    && "websocket".equalsIgnoreCase(String.valueOf(h.header("upgrade")))
                                    && String.valueOf(h.header("connection")).toLowerCase(Locale.ROOT).contains("upgrade"),
                                    "101 with upgrade: websocket, connection: Upgrade, sec-websocket-accept: " + EXAMPLE_ACCEPT, h.status() + " " + h.headers());
                            h.client().closeNormally(); });
        c.section("RFC 6455", "4.2.1")
                .add("Handshake without Sec-WebSocket-Key: 400", "If the server, while reading the handshake, finds that the client did not send a handshake that matches the description below ... the server MUST stop processing the client's handshake and return an HTTP response with an appropriate error code (such as 400 Bad Request)",
                        ctx -> { WsHandshake h = ctx.wsHandshake(false, "sec-websocket-key", null);
                            check(h.status() == 400, "400", h.status() + " " + h.headers()); })
                .add("Handshake with a Sec-WebSocket-Key that is not 16 bytes in base64: 400", "A |Sec-WebSocket-Key| header field with a base64-encoded value that, when decoded, is 16 bytes in length",
                        ctx -> { WsHandshake h = ctx.wsHandshake(false, "sec-websocket-key", "c2hvcnQ=");
                            check(h.status() == 400, "400", h.status() + " " + h.headers()); });
        c.section("RFC 9110", "15.5.22")
                .add("Sec-WebSocket-Version 8: the 426 carries Upgrade: websocket", "A server that sends a 426 (Upgrade Required) response MUST send an Upgrade header field to indicate the required protocol(s)",
                        ctx -> { WsHandshake h = ctx.wsHandshake(false, "sec-websocket-version", "8");
                            check(h.status() == 426 && String.valueOf(h.header("upgrade")).toLowerCase(Locale.ROOT).contains("websocket"),
                                    "426 with upgrade: websocket", h.status() + " " + h.headers()); });
    }

    private static void addHttp2(CaseList c) {
        c.section("RFC 8441", "3")
                .add("The server's SETTINGS carry SETTINGS_ENABLE_CONNECT_PROTOCOL = 1", "a server ... MUST send this parameter with the value of 1 ... to allow a client to use the Extended CONNECT",
                        ctx -> { RawClient cl = ctx.connect();
                            long v = cl.serverSetting(WsOpener.settingsEnableConnectProtocol(), 0);
                            check(v == 1, "SETTINGS_ENABLE_CONNECT_PROTOCOL = 1", "value " + v); });
        c.section("RFC 8441", "4")
                .add("Extended CONNECT without :path: PROTOCOL_ERROR", "On requests that contain the :protocol pseudo-header field, the :scheme and :path pseudo-header fields of the target URI MUST also be included",
                        ctx -> { RawClient cl = ctx.connect(WsOpener.http2Settings());
                            cl.send(Frames.headers(1, H2.FLAG_END_HEADERS, HeaderBlock.create().literal(":method", "CONNECT").literal(":protocol", "websocket")
                                    .literal(":scheme", "http").literal(":authority", ctx.target().authority()).literal("sec-websocket-version", "13").bytes()));
                            expect(cl).streamError(1, H2.PROTOCOL_ERROR); })
                .add(":protocol on a GET: PROTOCOL_ERROR", "The :protocol pseudo-header field ... is used with the CONNECT method; a request with an undefined or invalid pseudo-header field is malformed (RFC 9113 §8.1.1)",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, H2.FLAG_END_HEADERS | H2.FLAG_END_STREAM,
                                    HeaderBlock.request("GET", ctx.target().wsPath(), ctx.target().authority()).literal(":protocol", "websocket").bytes()));
                            expect(cl).streamError(1, H2.PROTOCOL_ERROR); });
        c.section("RFC 8441", "5")
                .add("Extended CONNECT with :protocol websocket: 200, and the stream carries WebSocket frames", "The Sec-WebSocket-Key and Sec-WebSocket-Accept header fields are not used ... a 2xx status code ... the stream carries the WebSocket data (and RFC 9110 §9.3.6: A server MUST NOT send any Transfer-Encoding or Content-Length header fields in a 2xx (Successful) response to CONNECT)",
                        ctx -> { WsHandshake h = ctx.wsHandshake(true);
                            check(h.status() == 200, "200", h.status() + " " + h.headers());
                            // RFC 9110 §9.3.6: no Content-Length or Transfer-Encoding in a 2xx to CONNECT.
                            check(h.header("content-length") == null && h.header("transfer-encoding") == null,
                                    "no content-length or transfer-encoding in the 200", h.headers().toString());
                            h.client().send(WsFrame.text("over h2"));
                            h.client().expectText("over h2");
                            h.client().closeNormally(); })
                .add("A failed WebSocket ends its stream only: a request on stream 3 is still answered", "the WebSocket connection is the stream: closing it ... closes the stream, not the HTTP/2 connection",
                        ctx -> { RawClient cl = ctx.connect(WsOpener.http2Settings());
                            WsClient ws = WsOpener.http2(cl, ctx.target().tls(), ctx.target().wsPath(), ctx.target().authority()).client();
                            check(ws != null, "200 to the extended CONNECT", "a refusal");
                            ws.send(WsFrame.text("unmasked").unmasked());
                            ws.expectFail(PROTOCOL_ERROR);
                            cl.send(Frames.headers(3, H2.FLAG_END_HEADERS | H2.FLAG_END_STREAM, ctx.get()));
                            expect(cl).response(3); });
    }
}
