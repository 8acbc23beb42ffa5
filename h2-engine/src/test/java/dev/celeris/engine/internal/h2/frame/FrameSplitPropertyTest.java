package dev.celeris.engine.internal.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property: any sequence of valid frames, cut at any set of points into chunks (heap or direct),
 * parses to the same events as the sequence in one chunk. jqwik shrinks a failure to the
 * smallest frame list and split set.
 */
class FrameSplitPropertyTest {

    /** One frame to write: a kind, a stream, a payload size and a flag choice. */
    record Spec(int kind, int stream, int size, boolean flag) {
    }

    @Provide
    Arbitrary<List<Spec>> frames() {
        Arbitrary<Spec> spec = Combinators.combine(
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(1, 99),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 64)),
                                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 40_000))),
                        Arbitraries.of(true, false))
                .as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(12);
    }

    static byte[] write(List<Spec> specs) {
        FrameWriter writer = new FrameWriter();
        ByteBuffer out = ByteBuffer.allocate(1 << 20);
        for (Spec s : specs) {
            byte[] payload = new byte[s.size()];
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31 + s.stream());
            switch (s.kind()) {
                case 0 -> writer.data(out, s.stream(), ByteBuffer.wrap(payload, 0, Math.min(payload.length, 16_384)),
                        s.flag() ? Frames.FLAG_END_STREAM : Frames.FLAG_NONE);
                case 1 -> writer.headers(out, s.stream(), ByteBuffer.wrap(payload), s.flag() ? Frames.FLAG_END_STREAM : Frames.FLAG_NONE);
                case 2 -> writer.windowUpdate(out, s.flag() ? 0 : s.stream(), s.size() + 1);
                case 3 -> {
                    if (s.flag()) writer.pingAck(out, s.size()); else writer.ping(out, -s.size());
                }
                case 4 -> writer.rstStream(out, s.stream(), s.size());
                case 5 -> writer.priority(out, s.stream(), new FrameListener.Priority(s.stream() + 1, s.size() % 256 + 1, s.flag()));
                case 6 -> {
                    if (s.flag()) writer.settingsAck(out);
                    else writer.settings(out, new Settings().add(Settings.MAX_CONCURRENT_STREAMS, s.size()).add(0x77, s.stream()));
                }
                case 7 -> writer.goAway(out, s.stream(), s.size(), ByteBuffer.wrap(payload, 0, Math.min(payload.length, 100)));
                default -> {
                    int length = Math.min(payload.length, 16_384);
                    writer.frameHeader(out, length, 0x20 + s.stream() % 8, s.flag() ? 0xff : 0, s.stream());
                    out.put(payload, 0, length);
                }
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    @Property(tries = 100)
    void anySplitParsesTheSameAsWhole(@ForAll("frames") List<Spec> specs,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 200_000) Integer> cuts,
            @ForAll boolean direct) throws H2Exception {
        byte[] bytes = write(specs);
        List<String> whole = Feed.whole(bytes, Feed.DEFAULT);
        assertThat(whole).noneMatch(e -> e.startsWith("CONNECTION_ERROR") || e.startsWith("STREAM_ERROR"));

        TreeSet<Integer> points = new TreeSet<>();
        for (int c : cuts) points.add(c % (bytes.length + 1));
        points.add(bytes.length);
        RecordingListener listener = new RecordingListener();
        FrameParser parser = Feed.DEFAULT.apply(listener);
        int from = 0;
        List<String> errors = new ArrayList<>();
        for (int to : points) {
            Feed.parseAll(parser, Feed.chunk(bytes, from, to, direct), errors);
            from = to;
        }
        assertThat(errors).isEmpty();
        assertThat(Feed.joinData(listener.events)).isEqualTo(Feed.joinData(whole));
    }
}
