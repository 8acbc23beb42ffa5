package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.bytes;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.ComplianceCase;
import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.util.List;

/**
 * The "generic" group: ordinary, valid use of every frame type and HPACK representation, which
 * a server must simply handle (h2spec's generic catalogue). A response (or ACK) is the pass.
 */
public final class GenericCases {

    private GenericCases() {
    }

    public static List<ComplianceCase> cases() {
        CaseList c = new CaseList("generic");

        c.section("3.4")
                .add("Sends a client connection preface", "The server connection preface consists of a potentially empty SETTINGS frame that MUST be the first frame the server sends",
                        ctx -> ctx.connect());

        c.section("5.1")
                .add("Sends a PRIORITY frame on an idle stream, then a request on it", "idle: ... The PRIORITY frame can be sent on a stream in any state",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.priority(1, 0, false, 16), Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).response(1); })
                .add("Sends a WINDOW_UPDATE frame on a half-closed (remote) stream", "a receiver could receive a WINDOW_UPDATE frame on a stream in a \"half-closed (remote)\" or \"closed\" state. A receiver MUST NOT treat this as an error",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.windowUpdate(1, 1));
                            expect(cl).response(1); })
                .add("Sends a PRIORITY frame on a half-closed (remote) stream", "The PRIORITY frame can be sent on a stream in any state",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.priority(1, 0, false, 32));
                            expect(cl).response(1); })
                .add("Sends a RST_STREAM frame on a half-closed (remote) stream", "The RST_STREAM frame fully terminates the referenced stream and causes it to enter the \"closed\" state",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.rstStream(1, CANCEL));
                            expect(cl).alive(); })
                .add("Sends a PRIORITY frame on a closed stream", "The PRIORITY frame can be sent on a stream in any state, including idle or closed streams",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).streamEnd(1);
                            cl.send(Frames.priority(1, 0, false, 8));
                            expect(cl).alive(); });

        c.section("6.1")
                .add("Sends a DATA frame", "DATA frames convey arbitrary, variable-length sequences of octets associated with a stream",
                        ctx -> post(ctx, Frames.data(1, FLAG_END_STREAM, bytes(8))))
                .add("Sends multiple DATA frames", "One or more DATA frames are used, for instance, to carry HTTP request or response message contents",
                        ctx -> post(ctx, Frames.data(1, 0, bytes(4)), Frames.data(1, FLAG_END_STREAM, bytes(4))))
                .add("Sends a DATA frame with padding", "Padding ... Padding octets MUST be set to zero when sending",
                        ctx -> post(ctx, Frames.dataPadded(1, FLAG_END_STREAM, bytes(8), 8)));

        c.section("6.2")
                .add("Sends a HEADERS frame", "The HEADERS frame is used to open a stream, and additionally carries a field block fragment",
                        ctx -> get(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a HEADERS frame with padding", "PADDED (0x08): When set, the Pad Length field and any padding that it describes are present",
                        ctx -> get(ctx, Frames.headersPadded(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get(), 8)))
                .add("Sends a HEADERS frame with priority", "PRIORITY (0x20): When set, the Exclusive, Stream Dependency, and Weight fields are present",
                        ctx -> get(ctx, Frames.headersWithPriority(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get(), 0, false, 255)));

        c.section("6.3")
                .add("Sends a PRIORITY frame with weight 1", "The PRIORITY frame specifies the sender-advised priority of a stream",
                        ctx -> get(ctx, Frames.priority(1, 0, false, 1), Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a PRIORITY frame with weight 256", "Weight: An unsigned 8-bit integer representing a priority weight for the stream",
                        ctx -> get(ctx, Frames.priority(1, 0, false, 256), Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a PRIORITY frame with a stream dependency", "Stream Dependency: A 31-bit stream identifier",
                        ctx -> get(ctx, Frames.priority(3, 0, false, 16), Frames.priority(1, 3, false, 16),
                                Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a PRIORITY frame with the exclusive flag", "Exclusive: A single-bit flag",
                        ctx -> get(ctx, Frames.priority(3, 0, false, 16), Frames.priority(1, 3, true, 16),
                                Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get())))
                .add("Sends a PRIORITY frame for an idle stream, then a HEADERS frame for a lower stream ID", "The PRIORITY frame can be sent for a stream in the \"idle\" or \"closed\" state",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.priority(3, 0, false, 16), Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).response(1); });

        c.section("6.4")
                .add("Sends a RST_STREAM frame", "The RST_STREAM frame allows for immediate termination of a stream",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(16)), Frames.rstStream(1, CANCEL));
                            expect(cl).alive(); });

        c.section("6.5")
                .add("Sends a SETTINGS frame", "Upon receiving a SETTINGS frame with the ACK flag unset ... the recipient MUST immediately emit a SETTINGS frame with the ACK flag set",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.sendSettings(SETTINGS_INITIAL_WINDOW_SIZE, 65_535, SETTINGS_MAX_HEADER_LIST_SIZE, 65_536);
                            expect(cl).settingsAck(); });

        c.section("6.7")
                .add("Sends a PING frame", "Receivers of a PING frame that does not include an ACK flag MUST send a PING frame with the ACK flag set in response, with an identical frame payload",
                        ctx -> { RawClient cl = ctx.connect();
                            byte[] data = RawClient.opaque();
                            cl.send(Frames.ping(0, data));
                            expect(cl).pingAck(data); });

        c.section("6.8")
                .add("Sends a GOAWAY frame after a request", "GOAWAY allows an endpoint to gracefully stop accepting new streams while still finishing processing of previously established streams",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.goAway(0, NO_ERROR, new byte[0]));
                            expect(cl).streamEnd(1); });

        c.section("6.9")
                .add("Sends a WINDOW_UPDATE frame with stream ID 0", "The WINDOW_UPDATE frame can be specific to a stream or to the entire connection",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.windowUpdate(0, 1));
                            expect(cl).alive(); })
                .add("Sends a WINDOW_UPDATE frame with an arbitrary stream ID", "In the latter case, the frame's stream identifier indicates the affected stream",
                        ctx -> get(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()), Frames.windowUpdate(1, 1)));

        c.section("6.10")
                .add("Sends a CONTINUATION frame", "The CONTINUATION frame is used to continue a sequence of field block fragments",
                        ctx -> { byte[] b = ctx.get(); int h = b.length / 2;
                            get(ctx, Frames.headers(1, FLAG_END_STREAM, slice(b, 0, h)), Frames.continuation(1, FLAG_END_HEADERS, slice(b, h, b.length))); })
                .add("Sends multiple CONTINUATION frames", "Any number of CONTINUATION frames can be sent, as long as the preceding frame is on the same stream",
                        ctx -> { byte[] b = ctx.get(); int t = b.length / 3;
                            get(ctx, Frames.headers(1, FLAG_END_STREAM, slice(b, 0, t)), Frames.continuation(1, 0, slice(b, t, 2 * t)),
                                    Frames.continuation(1, FLAG_END_HEADERS, slice(b, 2 * t, b.length))); });

        c.section("8.1")
                .add("Sends a GET request", "A client sends an HTTP request on a new stream",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            completes(cl, 1); })
                .add("Sends a HEAD request", "A client sends an HTTP request on a new stream",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.request("HEAD").bytes()));
                            completes(cl, 1); })
                .add("Sends a POST request", "An HTTP request/response exchange fully consumes a single stream",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(16)), Frames.data(1, FLAG_END_STREAM, bytes(16)));
                            completes(cl, 1); })
                .add("Sends a POST request with trailers", "optionally, one HEADERS frame containing the trailer section, if present",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(16)), Frames.data(1, 0, bytes(16)),
                                    Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().literal("x-trailer", "done").bytes()));
                            completes(cl, 1); });

        hpack(c);
        return c.sorted();
    }

    /** RFC 7541 §6 representations, each used once in an otherwise ordinary GET. */
    private static void hpack(CaseList c) {
        c.section("RFC 7541", "6.1")
                .add("Sends an indexed field representation", "An indexed header field representation identifies an entry in either the static table or the dynamic table",
                        ctx -> hpackGet(ctx, HeaderBlock.create().indexed(2))); // :method GET
        c.section("RFC 7541", "6.2.1")
                .add("Sends a literal with incremental indexing, indexed name", "A literal header field with incremental indexing representation results in appending a header field to the decoded header list and inserting it as a new entry into the dynamic table",
                        ctx -> hpackGet(ctx, HeaderBlock.create().incrementalIndexedName(58, "h2check", false)))
                .add("Sends a literal with incremental indexing, indexed name, Huffman-coded", "The string literal ... is either encoded directly or using a static Huffman code",
                        ctx -> hpackGet(ctx, HeaderBlock.create().incrementalIndexedName(58, "h2check", true)))
                .add("Sends a literal with incremental indexing, new name", "A literal header field with incremental indexing ... new name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().incrementalNewName("x-h2check", "incremental", false)))
                .add("Sends a literal with incremental indexing, new name, Huffman-coded", "A literal header field with incremental indexing ... new name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().incrementalNewName("x-h2check", "incremental", true)));
        c.section("RFC 7541", "6.2.2")
                .add("Sends a literal without indexing, indexed name", "A literal header field without indexing representation results in appending a header field to the decoded header list without altering the dynamic table",
                        ctx -> hpackGet(ctx, HeaderBlock.create().literalIndexedName(58, "h2check", false)))
                .add("Sends a literal without indexing, indexed name, Huffman-coded", "A literal header field without indexing ... indexed name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().literalIndexedName(58, "h2check", true)))
                .add("Sends a literal without indexing, new name", "A literal header field without indexing ... new name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().literalNewName("x-h2check", "plain", false)))
                .add("Sends a literal without indexing, new name, Huffman-coded", "A literal header field without indexing ... new name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().literalNewName("x-h2check", "plain", true)));
        c.section("RFC 7541", "6.2.3")
                .add("Sends a literal never indexed, indexed name", "A literal header field never-indexed representation results in appending a header field to the decoded header list without altering the dynamic table",
                        ctx -> hpackGet(ctx, HeaderBlock.create().neverIndexedIndexedName(58, "h2check", false)))
                .add("Sends a literal never indexed, indexed name, Huffman-coded", "A literal header field never-indexed ... indexed name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().neverIndexedIndexedName(58, "h2check", true)))
                .add("Sends a literal never indexed, new name", "A literal header field never-indexed ... new name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().neverIndexedNewName("x-h2check", "secret", false)))
                .add("Sends a literal never indexed, new name, Huffman-coded", "A literal header field never-indexed ... new name",
                        ctx -> hpackGet(ctx, HeaderBlock.create().neverIndexedNewName("x-h2check", "secret", true)));
        c.section("RFC 7541", "6.3")
                .add("Sends a dynamic table size update", "A dynamic table size update signals a change to the size of the dynamic table",
                        ctx -> hpackGet(ctx, HeaderBlock.create().tableSizeUpdate(0)))
                .add("Sends multiple dynamic table size updates", "multiple updates to the maximum table size can occur between the transmission of two field blocks ... the smallest maximum table size ... MUST be signaled",
                        ctx -> hpackGet(ctx, HeaderBlock.create().tableSizeUpdate(0).tableSizeUpdate(2048)));
    }

    /**
     * A GET carrying {@code field} in its block: a size update or an indexed {@code :method} goes
     * first (where RFC 7541 §4.2 and §8.3 want them), any other field after the pseudo-fields.
     */
    private static void hpackGet(CaseContext ctx, HeaderBlock field) throws Exception {
        byte[] p = field.bytes();
        boolean leading = (p[0] & 0xe0) == 0x20 || (p.length == 1 && p[0] == (byte) 0x82);
        HeaderBlock b = HeaderBlock.create();
        if (leading) b.raw(p);
        if (!(p.length == 1 && p[0] == (byte) 0x82)) b.literal(":method", "GET");
        b.literal(":scheme", "http").literal(":path", ctx.target().path()).literal(":authority", ctx.target().authority());
        if (!leading) b.raw(p);
        get(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, b.bytes()));
    }

    /** Sends {@code frames} on a fresh connection and expects a response on stream 1. */
    static void get(CaseContext ctx, byte[]... frames) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(frames);
        expect(cl).response(1);
    }

    /** A POST on stream 1 with a 8-byte body sent as {@code data}, expecting a response. */
    private static void post(CaseContext ctx, byte[]... data) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(8)));
        cl.send(data);
        expect(cl).response(1);
    }

    /** The response on {@code stream} arrives and the stream ends (in the same frame or later). */
    static void completes(RawClient cl, int stream) throws CaseFailure {
        if (!expect(cl).response(stream).endStream()) expect(cl).streamEnd(stream);
    }

    static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
