package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.check;
import static dev.celeris.compliance.cases.WsSupport.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.ComplianceCase;
import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Skip;
import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsFrame;
import dev.celeris.compliance.client.WsHandshake;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The "deflate" and "deflate-h2" groups: permessage-deflate (RFC 7692) negotiation and compressed
 * messages over HTTP/1.1 and over HTTP/2. A server that declines a plain offer skips them (the
 * extension is optional).
 */
public final class DeflateCases {

    private static final String OFFER = "permessage-deflate";
    private static final String DECLINE = "A server MUST decline an extension negotiation offer for this extension if ... the negotiation offer contains an extension parameter not defined for use in an offer ... with an invalid value ... multiple extension parameters with the same name";
    private static final String COMPRESS = "An endpoint uses the following algorithm to decompress a message: append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message; decompress the resulting data using DEFLATE";
    private static final String RSV1 = "An endpoint MUST NOT set the \"Per-Message Compressed\" bit of control frames and non-first fragments of a data message. An endpoint receiving such a frame MUST _Fail the WebSocket Connection_";

    private DeflateCases() {
    }

    public static List<ComplianceCase> cases(boolean h2) {
        CaseList c = new CaseList(h2 ? "deflate-h2" : "deflate");
        c.section("RFC 7692", "5")
                .add("Offer permessage-deflate: accepted", "To request use of the PMCE, a client includes the extension name in an extension negotiation offer ... the server ... includes it in the response to accept",
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); ws.closeNormally(); })
                .add("Two offers, the first with an unknown parameter: the second is accepted", DECLINE,
                        ctx -> { WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-extensions", "permessage-deflate; x-unknown=1, permessage-deflate");
                            accepted(h);
                            check(!ext(h).contains("x-unknown"), "the second offer's parameters", ext(h)); h.client().closeNormally(); });
        c.section("RFC 7692", "7")
                .add("Offer with an unknown parameter: declined, the handshake succeeds", DECLINE, ctx -> declined(ctx, h2, "permessage-deflate; x-unknown=1"))
                .add("Offer with server_max_window_bits=7 (invalid value): declined", DECLINE, ctx -> declined(ctx, h2, "permessage-deflate; server_max_window_bits=7"))
                .add("Offer with a parameter given twice: declined", DECLINE,
                        ctx -> declined(ctx, h2, "permessage-deflate; client_no_context_takeover; client_no_context_takeover"));
        c.section("RFC 7692", "7.1.1.1")
                .add("Offer with server_no_context_takeover: the response includes it", "A server accepts an extension negotiation offer that includes the \"server_no_context_takeover\" extension parameter by including the \"server_no_context_takeover\" extension parameter in the corresponding extension negotiation response",
                        ctx -> { WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-extensions", "permessage-deflate; server_no_context_takeover");
                            accepted(h);
                            check(ext(h).contains("server_no_context_takeover"), "server_no_context_takeover in the response", ext(h));
                            h.client().send(h.client().compressed(WsFrame.TEXT, utf8("again"), 1));
                            h.client().send(h.client().compressed(WsFrame.TEXT, utf8("again"), 1));
                            h.client().expectText("again"); h.client().expectText("again"); h.client().closeNormally(); });
        c.section("RFC 7692", "7.1.2.2")
                .add("Offer without client_max_window_bits: the response does not include it", "If a received extension negotiation offer doesn't have the \"client_max_window_bits\" extension parameter, the corresponding extension negotiation response to the offer MUST NOT include the \"client_max_window_bits\" extension parameter",
                        ctx -> { WsClient ws = open(ctx, h2, OFFER);
                            check(!ws.deflate().response().toLowerCase(Locale.ROOT).contains("client_max_window_bits"), "no client_max_window_bits", ws.deflate().response()); ws.closeNormally(); })
                .add("Offer with client_max_window_bits (no value): a value in the response is 8-15", "the server MAY include the \"client_max_window_bits\" extension parameter in the corresponding extension negotiation response ... a decimal integer value in the range from 8 to 15",
                        ctx -> { WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-extensions", "permessage-deflate; client_max_window_bits");
                            accepted(h);
                            java.util.regex.Matcher m = java.util.regex.Pattern.compile("client_max_window_bits\\s*=\\s*\"?(\\d+)").matcher(ext(h));
                            check(!m.find() || (Integer.parseInt(m.group(1)) >= 8 && Integer.parseInt(m.group(1)) <= 15), "a value from 8 to 15", ext(h));
                            h.client().closeNormally(); });
        c.section("RFC 7692", "7.2.1")
                .add("A compressed text message is echoed", COMPRESS, ctx -> compressedEcho(ctx, h2, WsFrame.TEXT, utf8("Hello, compressed world! ".repeat(20)), 1))
                .add("A compressed message in 3 fragments, RSV1 on the first only, is echoed", COMPRESS,
                        ctx -> compressedEcho(ctx, h2, WsFrame.TEXT, utf8("fragmented and compressed ".repeat(40)), 3))
                .add("A compressed binary message of 65536 random bytes is echoed", COMPRESS, ctx -> compressedEcho(ctx, h2, WsFrame.BINARY, random(65_536), 1))
                .add("An empty compressed message is echoed", COMPRESS, ctx -> compressedEcho(ctx, h2, WsFrame.TEXT, new byte[0], 1))
                .add("Two identical messages with context takeover (the second refers back to the first) are echoed", "the LZ77 sliding window used to compress the last message can be used by the next",
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); byte[] m = utf8("repeated payload ".repeat(10));
                            ws.send(ws.compressed(WsFrame.TEXT, m, 1)); ws.send(ws.compressed(WsFrame.TEXT, m, 1));
                            ws.expectMessage(WsFrame.TEXT, m); ws.expectMessage(WsFrame.TEXT, m); ws.closeNormally(); })
                .add("An uncompressed message after the negotiation is echoed", "An endpoint MAY send an uncompressed message: the Per-Message Compressed bit is then 0",
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); ws.send(WsFrame.text("plain")); ws.expectText("plain"); ws.closeNormally(); });
        c.section("RFC 7692", "6.1")
                .add("RSV1 on a continuation frame: 1002", RSV1,
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); WsFrame[] f = ws.compressed(WsFrame.TEXT, utf8("two fragments here"), 2);
                            ws.send(f[0], WsFrame.of(true, WsFrame.RSV1, WsFrame.CONTINUATION, f[1].payload())); ws.expectFail(PROTOCOL_ERROR); })
                .add("RSV1 on a ping: 1002", RSV1,
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); ws.send(WsFrame.of(true, WsFrame.RSV1, WsFrame.PING, utf8("ping"))); ws.expectFail(PROTOCOL_ERROR); });
        c.section("RFC 7692", "6.2")
                .add("A compressed text that inflates to invalid UTF-8: 1007", "(RFC 6455 §8.1) a text message that is not valid UTF-8 after decompression fails the connection with 1007",
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); ws.send(ws.compressed(WsFrame.TEXT, hex("ce ba ed a0 80"), 1)); ws.expectFail(INVALID_DATA); })
                .add("A compressed message that is not DEFLATE data: 1007 or 1002", "If the decompression fails, the endpoint MUST _Fail the WebSocket Connection_",
                        ctx -> { WsClient ws = open(ctx, h2, OFFER); ws.send(WsFrame.of(true, WsFrame.RSV1, WsFrame.BINARY, hex("ff ff ff ff ff"))); ws.expectFail(INVALID_DATA, PROTOCOL_ERROR); })
                .add("A compressed message inflating past the endpoint's limit: 1009 (h2check --ws-max-message)", "(RFC 6455 §10.4) limits on the total message size after reassembly apply to the decompressed message",
                        ctx -> { long max = limit(ctx); if (max > 256L << 20) throw new Skip("limit over 256 MiB");
                            WsClient ws = open(ctx, h2, OFFER); ws.send(ws.compressed(WsFrame.BINARY, new byte[(int) max + 1], 1)); ws.expectFail(TOO_BIG); });
        return c.cases();
    }

    /** A WebSocket with permessage-deflate accepted, or a skip when the server declines {@code offer}. */
    private static WsClient open(CaseContext ctx, boolean h2, String offer) throws IOException, CaseFailure, Skip {
        WsClient ws = ctx.ws(h2, "sec-websocket-extensions", offer);
        if (ws.deflate() == null) throw new Skip("the server declined permessage-deflate");
        return ws;
    }

    private static void accepted(WsHandshake h) throws CaseFailure, Skip {
        if (!h.accepted()) throw new CaseFailure("the WebSocket to open", "status " + h.status() + " " + h.headers());
        if (h.client().deflate() == null) throw new Skip("the server declined permessage-deflate");
    }

    private static void declined(CaseContext ctx, boolean h2, String offer) throws IOException, CaseFailure {
        WsHandshake h = ctx.wsHandshake(h2, "sec-websocket-extensions", offer);
        check(h.accepted() && h.client().deflate() == null, "the WebSocket to open without permessage-deflate", h.status() + " " + h.headers());
        h.client().closeNormally();
    }

    private static String ext(WsHandshake h) {
        return String.valueOf(h.header("sec-websocket-extensions")).toLowerCase(Locale.ROOT);
    }

    private static void compressedEcho(CaseContext ctx, boolean h2, int opcode, byte[] message, int fragments) throws IOException, CaseFailure, Skip {
        WsClient ws = open(ctx, h2, OFFER);
        ws.send(ws.compressed(opcode, message, fragments));
        ws.expectMessage(opcode, message);
        ws.closeNormally();
    }
}
