package dev.celeris.compliance.cases;

import static dev.celeris.compliance.cases.WsSupport.*;

import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsFrame;

/** RFC 6455 §8.1 (UTF-8 text, 1007) and §10.4 (implementation limits, 1009). */
final class WsPayloadCases {

    private static final String UTF8 = "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_";
    private static final String LIMITS = "Implementations that have implementation- and/or platform-specific limitations regarding the frame size or total message size after reassembly from multiple frames MUST protect themselves against exceeding those limits";

    /** Invalid UTF-8, each with what is wrong with it. */
    private static final String[][] INVALID = {
        {"c0 af", "overlong 2-byte encoding of '/'"},
        {"e0 80 af", "overlong 3-byte encoding of '/'"},
        {"ed a0 80", "UTF-16 surrogate U+D800"},
        {"f4 90 80 80", "code point above U+10FFFF"},
        {"80", "lone continuation byte"},
        {"fe", "byte 0xFE"},
        {"ff", "byte 0xFF"},
        {"f8 88 80 80 80", "5-byte sequence"},
        {"ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64", "surrogate after valid Greek text"},
        {"ce ba e1", "sequence truncated at the end of the message"},
    };

    private WsPayloadCases() {
    }

    static void add(CaseList c, boolean h2) {
        c.section("RFC 6455", "8.1")
                .add("Text with 2-, 3- and 4-byte sequences is echoed", UTF8, ctx -> echoText(ctx, h2, "κόσμε € 𝄞 \u0000"))
                .add("Text with noncharacters U+FFFE, U+FFFF and U+10FFFF is echoed (they are valid UTF-8)", UTF8,
                        ctx -> echoText(ctx, h2, "\uFFFE\uFFFF\uDBFF\uDFFF"))
                .add("Valid text split inside a code point across 2 fragments is echoed", UTF8,
                        ctx -> echo(ctx, h2, WsFrame.TEXT, utf8("€𝄞"), frame(false, 0, WsFrame.TEXT, hex("e2 82")),
                                frame(true, 0, WsFrame.CONTINUATION, hex("ac f0 9d 84 9e"))))
                .add("Valid text sent one byte per fragment is echoed", UTF8, ctx -> {
                    byte[] text = utf8("κόσμε𝄞");
                    WsFrame[] frames = new WsFrame[text.length];
                    for (int i = 0; i < text.length; i++) frames[i] = frame(i == text.length - 1, 0, i == 0 ? WsFrame.TEXT : WsFrame.CONTINUATION, new byte[] {text[i]});
                    echo(ctx, h2, WsFrame.TEXT, text, frames); });
        for (String[] bad : INVALID) {
            c.add("Text with an invalid sequence (" + bad[1] + "): 1007", UTF8,
                    ctx -> fails(ctx, h2, new int[] {INVALID_DATA}, frame(true, 0, WsFrame.TEXT, hex(bad[0]))));
        }
        c.add("Invalid sequence in the second of 2 fragments: 1007", UTF8,
                        ctx -> fails(ctx, h2, new int[] {INVALID_DATA}, frame(false, 0, WsFrame.TEXT, utf8("valid ")), frame(true, 0, WsFrame.CONTINUATION, hex("ed a0 80"))))
                .add("Invalid sequence split across 2 fragments (f4 | 90 80 80): 1007", UTF8,
                        ctx -> fails(ctx, h2, new int[] {INVALID_DATA}, frame(false, 0, WsFrame.TEXT, hex("f4")), frame(true, 0, WsFrame.CONTINUATION, hex("90 80 80"))))
                .add("Sequence truncated at the end of the last fragment: 1007", UTF8,
                        ctx -> fails(ctx, h2, new int[] {INVALID_DATA}, frame(false, 0, WsFrame.TEXT, utf8("ok")), frame(true, 0, WsFrame.CONTINUATION, hex("e2 82"))))
                .add("Invalid first fragment of an unfinished message: 1007 without waiting for the rest (fail fast)", UTF8,
                        ctx -> fails(ctx, h2, new int[] {INVALID_DATA}, frame(false, 0, WsFrame.TEXT, hex("ce ba c0 af"))));

        c.section("RFC 6455", "10.4")
                .add("A frame announcing 2^62 bytes: 1009", LIMITS,
                        ctx -> { WsClient ws = ctx.ws(h2); ws.sendRaw(WsFrame.head(true, 0, WsFrame.BINARY, true, 1L << 62)); ws.expectFail(TOO_BIG); })
                .add("A binary message of exactly the endpoint's limit is echoed (h2check --ws-max-message)", LIMITS, ctx -> {
                    int max = (int) Math.min(limit(ctx), 64L << 20);
                    echo(ctx, h2, WsFrame.BINARY, random(max), WsFrame.binary(random(max))); })
                .add("A fragmented message one byte over the endpoint's limit: 1009", LIMITS, ctx -> {
                    long max = limit(ctx);
                    if (max > 64L << 20) throw new dev.celeris.compliance.client.Skip("limit over 64 MiB");
                    WsClient ws = ctx.ws(h2);
                    int fragment = 64 * 1024;
                    long sent = 0;
                    boolean first = true;
                    while (sent < max) {
                        int n = (int) Math.min(fragment, max - sent);
                        ws.send(frame(false, 0, first ? WsFrame.BINARY : WsFrame.CONTINUATION, random(n)));
                        first = false;
                        sent += n;
                    }
                    ws.send(frame(true, 0, WsFrame.CONTINUATION, new byte[1]));
                    ws.expectFail(TOO_BIG); });
    }
}
