package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celeris.fuzz.FuzzConnection;
import dev.celeris.fuzz.Splits;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Protocol detection fed arbitrary first bytes.
 *
 * <p>Invariants: the decision (HTTP/2, HTTP/1.1 or reject) is the same for every split of the
 * input; it is HTTP/2 exactly when the input starts with the whole preface; the chosen
 * handler receives every byte of the input, in order, none lost or repeated; a rejected
 * connection gets a {@code 400} and nothing is handed on.
 */
class ProtocolDetectorFuzzTest {

    @FuzzTest(maxDuration = "")
    void firstBytes(FuzzedDataProvider data) {
        boolean withPreface = data.consumeBoolean();
        Splits s = Splits.from(data, 8);
        byte[] input = s.input();
        if (withPreface) input = concat(ProtocolDetector.PREFACE, input);
        Splits splits = new Splits(input, s.cuts(), s.direct());
        String whole = detect(splits.whole(), input);
        assertThat(detect(splits.chunks(), input)).as("fuzzed chunks").isEqualTo(whole);
        assertThat(detect(splits.bytes(), input)).as("byte by byte").isEqualTo(whole);
        if (input.length >= ProtocolDetector.PREFACE.length
                && Arrays.equals(input, 0, ProtocolDetector.PREFACE.length, ProtocolDetector.PREFACE, 0, ProtocolDetector.PREFACE.length)) {
            assertThat(whole).isEqualTo("h2");
        }
    }

    private static String detect(List<ByteBuffer> chunks, byte[] input) {
        Recording h2 = new Recording();
        Recording h1 = new Recording();
        ProtocolDetector detector = new ProtocolDetector(() -> h2, () -> h1, Duration.ofMinutes(1));
        FuzzConnection conn = new FuzzConnection(detector);
        conn.deliver(chunks, false);
        assertThat(h1.opened && h2.opened).as("one protocol").isFalse();
        Recording chosen = h2.opened ? h2 : h1.opened ? h1 : null;
        if (chosen == null) {
            String out = new String(conn.output(), StandardCharsets.US_ASCII);
            if (!out.isEmpty()) assertThat(out).startsWith("HTTP/1.1 400 ");
            return out.isEmpty() ? "undecided" : "rejected";
        }
        assertThat(chosen.received.toByteArray()).as("bytes handed on").isEqualTo(input);
        assertThat(chosen.closed).as("delegate closed once").isTrue();
        return chosen == h2 ? "h2" : "h1";
    }

    private static final class Recording implements ConnectionHandler {
        boolean opened;
        boolean closed;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void onOpen(Connection connection) {
            assertThat(opened).as("opened once").isFalse();
            opened = true;
        }

        @Override
        public void onData(ByteBuffer chunk) {
            assertThat(opened).isTrue();
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            received.writeBytes(b);
        }

        @Override
        public void onClose(Throwable cause) {
            assertThat(closed).as("closed once").isFalse();
            closed = true;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
