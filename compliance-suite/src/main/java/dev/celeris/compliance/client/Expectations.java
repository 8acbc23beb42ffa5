package dev.celeris.compliance.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a case waits for, each with the client's timeout. Every method either returns (the
 * server did what the requirement says) or throws {@link CaseFailure} naming what was expected
 * and what was seen. Frames that do not decide the outcome (responses to earlier requests,
 * WINDOW_UPDATEs, ...) are skipped, as h2spec does.
 */
public final class Expectations {

    private final RawClient client;
    private final List<String> seen = new ArrayList<>();

    Expectations(RawClient client) {
        this.client = client;
    }

    /** Waits for a frame matching {@code match}; fails on close or timeout. */
    public Frame frame(String expected, Predicate<Frame> match) throws CaseFailure {
        long deadline = deadline();
        while (true) {
            RawClient.Event e = next(deadline, expected);
            if (e instanceof RawClient.Closed) throw fail(expected);
            Frame f = ((RawClient.FrameEvent) e).frame();
            if (match.test(f)) return f;
        }
    }

    /**
     * A connection error, RFC 9113 §5.4.1: GOAWAY with one of {@code codes}, or the connection
     * closed (h2spec accepts either, since a GOAWAY may be lost with the TCP reset).
     */
    public void connectionError(int... codes) throws CaseFailure {
        String expected = "GOAWAY " + names(codes) + " or connection close";
        long deadline = deadline();
        while (true) {
            RawClient.Event e = next(deadline, expected);
            if (e instanceof RawClient.Closed) return;
            Frame f = ((RawClient.FrameEvent) e).frame();
            if (f.is(H2.GOAWAY)) {
                if (contains(codes, f.errorCode())) return;
                throw fail(expected);
            }
        }
    }

    /** The TCP connection closes (frames before the close, a GOAWAY included, are skipped). */
    public void closed() throws CaseFailure {
        long deadline = deadline();
        while (true) {
            if (next(deadline, "connection close") instanceof RawClient.Closed) return;
        }
    }

    /** A GOAWAY with one of {@code codes}; a bare close is not enough (RFC 9113 §5.4.1 SHOULD). */
    public Frame goAway(int... codes) throws CaseFailure {
        String expected = "GOAWAY " + names(codes);
        long deadline = deadline();
        while (true) {
            RawClient.Event e = next(deadline, expected);
            if (e instanceof RawClient.Closed) throw fail(expected);
            Frame f = ((RawClient.FrameEvent) e).frame();
            if (f.is(H2.GOAWAY)) {
                if (contains(codes, f.errorCode())) return f;
                throw fail(expected);
            }
        }
    }

    /**
     * A stream error, RFC 9113 §5.4.2: RST_STREAM on {@code streamId} with one of {@code codes};
     * as in h2spec a connection error with one of them (GOAWAY or close) is accepted too.
     */
    public void streamError(int streamId, int... codes) throws CaseFailure {
        String expected = "RST_STREAM " + names(codes) + " on stream " + streamId + " (or GOAWAY " + names(codes)
                + " or connection close)";
        long deadline = deadline();
        while (true) {
            RawClient.Event e = next(deadline, expected);
            if (e instanceof RawClient.Closed) return;
            Frame f = ((RawClient.FrameEvent) e).frame();
            if (f.is(H2.GOAWAY) || (f.is(H2.RST_STREAM) && f.streamId() == streamId)) {
                if (contains(codes, f.errorCode())) return;
                throw fail(expected);
            }
        }
    }

    /** Strictly a RST_STREAM on {@code streamId} with one of {@code codes}, connection kept. */
    public void rstStream(int streamId, int... codes) throws CaseFailure {
        String expected = "RST_STREAM " + names(codes) + " on stream " + streamId;
        Frame f = frame(expected, x -> x.is(H2.GOAWAY) || (x.is(H2.RST_STREAM) && x.streamId() == streamId));
        if (f.is(H2.GOAWAY) || !contains(codes, f.errorCode())) throw fail(expected);
    }

