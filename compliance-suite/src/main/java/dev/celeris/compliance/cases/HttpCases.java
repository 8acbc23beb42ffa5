package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.bytes;
import static dev.celeris.compliance.CaseContext.check;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.client.Frame;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** RFC 9113 §8: HTTP message rules — fields, pseudo-fields, connection-specific fields, content-length, push. */
final class HttpCases {

    private HttpCases() {
    }

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade");

    static void add(CaseList c) {
        c.section("8.1")
                .add("Sends a second HEADERS frame without END_STREAM", "An endpoint that receives a HEADERS frame without the END_STREAM flag set after receiving the HEADERS frame that opens a request ... MUST treat the corresponding request or response as malformed",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.data(1, 0, bytes(4)),
                                    Frames.headers(1, FLAG_END_HEADERS, HeaderBlock.create().literal("x-trailer", "1").bytes()));
                            expect(cl).streamError(1, PROTOCOL_ERROR); });

        c.section("8.1.1")
                .add("Sends a content-length that does not equal the DATA payload length", "A request or response is also malformed if the value of a content-length header field does not equal the sum of the DATA frame payload lengths",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(1)), Frames.data(1, FLAG_END_STREAM, bytes(4)));
                            expect(cl).streamError(1, PROTOCOL_ERROR); })
                .add("Sends a content-length that does not equal the sum of multiple DATA payloads", "A request or response is also malformed if the value of a content-length header field does not equal the sum of the DATA frame payload lengths",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(1)), Frames.data(1, 0, bytes(4)), Frames.data(1, FLAG_END_STREAM, bytes(4)));
                            expect(cl).streamError(1, PROTOCOL_ERROR); })
                .add("The response's content-length equals its DATA payload length", "A request or response is also malformed if the value of a content-length header field does not equal the sum of the DATA frame payload lengths",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            Frame h = expect(cl).response(1);
                            long total = 0;
                            Frame f = h;
                            while (!f.endStream()) {
                                f = expect(cl).frame("the rest of stream 1", x -> x.streamId() == 1 && (x.is(DATA) || x.is(HEADERS) || x.is(RST_STREAM)) || x.is(GOAWAY));
                                if (f.is(DATA)) total += dataLength(f);
                                if (f.is(DATA) && f.length() > 0) cl.send(Frames.windowUpdate(0, f.length()), Frames.windowUpdate(1, f.length()));
                                if (f.is(RST_STREAM) || f.is(GOAWAY)) break;
                            }
                            String cl0 = h.header("content-length");
                            check(cl0 == null || cl0.equals(Long.toString(total)), "content-length equal to " + total + " DATA octets", "content-length " + cl0); });

        c.section("8.2")
                .add("Sends a HEADERS frame with an uppercase field name", "Field names MUST be converted to lowercase when constructing an HTTP/2 message ... A request or response containing an uppercase character in a field name MUST be treated as malformed",
                        ctx -> malformed(ctx, ctx.request("GET").literal("X-TEST", "ok")))
                .add("The response's field names are lowercase", "A field name MUST NOT contain characters in the ranges 0x00-0x20, 0x41-0x5a, or 0x7f-0xff",
                        ctx -> { Frame h = response(ctx);
                            for (Map.Entry<String, String> e : h.headers()) {
                                check(e.getKey().chars().noneMatch(ch -> ch <= 0x20 || (ch >= 'A' && ch <= 'Z') || ch >= 0x7f),
                                        "lowercase field names", "field " + e.getKey()); } });

        c.section("8.2.1")
                .add("Sends a field value containing NUL", "A field value MUST NOT contain the zero value (ASCII NUL, 0x00), line feed (ASCII LF, 0x0a), or carriage return (ASCII CR, 0x0d) at any position",
                        ctx -> malformed(ctx, ctx.request("GET").literal("x-test", "a\u0000b")))
                .add("Sends a field value containing CR LF", "A field value MUST NOT contain ... line feed (ASCII LF, 0x0a), or carriage return (ASCII CR, 0x0d) at any position",
                        ctx -> malformed(ctx, ctx.request("GET").literal("x-test", "a\r\nx-injected: b")))
                .add("Sends a field name containing a space", "A field name MUST NOT contain characters in the ranges 0x00-0x20, 0x41-0x5a, or 0x7f-0xff",
                        ctx -> malformed(ctx, ctx.request("GET").literal("x test", "a")))
                .add("Sends a field name containing a colon after the first character", "With the exception of pseudo-header fields ..., which have a name that starts with a single colon, field names MUST NOT include a colon (ASCII COLON, 0x3a)",
                        ctx -> malformed(ctx, ctx.request("GET").literal("x:test", "a")))
                .add("Sends a field value starting with whitespace", "A field value MUST NOT start or end with an ASCII whitespace character (ASCII SP or HTAB, 0x20 or 0x09)",
                        ctx -> malformed(ctx, ctx.request("GET").literal("x-test", " a")))
                .add("Sends a field value ending with whitespace", "A field value MUST NOT start or end with an ASCII whitespace character (ASCII SP or HTAB, 0x20 or 0x09)",
                        ctx -> malformed(ctx, ctx.request("GET").literal("x-test", "a\t")));

        c.section("8.2.3")
                .add("Sends the cookie field split into several fields", "the Cookie header field MAY be split into separate header fields, each with one or more cookie-pairs",
                        ctx -> GenericCases.get(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM,
                                ctx.request("GET").literal("cookie", "a=b").literal("cookie", "c=d").bytes())));

        c.section("8.2.2")
                .add("Sends a connection-specific field (connection)", "An endpoint MUST NOT generate an HTTP/2 message containing connection-specific header fields. Any message containing connection-specific header fields MUST be treated as malformed",
                        ctx -> malformed(ctx, ctx.request("GET").literal("connection", "keep-alive")))
                .add("Sends a connection-specific field (keep-alive)", "This includes the Connection header field and those listed as having connection-specific semantics: Proxy-Connection, Keep-Alive, Transfer-Encoding, and Upgrade",
                        ctx -> malformed(ctx, ctx.request("GET").literal("keep-alive", "timeout=5")))
                .add("Sends a connection-specific field (proxy-connection)", "This includes ... Proxy-Connection, Keep-Alive, Transfer-Encoding, and Upgrade",
                        ctx -> malformed(ctx, ctx.request("GET").literal("proxy-connection", "keep-alive")))
                .add("Sends a connection-specific field (transfer-encoding)", "This includes ... Proxy-Connection, Keep-Alive, Transfer-Encoding, and Upgrade",
                        ctx -> malformed(ctx, ctx.request("GET").literal("transfer-encoding", "chunked")))
                .add("Sends a connection-specific field (upgrade)", "This includes ... Proxy-Connection, Keep-Alive, Transfer-Encoding, and Upgrade",
                        ctx -> malformed(ctx, ctx.request("GET").literal("upgrade", "h2c")))
                .add("Sends a TE field with a value other than \"trailers\"", "The only exception to this is the TE header field, which MAY be present in an HTTP/2 request; when it is, it MUST NOT contain any value other than \"trailers\"",
                        ctx -> malformed(ctx, ctx.request("GET").literal("te", "trailers, deflate")))
                .add("Sends a TE field with the value \"trailers\"", "The only exception to this is the TE header field, which MAY be present in an HTTP/2 request",
                        ctx -> GenericCases.get(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.request("GET").literal("te", "trailers").bytes())))
                .add("The response has no connection-specific fields", "An endpoint MUST NOT generate an HTTP/2 message containing connection-specific header fields",
                        ctx -> { Frame h = response(ctx);
                            for (Map.Entry<String, String> e : h.headers()) {
                                check(!CONNECTION_SPECIFIC.contains(e.getKey()), "no connection-specific fields", "field " + e.getKey()); } });

        c.section("8.3")
                .add("Sends an unknown pseudo-header field", "Endpoints MUST treat a request or response that contains undefined or invalid pseudo-header fields as malformed",
                        ctx -> malformed(ctx, ctx.request("GET").literal(":test", "ok")))
                .add("Sends a response pseudo-header field in a request", "Pseudo-header fields defined for responses MUST NOT appear in requests",
                        ctx -> malformed(ctx, ctx.request("GET").literal(":status", "200")))
                .add("Sends a pseudo-header field as a trailer", "Pseudo-header fields MUST NOT appear in a trailer section",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.data(1, 0, bytes(4)),
                                    Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().literal(":method", "POST").bytes()));
                            expect(cl).streamError(1, PROTOCOL_ERROR); })
                .add("Sends a pseudo-header field after a regular field", "All pseudo-header fields MUST appear in a field block before all regular field lines",
                        ctx -> malformed(ctx, HeaderBlock.create().literal(":method", "GET").literal(":scheme", "http").literal(":path", ctx.target().path())
                                .literal("x-test", "ok").literal(":authority", ctx.target().authority())))
                .add("The response carries :status as its only pseudo-header field", "For HTTP/2 responses, a single :status pseudo-header field is defined ... This pseudo-header field MUST be included in all responses",
                        ctx -> { Frame h = response(ctx); List<String> pseudo = h.headers().stream().map(Map.Entry::getKey).filter(k -> k.startsWith(":")).toList();
                            String status = h.header(":status");
                            check(pseudo.equals(List.of(":status")) && status != null && status.matches("[1-5][0-9][0-9]"),
                                    "exactly one :status with a three-digit code", "pseudo-fields " + pseudo + ", :status " + status); });

        c.section("8.3.1")
                .add("Sends an empty :path", "This pseudo-header field MUST NOT be empty for \"http\" or \"https\" URIs",
                        ctx -> malformed(ctx, HeaderBlock.request("GET", "", ctx.target().authority())))
                .add("Omits :method", "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme, and :path pseudo-header fields, unless ... a CONNECT request",
                        ctx -> malformed(ctx, HeaderBlock.create().literal(":scheme", "http").literal(":path", ctx.target().path()).literal(":authority", ctx.target().authority())))
                .add("Omits :scheme", "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme, and :path pseudo-header fields",
                        ctx -> malformed(ctx, HeaderBlock.create().literal(":method", "GET").literal(":path", ctx.target().path()).literal(":authority", ctx.target().authority())))
                .add("Omits :path", "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme, and :path pseudo-header fields",
                        ctx -> malformed(ctx, HeaderBlock.create().literal(":method", "GET").literal(":scheme", "http").literal(":authority", ctx.target().authority())))
                .add("Sends a duplicated :method", "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme, and :path pseudo-header fields",
                        ctx -> malformed(ctx, ctx.request("GET").literal(":method", "GET")))
                .add("Sends a duplicated :scheme", "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme, and :path pseudo-header fields",
                        ctx -> malformed(ctx, ctx.request("GET").literal(":scheme", "http")))
                .add("Sends a duplicated :path", "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme, and :path pseudo-header fields",
                        ctx -> malformed(ctx, ctx.request("GET").literal(":path", ctx.target().path())));

        c.section("8.4")
                .add("Sends a PUSH_PROMISE frame", "A client cannot push. Thus, servers MUST treat the receipt of a PUSH_PROMISE frame as a connection error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.pushPromise(1, FLAG_END_HEADERS, 2, ctx.get()));
                            expect(cl).connectionError(PROTOCOL_ERROR); });
    }

    /** A GET with the given block; expects a stream error PROTOCOL_ERROR (RFC 9113 §8.1.1). */
    static void malformed(CaseContext ctx, HeaderBlock block) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, block.bytes()));
        expect(cl).streamError(1, PROTOCOL_ERROR);
    }

    /** The response HEADERS of a plain GET. */
    static Frame response(CaseContext ctx) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
        return expect(cl).response(1);
    }

    /** DATA payload length without padding. */
    static int dataLength(Frame f) {
        if (!f.hasFlag(FLAG_PADDED) || f.payload().length == 0) return f.payload().length;
        return f.payload().length - 1 - (f.payload()[0] & 0xff);
    }
}
