package dev.celeris.compliance.cases;

import static dev.celeris.compliance.cases.WsSupport.*;

import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsFrame;

/** RFC 6455 §5.5: ping, pong, close frames and the close handshake, and §7.4 status codes. */
final class WsControlCases {

    private static final String CONTROL = "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented";
    private static final String PING = "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response ... the Pong frame MUST have identical \"Application data\"";
    private static final String PING_SKIP = "If an endpoint receives a Ping frame and has not yet sent Pong frame(s) in response to previous Ping frame(s), the endpoint MAY elect to send a Pong frame for only the most recently processed Ping frame";
    private static final String PONG = "A Pong frame MAY be sent unsolicited. This serves as a unidirectional heartbeat. A response to an unsolicited Pong frame is not expected";
    private static final String CLOSE = "If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint MUST send a Close frame in response";
    private static final String BODY = "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer (in network byte order) representing a status code";
    private static final String AFTER = "After sending a Close frame, the application MUST NOT send any more data frames";
    private static final String REASON = "the data ... is not guaranteed to be human readable ... [it] MUST be UTF-8 encoded";
    private static final String CODES = "Status codes in the range 3000-4999 ... 1000 indicates a normal closure ... (codes defined by this protocol are accepted)";
    private static final String RESERVED = "0-999 are not used; 1004, 1005, 1006 and 1015 MUST NOT be set as a status code in a Close control frame by an endpoint; 1016-2999 are reserved";

    private WsControlCases() {
    }

    static void add(CaseList c, boolean h2) {
        c.section("RFC 6455", "5.5")
                .add("Ping with a 126-byte payload: 1002", CONTROL, ctx -> protocolError(ctx, h2, WsFrame.ping(random(126))))
                .add("Pong with a 126-byte payload: 1002", CONTROL, ctx -> protocolError(ctx, h2, frame(true, 0, WsFrame.PONG, random(126))))
                .add("Ping with FIN clear: 1002", CONTROL, ctx -> protocolError(ctx, h2, frame(false, 0, WsFrame.PING, utf8("half"))))
                .add("Ping with FIN clear and a continuation: 1002", CONTROL,
                        ctx -> protocolError(ctx, h2, frame(false, 0, WsFrame.PING, utf8("ha")), frame(true, 0, WsFrame.CONTINUATION, utf8("lf"))))
                .add("Close with FIN clear: 1002", CONTROL, ctx -> protocolError(ctx, h2, frame(false, 0, WsFrame.CLOSE, new byte[] {3, (byte) 0xE8})));
        c.section("RFC 6455", "5.5.2")
                .add("Ping without payload: pong without payload", PING,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.ping(new byte[0])); ws.expectPong(new byte[0]); ws.closeNormally(); })
                .add("Ping with 125 random bytes: pong with the same bytes", PING,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.ping(random(125))); ws.expectPong(random(125)); ws.closeNormally(); })
                .add("10 pings in one write: pongs in order, the last one for the last ping", PING_SKIP, ctx -> {
                    WsClient ws = ctx.ws(h2);
                    WsFrame[] pings = new WsFrame[10];
                    for (int i = 0; i < 10; i++) pings[i] = WsFrame.ping(utf8("ping " + i));
                    ws.send(pings);
                    ws.expectPongs(utf8("ping "), 10);
                    ws.closeNormally(); })
                .add("Ping sent one byte per write: pong", PING,
                        ctx -> { WsClient ws = ctx.ws(h2); for (byte b : WsFrame.ping(utf8("slow")).encode()) ws.sendRaw(new byte[] {b});
                            ws.expectPong(utf8("slow")); ws.closeNormally(); });
        c.section("RFC 6455", "5.5.3")
                .add("Unsolicited pong: no answer; a later ping gets its pong", PONG,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(frame(true, 0, WsFrame.PONG, utf8("heartbeat")), WsFrame.ping(utf8("after")));
                            ws.expectPong(utf8("after")); ws.closeNormally(); });
        c.section("RFC 6455", "5.5.1")
                .add("Close without payload: a close frame (no code or 1000), then the end", CLOSE,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(frame(true, 0, WsFrame.CLOSE, new byte[0])); ws.expectFail(1005, 1000); })
                .add("Close 1000 with a reason: close 1000, then the end", CLOSE,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.close(1000, utf8("bye"))); ws.expectFail(1000); })
                .add("Close 1000 with a 123-byte reason (125-byte payload): close 1000", CLOSE,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.close(1000, utf8("r".repeat(123)))); ws.expectFail(1000); })
                .add("Close with a 124-byte reason (126-byte payload): 1002", CONTROL,
                        ctx -> protocolError(ctx, h2, WsFrame.close(1000, utf8("r".repeat(124)))))
                .add("Close with a 1-byte payload: 1002", BODY, ctx -> protocolError(ctx, h2, frame(true, 0, WsFrame.CLOSE, new byte[] {3})))
                .add("Close with a reason that is not UTF-8: 1007", REASON,
                        ctx -> fails(ctx, h2, new int[] {INVALID_DATA}, WsFrame.close(1000, hex("ce ba e1 bd 80 ed a0 80 65"))))
                .add("Text echoed, then close, text and ping in one write: only the close is answered", AFTER,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.text("before")); ws.expectText("before");
                            ws.send(WsFrame.close(1000, new byte[0]), WsFrame.text("after"), WsFrame.ping(utf8("after"))); ws.expectFail(1000); })
                .add("Close while a fragmented message is in progress: close 1000", CLOSE,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(frame(false, 0, WsFrame.TEXT, utf8("unfinished")), WsFrame.close(1000, new byte[0]));
                            ws.expectFail(1000); });
        c.section("RFC 6455", "7.4.1");
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
            c.add("Close with status code " + code + ": a close frame (the same code or 1000)", CODES,
                    ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.close(code, new byte[0])); ws.expectFail(code, 1000); });
        }
        c.section("RFC 6455", "7.4.2");
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65_535}) {
            c.add("Close with reserved or invalid status code " + code + ": 1002", RESERVED,
                    ctx -> protocolError(ctx, h2, WsFrame.close(code, new byte[0])));
        }
    }
}