    /** The response HEADERS on {@code streamId} (a complete, decoded field block). */
    public Frame response(int streamId) throws CaseFailure {
        String expected = "HEADERS response on stream " + streamId;
        Frame f = frame(expected, x -> x.is(H2.GOAWAY) || (x.streamId() == streamId && (x.is(H2.RST_STREAM)
                || (x.headers() != null))));
        if (f.is(H2.GOAWAY) || f.is(H2.RST_STREAM)) throw fail(expected);
        if (f.hpackError() != null) throw fail(expected + " that decodes");
        return f;
    }

    /** The end of {@code streamId}: DATA or HEADERS with END_STREAM. */
    public Frame streamEnd(int streamId) throws CaseFailure {
        String expected = "END_STREAM on stream " + streamId;
        // a graceful GOAWAY that still covers the stream (NO_ERROR, last >= id) does not end it
        Frame f = frame(expected, x -> (x.is(H2.GOAWAY) && !(x.errorCode() == H2.NO_ERROR && x.lastStreamId() >= streamId))
                || (x.streamId() == streamId && (x.is(H2.RST_STREAM) || x.endStream())));
        if (!f.endStream()) throw fail(expected);
        return f;
    }

    /** Sends a PING and waits for its ACK: proves the connection is still usable. */
    public void alive() throws CaseFailure {
        alive(f -> true, "");
    }

    /**
     * Sends a PING and waits for its ACK; every frame read before the ACK must satisfy
     * {@code allowed} (e.g. "no RST_STREAM on stream 1").
     */
    public void alive(Predicate<Frame> allowed, String rule) throws CaseFailure {
        byte[] data = RawClient.opaque();
        client.send(Frames.ping(0, data));
        String expected = "PING ACK (connection still open)" + rule;
        long deadline = deadline();
        while (true) {
            RawClient.Event e = next(deadline, expected);
            if (e instanceof RawClient.Closed) throw fail(expected);
            Frame f = ((RawClient.FrameEvent) e).frame();
            if (f.is(H2.GOAWAY) || !allowed.test(f)) throw fail(expected);
            if (f.is(H2.PING) && f.hasFlag(H2.FLAG_ACK) && Arrays.equals(f.payload(), data)) return;
        }
    }

    /** A PING with ACK carrying {@code data}. */
    public Frame pingAck(byte[] data) throws CaseFailure {
        return frame("PING ACK with the same payload", f -> f.is(H2.PING) && f.hasFlag(H2.FLAG_ACK) && Arrays.equals(f.payload(), data));
    }

    public Frame settingsAck() throws CaseFailure {
        return frame("SETTINGS with ACK", f -> f.is(H2.SETTINGS) && f.hasFlag(H2.FLAG_ACK));
    }

    /** Collects frames until the connection closes or the timeout ends; never fails. */
    public List<RawClient.Event> drain() {
        List<RawClient.Event> all = new ArrayList<>();
        long deadline = deadline();
        RawClient.Event e;
        while ((e = client.poll(deadline)) != null) {
            all.add(e);
            if (e instanceof RawClient.Closed) break;
        }
        return all;
    }

    /** A failure with this expectation's seen list. */
    public CaseFailure fail(String expected) {
        return new CaseFailure(expected, seen());
    }

    public String seen() {
        if (seen.isEmpty()) return "nothing";
        int n = seen.size();
        List<String> shown = n <= 6 ? seen : new ArrayList<>(seen.subList(n - 6, n));
        return (n > 6 ? "(" + (n - 6) + " earlier) " : "") + String.join("; ", shown);
    }

    private RawClient.Event next(long deadline, String expected) throws CaseFailure {
        RawClient.Event e = client.poll(deadline);
        if (e == null) {
            seen.add("timeout after " + client.timeout().toMillis() + " ms");
            throw fail(expected);
        }
        seen.add(e.toString());
        return e;
    }

    private long deadline() {
        return System.nanoTime() + client.timeout().toNanos();
    }

    private static boolean contains(int[] codes, long code) {
        for (int c : codes) if (c == code) return true;
        return false;
    }

    private static String names(int[] codes) {
        return Arrays.stream(codes).mapToObj(H2::errorName).collect(Collectors.joining("|"));
    }
}
