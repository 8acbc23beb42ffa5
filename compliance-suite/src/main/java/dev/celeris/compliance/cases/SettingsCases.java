package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.check;
import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.cases.FrameCases.conn;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Frame;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.RawClient;
import java.util.Arrays;

/** RFC 9113 §6.5 (SETTINGS), §6.7 (PING), §6.9 (WINDOW_UPDATE and flow control). */
final class SettingsCases {

    private SettingsCases() {
    }

    static void add(CaseList c) {
        c.section("6.5")
                .add("Sends a SETTINGS frame with ACK and a payload", "Receipt of a SETTINGS frame with the ACK flag set and a length field value other than 0 MUST be treated as a connection error of type FRAME_SIZE_ERROR",
                        ctx -> conn(ctx, FRAME_SIZE_ERROR, Frames.frame(SETTINGS, FLAG_ACK, 0, new byte[6])))
                .add("Sends a SETTINGS frame with a stream identifier other than 0x0", "If an endpoint receives a SETTINGS frame whose Stream Identifier field is anything other than 0x00, the endpoint MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.frame(SETTINGS, 0, 1, new byte[] {0, 3, 0, 0, 0, 100})))
                .add("Sends a SETTINGS frame with a length that is not a multiple of 6", "A SETTINGS frame with a length other than a multiple of 6 octets MUST be treated as a connection error of type FRAME_SIZE_ERROR",
                        ctx -> conn(ctx, FRAME_SIZE_ERROR, Frames.frame(SETTINGS, 0, 0, new byte[] {0, 3, 0, 0, 100})));

        c.section("6.5.2")
                .add("SETTINGS_ENABLE_PUSH: sends a value other than 0 or 1", "Any value other than 0 or 1 MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.settings(SETTINGS_ENABLE_PUSH, 2)))
                .add("SETTINGS_INITIAL_WINDOW_SIZE: sends a value above the maximum window size", "Values above the maximum flow-control window size of 2^31-1 MUST be treated as a connection error of type FLOW_CONTROL_ERROR",
                        ctx -> conn(ctx, FLOW_CONTROL_ERROR, Frames.settings(SETTINGS_INITIAL_WINDOW_SIZE, 1L << 31)))
                .add("SETTINGS_MAX_FRAME_SIZE: sends a value below the initial value", "Values outside this range MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.settings(SETTINGS_MAX_FRAME_SIZE, 16_383)))
                .add("SETTINGS_MAX_FRAME_SIZE: sends a value above the maximum allowed frame size", "Values outside this range MUST be treated as a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.settings(SETTINGS_MAX_FRAME_SIZE, 1 << 24)))
                .add("Sends a SETTINGS frame with an unknown identifier", "An endpoint that receives a SETTINGS frame with any unknown or unsupported identifier MUST ignore that setting",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.settings(0xff, 1)); expect(cl).settingsAck(); })
                .add("The server's SETTINGS are valid (ENABLE_PUSH absent or 0, sizes in range)", "A server MUST NOT explicitly set this value to 1 ... if a server does include a value, it MUST be 0",
                        ctx -> { RawClient cl = ctx.connect();
                            long push = cl.serverSetting(SETTINGS_ENABLE_PUSH, 0);
                            long frame = cl.serverSetting(SETTINGS_MAX_FRAME_SIZE, DEFAULT_MAX_FRAME_SIZE);
                            long window = cl.serverSetting(SETTINGS_INITIAL_WINDOW_SIZE, DEFAULT_WINDOW);
                            check(push == 0 && frame >= 16_384 && frame <= 16_777_215 && window <= MAX_WINDOW,
                                    "ENABLE_PUSH 0, MAX_FRAME_SIZE in [2^14, 2^24-1], INITIAL_WINDOW_SIZE <= 2^31-1",
                                    "ENABLE_PUSH " + push + ", MAX_FRAME_SIZE " + frame + ", INITIAL_WINDOW_SIZE " + window); });

        c.section("6.5.3")
                .add("Sends multiple values of SETTINGS_INITIAL_WINDOW_SIZE", "The values in the SETTINGS frame MUST be processed in the order they appear, with no other frame processing between values",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.sendSettings(SETTINGS_INITIAL_WINDOW_SIZE, 100, SETTINGS_INITIAL_WINDOW_SIZE, 1);
                            expect(cl).settingsAck();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expectData(cl, 1, 1); })
                .add("Sends a SETTINGS frame without ACK", "Once all values have been processed, the recipient MUST immediately emit a SETTINGS frame with the ACK flag set",
                        ctx -> { RawClient cl = ctx.connect(); cl.sendSettings(SETTINGS_ENABLE_PUSH, 0); expect(cl).settingsAck(); });

        c.section("6.7")
                .add("Sends a PING frame", "Receivers of a PING frame that does not include an ACK flag MUST send a PING frame with the ACK flag set in response, with an identical frame payload",
                        ctx -> { RawClient cl = ctx.connect(); byte[] d = RawClient.opaque(); cl.send(Frames.ping(0, d)); expect(cl).pingAck(d); })
                .add("Sends a PING frame with ACK", "An endpoint MUST NOT respond to PING frames containing this flag",
                        ctx -> { RawClient cl = ctx.connect(); byte[] d = RawClient.opaque(); cl.send(Frames.ping(FLAG_ACK, d));
                            expect(cl).alive(f -> !(f.is(PING) && Arrays.equals(f.payload(), d)), " and no answer to the PING ACK"); })
                .add("Sends a PING frame with a stream identifier other than 0x0", "If a PING frame is received with a Stream Identifier field value other than 0x00, the recipient MUST respond with a connection error of type PROTOCOL_ERROR",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.frame(PING, 0, 1, new byte[8])))
                .add("Sends a PING frame with a length other than 8", "Receipt of a PING frame with a length field value other than 8 MUST be treated as a connection error of type FRAME_SIZE_ERROR",
                        ctx -> conn(ctx, FRAME_SIZE_ERROR, Frames.frame(PING, 0, 0, new byte[6])));

        c.section("6.9")
                .add("Sends a WINDOW_UPDATE frame with an increment of 0", "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control window increment of 0 as a stream error of type PROTOCOL_ERROR; errors on the connection flow-control window MUST be treated as a connection error",
                        ctx -> conn(ctx, PROTOCOL_ERROR, Frames.windowUpdate(0, 0)))
                .add("Sends a WINDOW_UPDATE frame with an increment of 0 on a stream", "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control window increment of 0 as a stream error of type PROTOCOL_ERROR",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(4)), Frames.windowUpdate(1, 0));
                            expect(cl).streamError(1, PROTOCOL_ERROR); })
                .add("Sends a WINDOW_UPDATE frame with a length other than 4 octets", "A WINDOW_UPDATE frame with a length other than 4 octets MUST be treated as a connection error of type FRAME_SIZE_ERROR",
                        ctx -> conn(ctx, FRAME_SIZE_ERROR, Frames.frame(WINDOW_UPDATE, 0, 0, new byte[] {0, 0, 1})))
                .add("Sends a WINDOW_UPDATE frame with the reserved bit set", "Reserved: A reserved 1-bit field. The semantics of this bit are undefined ... MUST be ignored when receiving",
                        ctx -> { RawClient cl = ctx.connect(); cl.send(Frames.windowUpdate(0, 0x8000_0001)); expect(cl).alive(); });

        c.section("6.9.1")
                .add("Sets the initial window size to 1 and sends a HEADERS frame", "The sender MUST NOT send a flow-controlled frame with a length that exceeds the space available in either of the flow-control windows advertised by the receiver",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 1);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expectData(cl, 1, 1); })
                .add("Sends WINDOW_UPDATE frames that raise the connection window above 2^31-1", "If a sender receives a WINDOW_UPDATE that causes a flow-control window to exceed this maximum, it MUST terminate either the stream or the connection, as appropriate",
                        ctx -> conn(ctx, FLOW_CONTROL_ERROR, Frames.windowUpdate(0, MAX_WINDOW), Frames.windowUpdate(0, MAX_WINDOW)))
                .add("Sends WINDOW_UPDATE frames that raise a stream window above 2^31-1", "For streams, the sender sends a RST_STREAM with an error code of FLOW_CONTROL_ERROR",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 0);
                            // the request stays open (no END_STREAM), so the stream cannot close before the second update
                            cl.send(Frames.headers(1, FLAG_END_HEADERS, ctx.post(1)), Frames.windowUpdate(1, MAX_WINDOW), Frames.windowUpdate(1, MAX_WINDOW));
                            expect(cl).streamError(1, FLOW_CONTROL_ERROR); });

        c.section("6.9.2")
                .add("Changes SETTINGS_INITIAL_WINDOW_SIZE after sending a HEADERS frame", "When the value of SETTINGS_INITIAL_WINDOW_SIZE changes, a receiver MUST adjust the size of all stream flow-control windows that it maintains by the difference",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 0);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            cl.sendSettings(SETTINGS_INITIAL_WINDOW_SIZE, 1); // HEADERS are not flow-controlled: no need to wait for them
                            expectData(cl, 1, 1); })
                .add("Sends a SETTINGS frame that makes a stream window negative", "A change to SETTINGS_INITIAL_WINDOW_SIZE can cause the available space in a flow-control window to become negative. A sender MUST track the negative flow-control window",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 1);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expectData(cl, 1, 1);
                            cl.sendSettings(SETTINGS_INITIAL_WINDOW_SIZE, 0); // window 0 - 1 = -1
                            expect(cl).settingsAck();
                            cl.send(Frames.windowUpdate(1, 2));                 // -1 + 2 = 1
                            expectData(cl, 1, 1); })
                .add("Sends SETTINGS_INITIAL_WINDOW_SIZE above the maximum window size", "An endpoint MUST treat a change to SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control window to exceed the maximum size as a connection error of type FLOW_CONTROL_ERROR",
                        ctx -> conn(ctx, FLOW_CONTROL_ERROR, Frames.settings(SETTINGS_INITIAL_WINDOW_SIZE, 1L << 31)))
                .add("Sets the initial window size to 0: no DATA until a WINDOW_UPDATE", "The sender MUST NOT send a flow-controlled frame with a length that exceeds the space available",
                        ctx -> { RawClient cl = ctx.connect(SETTINGS_INITIAL_WINDOW_SIZE, 0);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).alive(f -> !(f.is(DATA) && f.length() > 0), " and no DATA in a zero window");
                            cl.send(Frames.windowUpdate(1, 3));
                            expectData(cl, 1, 3); });
    }

    /** Waits for DATA on {@code stream} and checks its payload length is exactly {@code length}. */
    static Frame expectData(RawClient cl, int stream, int length) throws CaseFailure {
        var ex = expect(cl);
        Frame f = ex.frame("DATA on stream " + stream + " with " + length + " octet(s)", x -> x.is(GOAWAY) || x.is(RST_STREAM)
                || (x.is(DATA) && x.streamId() == stream && (x.length() > 0 || x.endStream())));
        if (!f.is(DATA) || f.length() != length) throw ex.fail("DATA on stream " + stream + " with " + length + " octet(s)");
        return f;
    }
}
