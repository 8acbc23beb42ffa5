package dev.celeris.compliance.cases;

import static dev.celeris.compliance.cases.WsSupport.*;

import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsFrame;

/** RFC 6455 §5.1-§5.4: lengths, reserved bits, opcodes, masking, fragmentation. */
final class WsFramingCases {

    private static final String LENGTH = "If 126, the following 2 bytes ... are the payload length. If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit MUST be 0) are the payload length";
    private static final String RSV = "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values ... " + FAIL;
    private static final String OPCODE = "If an unknown opcode is received, " + FAIL;
    private static final String MASK = "The server MUST close the connection upon receiving a frame that is not masked ... a server MAY send a Close frame with a status code of 1002";
    private static final String FRAGMENTS = "a single frame with the FIN bit clear and an opcode other than 0, followed by zero or more frames with the FIN bit clear and the opcode set to 0, and terminated by a single frame with the FIN bit set and an opcode of 0";
    private static final String INJECT = "Control frames (see Section 5.5) MAY be injected in the middle of a fragmented message";
    private static final String INTERLEAVE = "The fragments of one message MUST NOT be interleaved between the fragments of another message unless an extension has been negotiated";

    private WsFramingCases() {
    }

    static void add(CaseList c, boolean h2) {
        c.section("RFC 6455", "5.2");
        for (int n : new int[] {0, 125, 126, 127, 65_535, 65_536}) {
            String kind = n <= 125 ? "7-bit" : n <= 65_535 ? "16-bit" : "64-bit";
            c.add("Text message of " + n + " bytes (" + kind + " length) is echoed", LENGTH, ctx -> echoText(ctx, h2, "x".repeat(n)));
        }
        for (int n : new int[] {125, 65_536}) {
            c.add("Binary message of " + n + " random bytes is echoed", LENGTH,
                    ctx -> echo(ctx, h2, WsFrame.BINARY, random(n), WsFrame.binary(random(n))));
        }
        c.add("64-bit length with its most significant bit set: 1002", LENGTH,
                ctx -> { WsClient ws = ctx.ws(h2); ws.sendRaw(WsFrame.head(true, 0, WsFrame.BINARY, true, Long.MIN_VALUE | 5)); ws.expectFail(PROTOCOL_ERROR); });
        for (int rsv = 1; rsv <= 7; rsv++) {
            int r = rsv;
            String bits = ((r & 4) != 0 ? "RSV1 " : "") + ((r & 2) != 0 ? "RSV2 " : "") + ((r & 1) != 0 ? "RSV3 " : "");
            c.add("Text frame with " + bits + "set and no extension: 1002", RSV, ctx -> protocolError(ctx, h2, frame(true, r, WsFrame.TEXT, utf8("rsv"))));
        }
        c.add("Text echoed, then a binary frame with RSV2: echo, then 1002", RSV,
                ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.text("first")); ws.expectText("first");
                    ws.send(frame(true, 2, WsFrame.BINARY, utf8("bad"))); ws.expectFail(PROTOCOL_ERROR); });
        c.add("Ping with RSV3 set: 1002", RSV, ctx -> protocolError(ctx, h2, frame(true, 1, WsFrame.PING, utf8("rsv"))));
        for (int op : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            String kind = op < 8 ? "non-control" : "control";
            c.add("Reserved " + kind + " opcode 0x" + Integer.toHexString(op).toUpperCase() + ": 1002", OPCODE,
                    ctx -> protocolError(ctx, h2, frame(true, 0, op, op == 4 ? new byte[0] : utf8("reserved"))));
        }
        c.add("Text echoed, then reserved opcode 0x5: echo, then 1002", OPCODE,
                ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.text("first")); ws.expectText("first");
                    ws.send(frame(true, 0, 5, utf8("bad"))); ws.expectFail(PROTOCOL_ERROR); });
        c.add("Text message sent one byte per write is echoed", LENGTH,
                ctx -> { WsClient ws = ctx.ws(h2); for (byte b : WsFrame.text("byte by byte").encode()) ws.sendRaw(new byte[] {b});
                    ws.expectText("byte by byte"); ws.closeNormally(); });

        c.section("RFC 6455", "5.1")
                .add("Unmasked text frame: 1002", MASK, ctx -> protocolError(ctx, h2, WsFrame.text("unmasked").unmasked()))
                .add("Unmasked ping: 1002", MASK, ctx -> protocolError(ctx, h2, WsFrame.ping(utf8("unmasked")).unmasked()))
                .add("Text echoed, then an unmasked binary frame: echo, then 1002", MASK,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.text("masked")); ws.expectText("masked");
                            ws.send(WsFrame.binary(utf8("unmasked")).unmasked()); ws.expectFail(PROTOCOL_ERROR); });

        c.section("RFC 6455", "5.4")
                .add("Text in 2 fragments is echoed as one message", FRAGMENTS,
                        ctx -> echo(ctx, h2, WsFrame.TEXT, utf8("fragmented"), frame(false, 0, WsFrame.TEXT, utf8("frag")),
                                frame(true, 0, WsFrame.CONTINUATION, utf8("mented"))))
                .add("Text in 3 fragments, the middle one empty", FRAGMENTS,
                        ctx -> echo(ctx, h2, WsFrame.TEXT, utf8("ab"), frame(false, 0, WsFrame.TEXT, utf8("a")),
                                frame(false, 0, WsFrame.CONTINUATION, new byte[0]), frame(true, 0, WsFrame.CONTINUATION, utf8("b"))))
                .add("Text in 3 empty fragments is echoed as an empty message", FRAGMENTS,
                        ctx -> echo(ctx, h2, WsFrame.TEXT, new byte[0], frame(false, 0, WsFrame.TEXT, new byte[0]),
                                frame(false, 0, WsFrame.CONTINUATION, new byte[0]), frame(true, 0, WsFrame.CONTINUATION, new byte[0])))
                .add("Binary in 64 fragments of 1 byte", FRAGMENTS, ctx -> {
                    WsFrame[] frames = new WsFrame[64];
                    byte[] msg = random(64);
                    for (int i = 0; i < 64; i++) frames[i] = frame(i == 63, 0, i == 0 ? WsFrame.BINARY : WsFrame.CONTINUATION, new byte[] {msg[i]});
                    echo(ctx, h2, WsFrame.BINARY, msg, frames); })
                .add("A ping between two fragments: the pong, then the message", INJECT,
                        ctx -> { WsClient ws = ctx.ws(h2);
                            ws.send(frame(false, 0, WsFrame.TEXT, utf8("ping ")), WsFrame.ping(utf8("inside")), frame(true, 0, WsFrame.CONTINUATION, utf8("inside")));
                            ws.expectPong(utf8("inside")); ws.expectText("ping inside"); ws.closeNormally(); })
                .add("A pong and a ping between fragments: one pong, then the message", INJECT,
                        ctx -> { WsClient ws = ctx.ws(h2);
                            ws.send(frame(false, 0, WsFrame.BINARY, utf8("a")), frame(true, 0, WsFrame.PONG, utf8("unsolicited")),
                                    WsFrame.ping(utf8("p")), frame(true, 0, WsFrame.CONTINUATION, utf8("b")));
                            ws.expectPong(utf8("p")); ws.expectBinary(utf8("ab")); ws.closeNormally(); })
                .add("Continuation frame (FIN set) without a message in progress: 1002", FRAGMENTS,
                        ctx -> protocolError(ctx, h2, frame(true, 0, WsFrame.CONTINUATION, utf8("orphan"))))
                .add("Continuation frame (FIN clear) without a message in progress: 1002", FRAGMENTS,
                        ctx -> protocolError(ctx, h2, frame(false, 0, WsFrame.CONTINUATION, utf8("orphan"))))
                .add("Text echoed, then a continuation after it ended: echo, then 1002", FRAGMENTS,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.send(WsFrame.text("done")); ws.expectText("done");
                            ws.send(frame(true, 0, WsFrame.CONTINUATION, utf8("late"))); ws.expectFail(PROTOCOL_ERROR); })
                .add("A text frame inside a fragmented text message: 1002", INTERLEAVE,
                        ctx -> protocolError(ctx, h2, frame(false, 0, WsFrame.TEXT, utf8("one")), frame(true, 0, WsFrame.TEXT, utf8("two"))))
                .add("A binary frame inside a fragmented text message: 1002", INTERLEAVE,
                        ctx -> protocolError(ctx, h2, frame(false, 0, WsFrame.TEXT, utf8("one")), frame(false, 0, WsFrame.BINARY, utf8("two"))));
    }
}
