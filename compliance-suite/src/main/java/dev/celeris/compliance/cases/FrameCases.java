package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.bytes;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.RawClient;

/** RFC 9113 §6.1–§6.4, §6.8, §6.10 and §7: the rules of DATA, HEADERS, PRIORITY, RST_STREAM, GOAWAY, CONTINUATION. */
final class FrameCases {

    private FrameCases() {
    }

    static void add(CaseList c) {
        c.section("6.1")
                .add("Sends a DATA frame with stream identifier 0x0", "If a DATA frame is received whose Stream Identifier field is 0x00, the recipient MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.data(0, FLAG_END_STREAM, bytes(4))))
                .add("Sends a DATA frame on a stream not \"open\" or \"half-closed (local)\"", "If a DATA frame is received whose stream is not in the \"open\" or \"half-closed (local)\" state, the recipient MUST respond with a stream error of type STREAM_CLOSED",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.data(1, FLAG_END_STREAM, bytes(4)));
                            expect(cl).streamError(1, STREAM_CLOSED); })
                .add("Sends a DATA frame with an invalid pad length", "If the length of the padding is the length of the frame payload or greater, the recipient MUST treat this as a connection error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            byte[] p = bytes(5); p[0] = 6; // pad length 6 in a 5-octet payload
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.frame(DATA, FLAG_PADDED | FLAG_END_STREAM, 1, p));
                            expect(cl).connectionError(PROTOCOL_ERROR); });

        c.section("6.2")
                .add("Sends a HEADERS frame without END_HEADERS followed by a PRIORITY frame", "A HEADERS frame without the END_HEADERS flag set MUST be followed by a CONTINUATION frame for the same stream",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_STREAM, ctx.get()), Frames.priority(1, 0, false, 16)))
                .add("Sends a HEADERS frame to another stream while sending a HEADERS frame", "A receiver MUST treat the receipt of any other type of frame or a frame on a different stream as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_STREAM, ctx.get()), Frames.headers(3, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a HEADERS frame with stream identifier 0x0", "If a HEADERS frame is received whose Stream Identifier field is 0x00, the recipient MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.headers(0, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a HEADERS frame with an invalid pad length", "If the length of the padding is the length of the frame payload or greater, the recipient MUST treat this as a connection error of type PROTOCOL_ERROR",
                        ctx -> { byte[] b = ctx.get(); byte[] p = new byte[1 + b.length]; p[0] = (byte) Math.min(255, b.length + 1);
                            System.arraycopy(b, 0, p, 1, b.length);
                            conn(ctx, PROTOCOL_ERROR, Frames.frame(HEADERS, FLAG_PADDED | FLAG_END_HEADERS | FLAG_END_STREAM, 1, p)); });

        c.section("6.3")
                .add("Sends a PRIORITY frame with stream identifier 0x0", "If a PRIORITY frame is received with a stream identifier of 0x00, the recipient MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.priority(0, 1, false, 16)))
                .add("Sends a PRIORITY frame with a length other than 5 octets", "A PRIORITY frame with a length other than 5 octets MUST be treated as a stream error of type FRAME_SIZE_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.frame(PRIORITY, 0, 1, new byte[] {0, 0, 0, 3}));
                            expect(cl).streamError(1, FRAME_SIZE_ERROR); });

        c.section("6.4")
                .add("Sends a RST_STREAM frame with stream identifier 0x0", "If a RST_STREAM frame is received with a stream identifier of 0x00, the recipient MUST treat this as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.rstStream(0, CANCEL)))
                .add("Sends a RST_STREAM frame on an idle stream", "If a RST_STREAM frame identifying an idle stream is received, the recipient MUST treat this as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.rstStream(1, CANCEL)))
                .add("Sends a RST_STREAM frame with a length other than 4 octets", "A RST_STREAM frame with a length other than 4 octets MUST be treated as a connection error of type FRAME_SIZE_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.frame(RST_STREAM, 0, 1, new byte[] {0, 0, 8}));
                            expect(cl).connectionError(FRAME_SIZE_ERROR); });

        c.section("6.8")
                .add("Sends a GOAWAY frame with a stream identifier other than 0x0", "An endpoint MUST treat a GOAWAY frame with a stream identifier other than 0x00 as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.frame(GOAWAY, 0, 1, new byte[8])));

        c.section("6.10")
                .add("Sends multiple CONTINUATION frames preceded by a HEADERS frame", "Any number of CONTINUATION frames can be sent, as long as the preceding frame is on the same stream and is a HEADERS, PUSH_PROMISE, or CONTINUATION frame without the END_HEADERS flag set",
                        ctx -> { byte[] b = ctx.get();
                            GenericCases.get(ctx, Frames.headers(1, FLAG_END_STREAM, GenericCases.slice(b, 0, 4)), Frames.continuation(1, 0, GenericCases.slice(b, 4, 8)),
                                    Frames.continuation(1, 0, new byte[0]), Frames.continuation(1, FLAG_END_HEADERS, GenericCases.slice(b, 8, b.length))); })
                .add("Sends a CONTINUATION frame followed by a frame other than CONTINUATION", "If the END_HEADERS flag is not set, this frame MUST be followed by another CONTINUATION frame",
                        ctx -> { byte[] b = ctx.get();
                            conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_STREAM, GenericCases.slice(b, 0, 4)), Frames.continuation(1, 0, GenericCases.slice(b, 4, b.length)),
                                    Frames.data(1, FLAG_END_STREAM, bytes(4))); })
                .add("Sends a CONTINUATION frame with stream identifier 0x0", "If a CONTINUATION frame is received with a Stream Identifier field of 0x00, the recipient MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> { byte[] b = ctx.get();
                            conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_STREAM, GenericCases.slice(b, 0, 4)), Frames.continuation(0, FLAG_END_HEADERS, GenericCases.slice(b, 4, b.length))); })
                .add("Sends a CONTINUATION frame preceded by a HEADERS frame with END_HEADERS", "A CONTINUATION frame MUST be preceded by a HEADERS, PUSH_PROMISE or CONTINUATION frame without the END_HEADERS flag set",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()),
                                Frames.continuation(1, FLAG_END_HEADERS, dev.celeris.compliance.client.HeaderBlock.create().literal("x-dummy", "1").bytes())))
                .add("Sends a CONTINUATION frame preceded by a CONTINUATION frame with END_HEADERS", "A CONTINUATION frame MUST be preceded by a HEADERS, PUSH_PROMISE or CONTINUATION frame without the END_HEADERS flag set",
                        ctx -> { byte[] b = ctx.get();
                            conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_STREAM, GenericCases.slice(b, 0, 4)), Frames.continuation(1, FLAG_END_HEADERS, GenericCases.slice(b, 4, b.length)),
                                    Frames.continuation(1, FLAG_END_HEADERS, dev.celeris.compliance.client.HeaderBlock.create().literal("x-dummy", "1").bytes())); })
                .add("Sends a CONTINUATION frame preceded by a DATA frame", "A recipient that receives a CONTINUATION frame not preceded by a HEADERS, PUSH_PROMISE or CONTINUATION frame without END_HEADERS MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.data(1, 0, bytes(4)),
                                Frames.continuation(1, FLAG_END_HEADERS, dev.celeris.compliance.client.HeaderBlock.create().literal("x-dummy", "1").bytes())));

        c.section("7")
                .add("Sends a GOAWAY frame with an unknown error code", "Unknown or unsupported error codes MUST NOT trigger any special behavior",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.goAway(0, 0xff, new byte[0]));
                            expect(cl).streamEnd(1); })
                .add("Sends a RST_STREAM frame with an unknown error code", "Unknown or unsupported error codes MUST NOT trigger any special behavior",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.rstStream(1, 0xff));
                            expect(cl).alive(); });
    }

    /** Sends {@code frames} on a fresh connection and expects a connection error {@code code}. */
    static void conn(CaseContext ctx, int code, byte[]... frames) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(frames);
        expect(cl).connectionError(code);
    }
}
