package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The request body pipe shared by HTTP/1.1 and HTTP/2: hooks, consumption batching, failure. */
@Timeout(10)
class BodyPipeTest {

    static final class Recorder implements BodyPipe.Listener {
        final AtomicInteger firstReads = new AtomicInteger();
        final List<Integer> consumed = new CopyOnWriteArrayList<>();

        @Override
        public void onFirstRead() {
            firstReads.incrementAndGet();
        }

        @Override
        public void onConsumed(int bytes) {
            consumed.add(bytes);
        }
    }

    static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(new byte[n]);
    }

    @Test
    void thresholdOneReportsEveryRead() throws IOException {
        Recorder r = new Recorder();
        BodyPipe pipe = new BodyPipe(r);
        pipe.offer(bytes(10));
        pipe.finish(null);
        assertThat(pipe.read(new byte[4])).isEqualTo(4);
        assertThat(pipe.read(new byte[4])).isEqualTo(4);
        assertThat(pipe.read(new byte[4])).isEqualTo(2);
        assertThat(pipe.read(new byte[4])).isEqualTo(-1);
        assertThat(r.consumed).containsExactly(4, 4, 2);
        assertThat(r.firstReads).hasValue(1);
    }

    @Test
    void largerThresholdBatchesAndFlushesAtTheEnd() throws IOException {
        Recorder r = new Recorder();
        BodyPipe pipe = new BodyPipe(r, 8);
        pipe.offer(bytes(10));
        pipe.finish(null);
        pipe.read(new byte[4]);
        assertThat(r.consumed).isEmpty();
        pipe.read(new byte[4]);
        assertThat(r.consumed).containsExactly(8);
        pipe.read(new byte[4]); // the last 2 bytes: reported because the body is complete
        assertThat(r.consumed).containsExactly(8, 2);
    }

    @Test
    void unreportedBytesAreReportedBeforeBlocking() throws Exception {
        // SPEC: RFC 9113 §6.9 — a peer blocked on a window must get it back before we wait for it.
        Recorder r = new Recorder();
        BodyPipe pipe = new BodyPipe(r, 1000);
        pipe.offer(bytes(3));
        assertThat(pipe.read(new byte[8])).isEqualTo(3);
        assertThat(r.consumed).isEmpty();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                pipe.read(new byte[8]);
            } catch (IOException ignored) {
                // the test ends the pipe below
            }
        });
        while (r.consumed.isEmpty()) Thread.onSpinWait();
        assertThat(r.consumed).containsExactly(3);
        pipe.offer(bytes(1));
        reader.join();
    }

    @Test
    void failureThrowsTheCauseAndReturnsDroppedBytes() {
        BodyPipe pipe = new BodyPipe(null);
        pipe.offer(bytes(5));
        IOException cause = new IOException("stream reset");
        assertThat(pipe.fail(cause)).isEqualTo(5);
        assertThat(pipe.fail(new IOException("again"))).isZero();
        assertThatThrownBy(() -> pipe.read(new byte[1])).isSameAs(cause);
        assertThatThrownBy(pipe::available).isSameAs(cause);
    }

    @Test
    void failAfterFullyReadIsIgnored() throws IOException {
        BodyPipe pipe = BodyPipe.ofComplete(new byte[] {1, 2});
        assertThat(pipe.readAllBytes()).containsExactly(1, 2);
        assertThat(pipe.fail(new IOException("late"))).isZero();
        assertThat(pipe.read()).isEqualTo(-1);
    }

    @Test
    void trailersAppearOnlyOnceTheBodyHasBeenRead() throws IOException {
        BodyPipe pipe = new BodyPipe(null);
        pipe.offer(bytes(2));
        pipe.finish(Headers.of("x-t", "1"));
        assertThat(pipe.trailers().get("x-t")).isNull();
        pipe.readAllBytes();
        assertThat(pipe.trailers().get("x-t")).isEqualTo("1");
    }

    @Test
    void interruptedReadThrowsInterruptedIOException() {
        BodyPipe pipe = new BodyPipe(null);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> pipe.read(new byte[1])).isInstanceOf(java.io.InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
