package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.windowUpdate;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_DATA;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_GOAWAY;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_RST_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The write timeout cuts a peer that stopped reading, not one that reads slowly: a transport
 * that is unwritable at every check but keeps draining (each drain is an {@code onWritable},
 * after which the engine fills it up again) is making progress.
 */
@Timeout(60)
class SlowReaderWriteTimeoutTest {

    @Test
    void aTransportThatKeepsDrainingIsNotAborted() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        EngineConfig config = EngineConfig.builder().writeTimeout(Duration.ofMillis(300)).build();
        ScheduledExecutorService pulses = Executors.newSingleThreadScheduledExecutor();
        try (TestPeer peer = TestPeer.open(config, ProgressDeadlineTest.download(done), Split.WHOLE)) {
            peer.handshake();
            peer.connection.writable = false; // full: only short drains from here on
            // Every 40 ms the socket drains below its low-water mark and the engine refills it at once.
            pulses.scheduleWithFixedDelay(() -> peer.connection.execute(() -> {
                peer.connection.writable = true;
                peer.connection.handler.onWritable();
                peer.connection.writable = false;
            }), 40, 40, TimeUnit.MILLISECONDS);
            peer.send(peer.get(1, "/big"));
            long received = 0;
            while (received < 1 << 20) { // 1 MiB at 64 KiB a pulse: well beyond the 300 ms timeout
                TestPeer.Frame f = peer.await("DATA",
                        x -> x.type() == TYPE_DATA || x.type() == TYPE_RST_STREAM || x.type() == TYPE_GOAWAY);
                assertThat(f.type()).as("no reset or GOAWAY while the peer reads").isEqualTo(TYPE_DATA);
                assertThat(peer.connection.aborted).as("not aborted while the peer reads").isFalse();
                received += f.payload().length;
                if (f.payload().length > 0) peer.send(windowUpdate(0, f.payload().length), windowUpdate(1, f.payload().length));
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.connection.aborted).isFalse();
        } finally {
            pulses.shutdownNow();
        }
    }
}
