package dev.celeris.engine.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The incremental UTF-8 validator of WebSocket text messages, against the JDK's decoder
 * ({@code CharsetDecoder} with {@link CodingErrorAction#REPORT}) as the reference.
 *
 * <p>Invariants, for arbitrary bytes (the whole input is the target's data, so seeds are plain
 * byte files):
 * <ul>
 *   <li>whole input: accepted and complete exactly when the reference decodes it without error;
 *   <li>fail fast: fed byte by byte, the validator rejects the first byte after which no
 *       continuation could make the input valid, and no earlier one (the reference decides
 *       whether a prefix can still be completed);
 *   <li>every split: fed as two pieces cut at any point, the validator gives the same answer as
 *       byte by byte (rejects in the first piece exactly when the failing byte is in it);
 *   <li>heap, offset heap and direct buffers give the same answer; {@code feed(ByteBuffer)}
 *       moves neither position nor limit; after {@link Utf8Validator#reset()} the same instance
 *       gives the same answer again.
 * </ul>
 */
class Utf8ValidatorFuzzTest {

    @FuzzTest(maxDuration = "")
    void agreesWithJdkDecoder(FuzzedDataProvider data) {
        byte[] in = data.consumeRemainingAsBytes();
        int n = in.length;
        Utf8Validator v = new Utf8Validator();
        int failAt = byteByByte(v, in);
        boolean valid = failAt == n && v.isComplete();
        assertThat(valid).as("whole input vs the JDK decoder").isEqualTo(decodes(in, n, true));

        assertThat(viable(in, failAt)).as("prefix before the failing byte %d can still be valid", failAt).isTrue();
        if (failAt < n) assertThat(viable(in, failAt + 1)).as("prefix through the failing byte %d cannot", failAt).isFalse();

        int step = n <= 1024 ? 1 : n / 512;
        for (int k = 0; k <= n; k += step) {
            v.reset();
            boolean first = v.feed(in, 0, k);
            assertThat(first).as("first piece of split %d", k).isEqualTo(failAt >= k);
            if (first) {
                assertThat(v.feed(in, k, n - k) && v.isComplete()).as("split at %d", k).isEqualTo(valid);
            }
        }

        v.reset();
        assertThat(v.feed(in, 0, n) && v.isComplete()).as("one call after reset").isEqualTo(valid);
        for (ByteBuffer buf : buffers(in)) {
            int pos = buf.position();
            int lim = buf.limit();
            v.reset();
            assertThat(v.feed(buf) && v.isComplete()).as("%s", buf).isEqualTo(valid);
            assertThat(buf.position()).isEqualTo(pos);
            assertThat(buf.limit()).isEqualTo(lim);
        }
    }

    /** Index of the byte the validator rejects, fed one at a time; {@code in.length} if none. */
    private static int byteByByte(Utf8Validator v, byte[] in) {
        for (int i = 0; i < in.length; i++) {
            if (!v.feed(in, i, 1)) return i;
        }
        return in.length;
    }

    /**
     * Whether the first {@code len} bytes can be completed to valid UTF-8: they decode as a
     * prefix, and some continuation byte (then 0x80s) finishes the sequence they end in. The
     * JDK's decoder only checks part of a cut sequence (it accepts {@code ED A0} as a prefix,
     * rejecting the surrogate at its third byte), so completions are tried rather than trusted.
     */
    private static boolean viable(byte[] in, int len) {
        if (decodes(in, len, true)) return true;
        if (!decodes(in, len, false)) return false;
        for (int tail = 1; tail <= 3; tail++) {
            byte[] b = Arrays.copyOf(in, len + tail);
            Arrays.fill(b, len + 1, len + tail, (byte) 0x80);
            for (int c = 0x80; c <= 0xBF; c++) {
                b[len] = (byte) c;
                if (decodes(b, b.length, true)) return true;
            }
        }
        return false;
    }

    private static boolean decodes(byte[] in, int len, boolean endOfInput) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = d.decode(ByteBuffer.wrap(in, 0, len), CharBuffer.allocate(len + 1), endOfInput);
        if (r.isError()) return false;
        return !endOfInput || !d.flush(CharBuffer.allocate(1)).isError();
    }

    /** The input as a plain heap buffer, a slice of a larger array (offset, short limit) and a direct buffer. */
    private static ByteBuffer[] buffers(byte[] in) {
        ByteBuffer offset = ByteBuffer.allocate(in.length + 7);
        offset.position(3).put(in).flip().position(3);
        ByteBuffer sliced = ByteBuffer.allocate(in.length + 7).position(2).slice().put(in).flip();
        ByteBuffer direct = ByteBuffer.allocateDirect(in.length).put(in).flip();
        return new ByteBuffer[] {ByteBuffer.wrap(in), offset, sliced, direct};
    }
}
