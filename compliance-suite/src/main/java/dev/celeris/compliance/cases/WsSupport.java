package dev.celeris.compliance.cases;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Skip;
import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/** What the WebSocket cases share: payloads, and the echo and fail exchanges. */
final class WsSupport {

    /** RFC 6455 §7.4.1: protocol error, invalid payload data, message too big. */
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;
    static final int TOO_BIG = 1009;

    static final String FAIL = "the receiving endpoint MUST _Fail the WebSocket Connection_";

    private WsSupport() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** Reproducible pseudo-random bytes. */
    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static byte[] cat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static WsFrame frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return WsFrame.of(fin, rsv, opcode, payload);
    }

    /** Sends {@code frames} in one write and expects the echo of {@code opcode}/{@code payload}, then closes normally. */
    static void echo(CaseContext ctx, boolean h2, int opcode, byte[] payload, WsFrame... frames) throws IOException, CaseFailure {
        WsClient ws = ctx.ws(h2);
        ws.send(frames);
        ws.expectMessage(opcode, payload);
        ws.closeNormally();
    }

    /** A text message in one frame, echoed. */
    static void echoText(CaseContext ctx, boolean h2, String text) throws IOException, CaseFailure {
        echo(ctx, h2, WsFrame.TEXT, utf8(text), WsFrame.text(text));
    }

    /** Sends {@code frames} in one write and expects the connection failed with {@code codes}. */
    static void fails(CaseContext ctx, boolean h2, int[] codes, WsFrame... frames) throws IOException, CaseFailure {
        WsClient ws = ctx.ws(h2);
        ws.send(frames);
        ws.expectFail(codes);
    }

    /** Sends {@code frames} in one write and expects 1002. */
    static void protocolError(CaseContext ctx, boolean h2, WsFrame... frames) throws IOException, CaseFailure {
        fails(ctx, h2, new int[] {PROTOCOL_ERROR}, frames);
    }

    /** The echo endpoint's message limit, or a skip when the run was not told it. */
    static long limit(CaseContext ctx) throws Skip {
        long max = ctx.target().wsMaxMessage();
        if (max <= 0) throw new Skip("the endpoint's message limit is unknown (h2check --ws-max-message)");
        return max;
    }
}
