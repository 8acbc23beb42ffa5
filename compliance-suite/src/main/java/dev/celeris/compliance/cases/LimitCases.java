package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.ComplianceCase;
import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Expectations;
import dev.celeris.compliance.client.Frame;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The "limits" group: floods a server must cut short (RFC 9113 §10.5). Each sends well above
 * Celeris's default limits (Http2Config: 200 resets / 30 s, 16 small CONTINUATION frames,
 * 1000 PING/s, 100 SETTINGS/s, 10 empty DATA frames, 8 KiB field section) and expects GOAWAY
 * ENHANCE_YOUR_CALM, or for oversized field sections the refusal the RFC allows (431, RST_STREAM
 * or a connection error). Run with {@code --limits}; servers without such limits fail them.
 */
public final class LimitCases {

    private LimitCases() {
    }

    static final int RAPID_RESETS = 1_000;
    static final int CONTINUATIONS = 10_000;
    static final int PINGS = 20_000;
    static final int SETTINGS_FRAMES = 5_000;
    static final int EMPTY_DATA = 1_000;

    public static List<ComplianceCase> cases() {
        CaseList c = new CaseList("limits");
        c.section("10.5")
                .add("Rapid reset (CVE-2023-44487): " + RAPID_RESETS + " streams opened and reset at once", "An endpoint MAY treat activity that is suspicious as a connection error of type ENHANCE_YOUR_CALM",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            for (int i = 0, id = 1; i < RAPID_RESETS; i++, id += 2) {
                                out.writeBytes(Frames.headers(id, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                                out.writeBytes(Frames.rstStream(id, CANCEL));
                            }
                            cl.send(out.toByteArray());
                            calm(cl); })
                .add("MadeYouReset (CVE-2025-8671): " + RAPID_RESETS + " streams the server must reset", "An endpoint MAY treat activity that is suspicious as a connection error of type ENHANCE_YOUR_CALM",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            for (int i = 0, id = 1; i < RAPID_RESETS; i++, id += 2) {
                                out.writeBytes(Frames.headers(id, FLAG_END_HEADERS, ctx.post(1)));
                                out.writeBytes(Frames.windowUpdate(id, 0)); // stream error PROTOCOL_ERROR: the server resets
                            }
                            cl.send(out.toByteArray());
                            calm(cl); })
                .add("CONTINUATION flood (CVE-2024-27316): " + CONTINUATIONS + " zero-length CONTINUATION frames", "Large numbers of small or empty frames can be abused to cause a peer to expend time processing frame headers",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            out.writeBytes(Frames.headers(1, FLAG_END_STREAM, ctx.get()));
                            for (int i = 0; i < CONTINUATIONS; i++) out.writeBytes(Frames.continuation(1, 0, new byte[0]));
                            cl.send(out.toByteArray());
                            calm(cl); })
                .add("CONTINUATION flood: 1 MiB of fields without END_HEADERS", "A server that receives a larger field block than it is willing to handle can send an HTTP 431 (Request Header Fields Too Large) status code ... the connection may need to be closed",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            out.writeBytes(Frames.headers(1, FLAG_END_STREAM, ctx.get()));
                            byte[] chunk = HeaderBlock.create().literal("x-flood", "x".repeat(16_000)).bytes();
                            for (int i = 0; i < 64; i++) out.writeBytes(Frames.continuation(1, 0, chunk));
                            cl.send(out.toByteArray());
                            expect(cl).connectionError(ENHANCE_YOUR_CALM, PROTOCOL_ERROR, COMPRESSION_ERROR, FRAME_SIZE_ERROR); })
                .add("PING flood (CVE-2019-9512): " + PINGS + " PING frames at once", "An endpoint MAY treat activity that is suspicious as a connection error of type ENHANCE_YOUR_CALM",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            for (int i = 0; i < PINGS; i++) out.writeBytes(Frames.ping(0, new byte[8]));
                            cl.send(out.toByteArray());
                            calm(cl); })
                .add("SETTINGS flood (CVE-2019-9515): " + SETTINGS_FRAMES + " SETTINGS frames at once", "The SETTINGS frame might also be abused to cause a peer to expend additional processing time",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            for (int i = 0; i < SETTINGS_FRAMES; i++) out.writeBytes(Frames.settings(SETTINGS_MAX_HEADER_LIST_SIZE, 16_384));
                            cl.send(out.toByteArray());
                            calm(cl); })
                .add("Empty frames (CVE-2019-9518): " + EMPTY_DATA + " empty DATA frames without END_STREAM", "Large numbers of small or empty frames can be abused to cause a peer to expend time processing frame headers",
                        ctx -> { RawClient cl = ctx.connect(); ByteArrayOutputStream out = new ByteArrayOutputStream();
                            out.writeBytes(Frames.headers(1, FLAG_END_HEADERS, ctx.post(1)));
                            for (int i = 0; i < EMPTY_DATA; i++) out.writeBytes(Frames.data(1, 0, new byte[0]));
                            cl.send(out.toByteArray());
                            calm(cl); })
                .add("HPACK bomb (CVE-2016-6581): one 4 KiB entry referenced 200 times", "A server that receives a larger field block than it is willing to handle can send an HTTP 431 (Request Header Fields Too Large) status code",
                        ctx -> { RawClient cl = ctx.connect();
                            HeaderBlock b = HeaderBlock.create().raw(ctx.get()).incrementalNewName("x-bomb", "x".repeat(4_000), false);
                            for (int i = 0; i < 200; i++) b.indexed(62);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, b.bytes()));
                            refused(cl, 1); })
                .add("A field section larger than SETTINGS_MAX_HEADER_LIST_SIZE", "A server that receives a larger field block than it is willing to handle can send an HTTP 431 (Request Header Fields Too Large) status code",
                        ctx -> { RawClient cl = ctx.connect();
                            long max = cl.serverSetting(SETTINGS_MAX_HEADER_LIST_SIZE, 16_384);
                            HeaderBlock b = HeaderBlock.create().raw(ctx.get());
                            for (long size = 0; size <= max + 1024; size += 1_000 + 32) b.literal("x-big-" + size, "y".repeat(1_000));
                            byte[] block = b.bytes();
                            int frame = CaseContext.maxFrameSize(cl);
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            for (int off = 0; off < block.length; off += frame) {
                                byte[] part = GenericCases.slice(block, off, Math.min(block.length, off + frame));
                                boolean last = off + frame >= block.length;
                                out.writeBytes(off == 0 ? Frames.headers(1, FLAG_END_STREAM | (last ? FLAG_END_HEADERS : 0), part)
                                        : Frames.continuation(1, last ? FLAG_END_HEADERS : 0, part));
                            }
                            cl.send(out.toByteArray());
                            refused(cl, 1); });
        return c.cases();
    }

    /** GOAWAY ENHANCE_YOUR_CALM. */
    private static void calm(RawClient cl) throws CaseFailure {
        expect(cl).goAway(ENHANCE_YOUR_CALM);
    }

    /** The request on {@code stream} is refused: a 431 response, a RST_STREAM, a GOAWAY with an error, or a close. */
    private static void refused(RawClient cl, int stream) throws CaseFailure {
        String expected = "431 response, RST_STREAM, GOAWAY with an error code, or connection close";
        Expectations ex = expect(cl);
        Frame f;
        try {
            f = ex.frame(expected, x -> x.is(GOAWAY) || (x.streamId() == stream && (x.is(RST_STREAM) || x.headers() != null)));
        } catch (CaseFailure e) {
            if (e.seen().contains("connection closed")) return;
            throw e;
        }
        if (f.is(RST_STREAM)) return;
        if (f.is(GOAWAY) && f.errorCode() != NO_ERROR) return;
        if (f.headers() != null && "431".equals(f.header(":status"))) return;
        throw ex.fail(expected);
    }
}
