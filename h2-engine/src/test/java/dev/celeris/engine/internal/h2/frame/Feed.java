package dev.celeris.engine.internal.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Feeds bytes to a fresh parser in several ways and records what the listener saw, including
 * errors: whole, one byte at a time, split at random points (heap and direct chunks, at
 * non-zero offsets), and the same bytes twice in a row into one parser (proves it resets).
 */
final class Feed {

    /** Builds a parser around the listener; the default one accepts 16 KiB frames. */
    static final Function<FrameListener, FrameParser> DEFAULT = l -> new FrameParser(l, 16_384, 65_536, 16);

    private Feed() {
    }

    /** Parses {@code chunk} completely the way the connection does: a stream error is recorded and parsing goes on. */
    static void parseAll(FrameParser parser, ByteBuffer chunk, List<String> events) {
        while (true) {
            try {
                parser.parse(chunk);
                assertThat(chunk.hasRemaining()).as("parse consumes the whole chunk").isFalse();
                return;
            } catch (H2Exception e) {
                events.add(describe(e));
                if (e.isConnectionError()) {
                    assertThat(chunk.hasRemaining()).as("a connection error drops the rest").isFalse();
                    assertThat(parser.isFailed()).isTrue();
                    return;
                }
            }
        }
    }

    static String describe(H2Exception e) {
        return (e.isConnectionError() ? "CONNECTION_ERROR " : "STREAM_ERROR " + e.streamId() + " ") + e.error();
    }

    /** A chunk holding {@code bytes[from, to)} at a non-zero position of a larger buffer. */
    static ByteBuffer chunk(byte[] bytes, int from, int to, boolean direct) {
        int n = to - from;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(n + 7) : ByteBuffer.allocate(n + 7);
        b.position(3);
        b.put(bytes, from, n);
        b.put(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee}); // guard bytes after the limit
        b.position(3).limit(3 + n);
        return b;
    }

    static List<String> whole(byte[] bytes, Function<FrameListener, FrameParser> factory) {
        RecordingListener l = new RecordingListener();
        FrameParser p = factory.apply(l);
        parseAll(p, chunk(bytes, 0, bytes.length, false), l.events);
        return l.events;
    }

    static List<String> oneByteAtATime(byte[] bytes, Function<FrameListener, FrameParser> factory) {
        RecordingListener l = new RecordingListener();
        FrameParser p = factory.apply(l);
        for (int i = 0; i < bytes.length; i++) {
            parseAll(p, chunk(bytes, i, i + 1, false), l.events);
        }
        return l.events;
    }

    static List<String> randomSplits(byte[] bytes, Function<FrameListener, FrameParser> factory, long seed) {
        Random random = new Random(seed);
        RecordingListener l = new RecordingListener();
        FrameParser p = factory.apply(l);
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, random.nextInt(random.nextBoolean() ? 12 : 200) + (random.nextInt(8) == 0 ? 0 : 1));
            parseAll(p, chunk(bytes, at, at + n, random.nextBoolean()), l.events);
            at += n;
        }
        return l.events;
    }

    /** The same bytes parsed twice by one parser, each time fed whole. */
    static List<String> twice(byte[] bytes, Function<FrameListener, FrameParser> factory) {
        RecordingListener l = new RecordingListener();
        FrameParser p = factory.apply(l);
        parseAll(p, chunk(bytes, 0, bytes.length, false), l.events);
        parseAll(p, chunk(bytes, 0, bytes.length, true), l.events);
        return l.events;
    }

    /**
     * Parses {@code bytes} whole, one byte at a time and at random split points, asserts every
     * way saw the same events, and returns them.
     */
    static List<String> allWays(byte[] bytes, Function<FrameListener, FrameParser> factory) {
        List<String> whole = whole(bytes, factory);
        List<String> expected = joinData(whole);
        assertThat(joinData(oneByteAtATime(bytes, factory))).as("one byte at a time").isEqualTo(expected);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(joinData(randomSplits(bytes, factory, seed))).as("random splits, seed %d", seed).isEqualTo(expected);
        }
        return whole;
    }

    private static final java.util.regex.Pattern DATA = java.util.regex.Pattern.compile("DATA (\\d+) ([0-9a-f]*) flow=(\\d+)( END_STREAM)?");

    /**
     * Joins consecutive DATA events of one stream (the first without END_STREAM) into one: a
     * DATA frame straddling chunks arrives in pieces (FrameListener#onData), so split feeds are
     * compared with the whole feed on the bytes and flow-controlled length each stream got.
     */
    static List<String> joinData(List<String> events) {
        List<String> out = new ArrayList<>();
        String stream = null;
        StringBuilder hex = new StringBuilder();
        long flow = 0;
        for (String e : events) {
            java.util.regex.Matcher m = DATA.matcher(e);
            boolean data = m.matches();
            if (stream != null && !(data && m.group(1).equals(stream))) { // the run of DATA pieces ends
                out.add("DATA " + stream + " " + hex + " flow=" + flow);
                stream = null;
            }
            if (!data) {
                out.add(e);
                continue;
            }
            if (stream == null) {
                stream = m.group(1);
                hex.setLength(0);
                flow = 0;
            }
            hex.append(m.group(2));
            flow += Long.parseLong(m.group(3));
            if (m.group(4) != null) {
                out.add("DATA " + stream + " " + hex + " flow=" + flow + " END_STREAM");
                stream = null;
            }
        }
        if (stream != null) out.add("DATA " + stream + " " + hex + " flow=" + flow);
        return out;
    }

    static List<String> allWays(byte[] bytes) {
        return allWays(bytes, DEFAULT);
    }

    /** {@link #allWays}, plus: the bytes twice in a row give the events twice (no connection error) or once (sticky). */
    static List<String> allWaysAndTwice(byte[] bytes) {
        List<String> once = allWays(bytes);
        List<String> expected = new ArrayList<>(once);
        boolean failed = once.stream().anyMatch(e -> e.startsWith("CONNECTION_ERROR"));
        if (!failed) expected.addAll(once);
        assertThat(twice(bytes, DEFAULT)).as("twice in a row").isEqualTo(expected);
        return once;
    }
}
