package dev.celeris.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.spi.Transports;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One stream carries a large body each way through the default transport while the heap stays
 * flat: flow control and back-pressure, not buffering, move the bytes. CI runs 64 MiB;
 * {@code -Dceleris.bigBodyMiB=1024} runs the full 1 GiB.
 */
@Timeout(300)
class BigBodyTest {

    static final long SIZE = Long.getLong("celeris.bigBodyMiB", 64) * 1024 * 1024;
    /** Live heap growth allowed while the body streams (after a full GC). */
    static final long HEAP_SLACK = 48L * 1024 * 1024;

    static EngineConfig config(int windowMiB) {
        if (windowMiB == 0) return EngineConfig.defaults();
        int w = windowMiB * 1024 * 1024;
        return EngineConfig.builder().http2(Http2Config.builder().initialStreamWindowSize(w).connectionWindowSize(w).build()).build();
    }

    /** Samples the live heap (after System.gc()) while {@code body} runs; returns the growth over the start. */
    static long heapGrowthDuring(ThrowingRunnable body) throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            body.run();
        } finally {
            running.set(false);
            sampler.join();
        }
        return peak.get() - baseline;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest(name = "window {0} MiB (0 = default)")
    @ValueSource(ints = {0, 16})
    void largeResponse(int windowMiB) throws Exception {
        assumeTrue(RealClientsTest.installed("curl"), "curl is not installed: skipping the large response test");
        try (TestServer server = TestServer.start(Transports.selectDefault(), config(windowMiB), TestServer.APP)) {
            String[] size = new String[1];
            long growth = heapGrowthDuring(() -> {
                RealClientsTest.Run r = RealClientsTest.run(List.of("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null",
                        "-w", "%{size_download}", server.url("/bytes?n=" + SIZE)));
                size[0] = r.out() + r.err();
            });
            assertThat(size[0]).isEqualTo(Long.toString(SIZE));
            assertThat(growth).as("live heap growth").isLessThan(HEAP_SLACK);
        }
    }

    @ParameterizedTest(name = "window {0} MiB (0 = default)")
    @ValueSource(ints = {0, 16})
    void largeRequest(int windowMiB) throws Exception {
        assumeTrue(RealClientsTest.installed("curl"), "curl is not installed: skipping the large request test");
        try (TestServer server = TestServer.start(Transports.selectDefault(), config(windowMiB), TestServer.APP)) {
            String[] answer = new String[1];
            long growth = heapGrowthDuring(() -> {
                Process p = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "-T", "-", server.url("/count")).start();
                Thread feeder = Thread.ofPlatform().start(() -> {
                    byte[] chunk = new byte[256 * 1024];
                    try (OutputStream out = p.getOutputStream()) {
                        for (long left = SIZE; left > 0; left -= chunk.length) out.write(chunk, 0, (int) Math.min(left, chunk.length));
                    } catch (java.io.IOException e) {
                        // curl ended early; the assertion on the answer reports it
                    }
                });
                byte[] out = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(200, TimeUnit.SECONDS)).isTrue();
                feeder.join();
                answer[0] = new String(out, StandardCharsets.UTF_8) + err;
            });
            assertThat(answer[0]).isEqualTo(Long.toString(SIZE));
            assertThat(growth).as("live heap growth").isLessThan(HEAP_SLACK);
        }
    }
}
