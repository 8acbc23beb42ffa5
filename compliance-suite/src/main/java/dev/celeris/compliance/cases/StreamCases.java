package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.bytes;
import static dev.celeris.compliance.CaseContext.check;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.CaseContext.maxFrameSize;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.client.Frame;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import dev.celeris.compliance.client.Skip;
import java.nio.charset.StandardCharsets;

/** RFC 9113 §3.4–§5: preface, frame format and size, field blocks, stream states and identifiers. */
final class StreamCases {

    private StreamCases() {
    }

    static void add(CaseList c) {
        c.section("3.4")
                .add("Sends a client connection preface: the server's first frame is SETTINGS", "The server connection preface consists of a potentially empty SETTINGS frame that MUST be the first frame the server sends",
                        ctx -> { RawClient cl = ctx.connect(); Frame first = cl.firstServerFrame();
                            check(first != null && first.is(SETTINGS) && !first.hasFlag(FLAG_ACK), "SETTINGS as the first server frame", String.valueOf(first)); })
                .add("Sends an invalid connection preface", "Clients and servers MUST treat an invalid connection preface as a connection error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.open();
                            cl.send("INVALID CONNECTION PREFACE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            expect(cl).connectionError(PROTOCOL_ERROR); })
                .add("Sends the preface followed by a PING instead of SETTINGS", "That is, the connection preface starts with the string ... This sequence MUST be followed by a SETTINGS frame",
                        ctx -> { RawClient cl = ctx.open();
                            cl.send(PREFACE, Frames.ping(0, RawClient.opaque()));
                            expect(cl).connectionError(PROTOCOL_ERROR); });

        c.section("4.1")
                .add("Sends a frame with an unknown type", "Implementations MUST ignore and discard frames of unknown types",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.frame(0xfa, 0, 0, bytes(8))); expect(cl).alive(); })
                .add("Sends a frame with undefined flags", "Unused flags MUST be ignored on receipt and MUST be left unset (0x00) when sending",
                        ctx -> { RawClient cl = ctx.connect(); byte[] data = RawClient.opaque();
                            cl.send(Frames.ping(0xfe, data)); expect(cl).pingAck(data); })
                .add("Sends a frame with the reserved bit of the stream identifier set", "The semantics of this bit are undefined, and the bit MUST remain unset (0x00) when sending and MUST be ignored when receiving",
                        ctx -> GenericCases.get(ctx, Frames.headers(0x8000_0001, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())));

        c.section("4.2")
                .add("Sends a DATA frame of 2^14 octets", "All implementations MUST be capable of receiving and minimally processing frames up to 2^14 octets in length",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(16_384)), Frames.data(1, FLAG_END_STREAM, bytes(16_384)));
                            expect(cl).response(1); })
                .add("Sends a DATA frame larger than SETTINGS_MAX_FRAME_SIZE", "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame exceeds the size defined in SETTINGS_MAX_FRAME_SIZE",
                        ctx -> { RawClient cl = ctx.connect(); int max = maxFrameSize(cl);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(max + 1)), Frames.data(1, FLAG_END_STREAM, bytes(max + 1)));
                            expect(cl).streamError(1, FRAME_SIZE_ERROR); })
                .add("Sends a HEADERS frame larger than SETTINGS_MAX_FRAME_SIZE", "A frame size error in a frame that could alter the state of the entire connection MUST be treated as a connection error; this includes any frame carrying a field block",
                        ctx -> { RawClient cl = ctx.connect(); int max = maxFrameSize(cl);
                            HeaderBlock b = ctx.request("GET");
                            for (int i = 0; i < 5; i++) b.literal("x-dummy" + i, "x".repeat(max / 4));
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, b.bytes()));
                            expect(cl).connectionError(FRAME_SIZE_ERROR); })
                .add("Sends a HEADERS frame too short for its PRIORITY fields", "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame ... is too small to contain mandatory frame data",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM | FLAG_PRIORITY, 1, new byte[] {0, 0, 0}));
                            expect(cl).connectionError(FRAME_SIZE_ERROR); })
                .add("Sends a padded DATA frame too short for its Pad Length field", "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame ... is too small to contain mandatory frame data",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(0)), Frames.frame(DATA, FLAG_PADDED | FLAG_END_STREAM, 1, new byte[0]));
                            expect(cl).streamError(1, FRAME_SIZE_ERROR, PROTOCOL_ERROR); });

        c.section("4.3")
                .add("Sends an invalid field block fragment", "A decoding error in a field block MUST be treated as a connection error of type COMPRESSION_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            // literal with incremental indexing, new name, whose name length runs past the block
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().raw(ctx.get()).raw(0x40, 0x7f).bytes()));
                            expect(cl).connectionError(COMPRESSION_ERROR); })
                .add("Sends a PRIORITY frame while sending a field block", "Field blocks MUST be transmitted as a contiguous sequence of frames, with no interleaved frames of any other type or from any other stream",
                        ctx -> { RawClient cl = ctx.connect(); byte[] b = ctx.get();
                            cl.send(Frames.headers(1, FLAG_END_STREAM, b), Frames.priority(1, 0, false, 16), Frames.continuation(1, FLAG_END_HEADERS, new byte[0]));
                            expect(cl).connectionError(PROTOCOL_ERROR); })
                .add("Sends a HEADERS frame to another stream while sending a field block", "Field blocks MUST be transmitted as a contiguous sequence of frames, with no interleaved frames of any other type or from any other stream",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_STREAM, ctx.get()), Frames.headers(3, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).connectionError(PROTOCOL_ERROR); });

        states(c);

        c.section("5.1.1")
                .add("Sends an even-numbered stream identifier", "Streams initiated by a client MUST use odd-numbered stream identifiers ... An endpoint that receives an unexpected stream identifier MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(2, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).connectionError(PROTOCOL_ERROR); })
                .add("Sends a stream identifier numerically smaller than a previous one", "The identifier of a newly established stream MUST be numerically greater than all streams that the initiating endpoint has opened",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(5, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.headers(3, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).connectionError(PROTOCOL_ERROR); });

        c.section("5.1.2")
                .add("Sends HEADERS frames exceeding the advertised concurrent stream limit", "An endpoint that receives a HEADERS frame that causes its advertised concurrent stream limit to be exceeded MUST treat this as a stream error of type PROTOCOL_ERROR or REFUSED_STREAM",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 0); int over = openUpToLimit(ctx, cl);
                            expect(cl).streamError(over, PROTOCOL_ERROR, REFUSED_STREAM); });

        c.section("5.3.1")
                .add("Sends a HEADERS frame that depends on itself", "A stream cannot depend on itself. An endpoint MUST treat this as a stream error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headersWithPriority(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get(), 1, false, 16));
                            expect(cl).streamError(1, PROTOCOL_ERROR); })
                .add("Sends a PRIORITY frame that depends on itself", "A stream cannot depend on itself. An endpoint MUST treat this as a stream error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.priority(1, 1, false, 16));
                            expect(cl).streamError(1, PROTOCOL_ERROR); });

        c.section("5.4.1")
                .add("Sends an invalid PING frame: the connection closes", "After sending the GOAWAY frame for an error condition, the endpoint MUST close the TCP connection",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.frame(PING, 0, 0, bytes(6))); expect(cl).closed(); })
                .add("Sends an invalid PING frame: a GOAWAY is sent", "An endpoint that encounters a connection error SHOULD first send a GOAWAY frame",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.frame(PING, 0, 0, bytes(6))); expect(cl).goAway(FRAME_SIZE_ERROR); });

        c.section("5.4.2")
                .add("Sends a RST_STREAM: none comes back", "To avoid looping, an endpoint MUST NOT send a RST_STREAM in response to a RST_STREAM frame",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.rstStream(1, CANCEL));
                            expect(cl).alive(f -> !(f.is(RST_STREAM) && f.streamId() == 1), " and no RST_STREAM on stream 1"); });

        c.section("5.5")
                .add("Sends an unknown extension frame", "Implementations MUST ignore unknown or unsupported values in all extensible protocol elements",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.frame(0xff, 0xff, 1, bytes(16))); expect(cl).alive(); })
                .add("Sends an unknown extension frame in the middle of a field block", "Extension frames that appear in the middle of a field block are not permitted; these MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_STREAM, ctx.get()), Frames.frame(0xff, 0, 1, bytes(8)), Frames.continuation(1, FLAG_END_HEADERS, new byte[0]));
                            expect(cl).connectionError(PROTOCOL_ERROR); });
    }

    /** §5.1 stream states: idle, half-closed (remote), closed. */
    private static void states(CaseList c) {
        c.section("5.1")
                .add("idle: Sends a DATA frame", "idle: Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> idle(ctx, Frames.data(1, FLAG_END_STREAM, bytes(8))))
                .add("idle: Sends a RST_STREAM frame", "idle: Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> idle(ctx, Frames.rstStream(1, CANCEL)))
                .add("idle: Sends a WINDOW_UPDATE frame", "idle: Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> idle(ctx, Frames.windowUpdate(1, 100)))
                .add("idle: Sends a CONTINUATION frame", "idle: Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> idle(ctx, Frames.continuation(1, FLAG_END_HEADERS, ctx.get())))
                .add("half-closed (remote): Sends a DATA frame", "half-closed (remote): If an endpoint receives additional frames, other than WINDOW_UPDATE, PRIORITY, or RST_STREAM, for a stream that is in this state, it MUST respond with a stream error of type STREAM_CLOSED",
                        ctx -> halfClosed(ctx, Frames.data(1, FLAG_END_STREAM, bytes(4)), STREAM_CLOSED))
                .add("half-closed (remote): Sends a HEADERS frame", "half-closed (remote): ... it MUST respond with a stream error of type STREAM_CLOSED",
                        ctx -> halfClosed(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().literal("x-trailer", "1").bytes()), STREAM_CLOSED))
                .add("half-closed (remote): Sends a CONTINUATION frame", "half-closed (remote): ... it MUST respond with a stream error of type STREAM_CLOSED",
                        ctx -> halfClosed(ctx, Frames.continuation(1, FLAG_END_HEADERS, HeaderBlock.create().literal("x-trailer", "1").bytes()), STREAM_CLOSED, PROTOCOL_ERROR))
                .add("closed: Sends a DATA frame after sending RST_STREAM", "closed: An endpoint that receives any frame other than PRIORITY after receiving a RST_STREAM MUST treat that as a stream error of type STREAM_CLOSED",
                        ctx -> afterReset(ctx, Frames.data(1, FLAG_END_STREAM, bytes(4)), STREAM_CLOSED))
                .add("closed: Sends a HEADERS frame after sending RST_STREAM", "closed: An endpoint that receives any frame other than PRIORITY after receiving a RST_STREAM MUST treat that as a stream error of type STREAM_CLOSED",
                        ctx -> afterReset(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().literal("x-trailer", "1").bytes()), STREAM_CLOSED))
                .add("closed: Sends a CONTINUATION frame after sending RST_STREAM", "closed: An endpoint that receives any frame other than PRIORITY after receiving a RST_STREAM MUST treat that as a stream error of type STREAM_CLOSED",
                        ctx -> afterReset(ctx, Frames.continuation(1, FLAG_END_HEADERS, HeaderBlock.create().literal("x-trailer", "1").bytes()), STREAM_CLOSED, PROTOCOL_ERROR))
                .add("closed: Sends a DATA frame", "closed: An endpoint MAY treat receipt of any other type of frame on a closed stream as a connection error of type STREAM_CLOSED",
                        ctx -> { RawClient cl = closed(ctx); cl.send(Frames.data(1, FLAG_END_STREAM, bytes(4))); expect(cl).streamError(1, STREAM_CLOSED); })
                .add("closed: Sends a WINDOW_UPDATE frame just after the stream ended", "closed: Endpoints MUST ignore WINDOW_UPDATE or RST_STREAM frames received in this state",
                        ctx -> { RawClient cl = closed(ctx); cl.send(Frames.windowUpdate(1, 1)); expect(cl).alive(); })
                .add("closed: Sends a RST_STREAM frame just after the stream ended", "closed: Endpoints MUST ignore WINDOW_UPDATE or RST_STREAM frames received in this state",
                        ctx -> { RawClient cl = closed(ctx); cl.send(Frames.rstStream(1, CANCEL)); expect(cl).alive(); })
                .add("closed: Sends a HEADERS frame", "closed: An endpoint MAY treat receipt of any other type of frame on a closed stream as a connection error of type STREAM_CLOSED",
                        ctx -> { RawClient cl = closed(ctx); cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).connectionError(STREAM_CLOSED, PROTOCOL_ERROR); })
                .add("closed: Sends a CONTINUATION frame", "closed: An endpoint MAY treat receipt of any other type of frame on a closed stream as a connection error of type STREAM_CLOSED",
                        ctx -> { RawClient cl = closed(ctx); cl.send(Frames.continuation(1, FLAG_END_HEADERS, ctx.get()));
                            expect(cl).connectionError(STREAM_CLOSED, PROTOCOL_ERROR); });
    }

    private static void idle(CaseContext ctx, byte[] frame) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(frame);
        expect(cl).connectionError(PROTOCOL_ERROR);
    }

    /** Stream 1 half-closed (remote): a GET with END_STREAM whose response may still be coming. */
    private static void halfClosed(CaseContext ctx, byte[] frame, int... codes) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), frame);
        expect(cl).streamError(1, codes);
    }

    /** Stream 1 opened without END_STREAM, then reset by the client. */
    private static void afterReset(CaseContext ctx, byte[] frame, int... codes) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.rstStream(1, CANCEL), frame);
        expect(cl).streamError(1, codes);
    }

    /** A connection whose stream 1 has completed both ways. */
    private static RawClient closed(CaseContext ctx) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
        expect(cl).streamEnd(1);
        return cl;
    }

    /**
     * Opens as many streams as the server allows and one more; returns that last stream's id.
     * {@code cl} must have been opened with SETTINGS_INITIAL_WINDOW_SIZE 0: the GETs end their
     * side at once, but no response can finish its DATA, so every stream stays counted
     * (RFC 9113 §5.1.2: half-closed streams count) whatever the route does.
     */
    static int openUpToLimit(CaseContext ctx, RawClient cl) throws Skip {
        long max = cl.serverSetting(SETTINGS_MAX_CONCURRENT_STREAMS, -1);
        if (max < 0 || max > 1000) throw new Skip("server does not advertise SETTINGS_MAX_CONCURRENT_STREAMS <= 1000 (" + max + ")");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int id = 1;
        for (long i = 0; i <= max; i++, id += 2) out.writeBytes(Frames.headers(id, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
        cl.send(out.toByteArray());
        return id - 2;
    }
}
