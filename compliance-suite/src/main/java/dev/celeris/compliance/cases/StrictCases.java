package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.bytes;
import static dev.celeris.compliance.CaseContext.check;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.ComplianceCase;
import dev.celeris.compliance.client.Frame;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.util.List;

/**
 * The "strict" group: SHOULD-level rules and the stricter reading of rules h2spec accepts
 * loosely (a stream error must not cost the connection; connection errors are announced with
 * GOAWAY). Run with {@code --strict}.
 */
public final class StrictCases {

    private StrictCases() {
    }

    public static List<ComplianceCase> cases() {
        CaseList c = new CaseList("strict");
        c.section("5.4.1")
                .add("DATA on stream 0 is announced with GOAWAY PROTOCOL_ERROR", "An endpoint that encounters a connection error SHOULD first send a GOAWAY frame",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.data(0, 0, bytes(4))); expect(cl).goAway(PROTOCOL_ERROR); })
                .add("An undecodable field block is announced with GOAWAY COMPRESSION_ERROR", "An endpoint that encounters a connection error SHOULD first send a GOAWAY frame",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().indexed(0).raw(ctx.get()).bytes()));
                            expect(cl).goAway(COMPRESSION_ERROR); })
                .add("A SETTINGS frame of bad length is announced with GOAWAY FRAME_SIZE_ERROR", "An endpoint that encounters a connection error SHOULD first send a GOAWAY frame",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.frame(SETTINGS, 0, 0, new byte[5])); expect(cl).goAway(FRAME_SIZE_ERROR); })
                .add("GOAWAY's last stream identifier covers a stream already answered", "The last stream identifier in the GOAWAY frame contains the highest-numbered stream identifier for which the sender of the GOAWAY frame might have taken some action on",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).streamEnd(1);
                            cl.send(Frames.data(0, 0, bytes(4)));
                            Frame g = expect(cl).goAway(PROTOCOL_ERROR);
                            check(g.lastStreamId() >= 1, "GOAWAY last stream id >= 1", "last stream id " + g.lastStreamId()); });

        c.section("5.4.2")
                .add("A malformed request resets only its stream", "A stream error is an error related to a specific stream that does not affect processing of other streams",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.request("GET").literal("X-UPPER", "1").bytes()));
                            expect(cl).rstStream(1, PROTOCOL_ERROR);
                            cl.send(Frames.headers(3, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).response(3); })
                .add("A content-length mismatch resets only its stream", "A stream error is an error related to a specific stream that does not affect processing of other streams",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(2)), Frames.data(1, FLAG_END_STREAM, bytes(4)));
                            expect(cl).rstStream(1, PROTOCOL_ERROR);
                            expect(cl).alive(); })
                .add("A WINDOW_UPDATE of 0 on a stream resets only that stream", "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control window increment of 0 as a stream error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.windowUpdate(1, 0));
                            expect(cl).rstStream(1, PROTOCOL_ERROR);
                            expect(cl).alive(); });

        c.section("5.1.2")
                .add("Streams above the limit are refused with REFUSED_STREAM, the connection kept", "The choice of error code determines whether the endpoint wishes to enable automatic retry",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 0); int over = StreamCases.openUpToLimit(ctx, cl);
                            expect(cl).rstStream(over, REFUSED_STREAM);
                            expect(cl).alive(); });

        c.section("6.5.2")
                .add("SETTINGS_MAX_CONCURRENT_STREAMS is at least 100", "It is recommended that this value be no smaller than 100, so as to not unnecessarily limit parallelism",
                        ctx -> { RawClient cl = ctx.connect(); long max = cl.serverSetting(SETTINGS_MAX_CONCURRENT_STREAMS, Long.MAX_VALUE);
                            check(max >= 100, "MAX_CONCURRENT_STREAMS >= 100 (or unlimited)", Long.toString(max)); });

        c.section("8.1.1")
                .add("Sends a non-numeric content-length", "A request or response is also malformed if the value of a content-length header field does not equal the sum of the DATA frame payload lengths",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.request("POST").literal("content-length", "four").bytes()), Frames.data(1, FLAG_END_STREAM, bytes(4)));
                            expect(cl).streamError(1, PROTOCOL_ERROR); })
                .add("The response to HEAD carries no content", "The HEAD method is identical to GET except that the server MUST NOT send content in the response (RFC 9110 §9.3.2)",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.request("HEAD").bytes()));
                            Frame head = expect(cl).response(1);
                            if (head.endStream()) return;
                            Frame end = expect(cl).frame("END_STREAM on stream 1 without content", f -> (f.streamId() == 1 && (f.is(DATA) && f.length() > 0 || f.endStream())) || f.is(GOAWAY));
                            check(end.endStream() && (!end.is(DATA) || end.length() == 0), "no DATA payload", end.toString()); });

        c.section("8.3.1")
                .add("Sends a Host field that differs from :authority", "A server SHOULD treat a request as malformed if it contains a Host header field that identifies an entity that differs from the entity in the :authority pseudo-header field",
                        ctx -> HttpCases.malformed(ctx, ctx.request("GET").literal("host", "other.example:1")))
                .add("Sends a :path that is neither origin-form nor \"*\"", "This pseudo-header field MUST NOT be empty ... the :path pseudo-header field ... (the absolute-path production and optionally a '?' character followed by the query)",
                        ctx -> HttpCases.malformed(ctx, HeaderBlock.request("GET", "index.html", ctx.target().authority())));
        return c.cases();
    }
}
