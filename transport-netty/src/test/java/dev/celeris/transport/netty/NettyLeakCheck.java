package dev.celeris.transport.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a leaked buffer while it ran.
 *
 * <p>Registered for every test class of this module (JUnit extension auto-detection). Netty logs
 * leaks at ERROR through its internal logger, which is pointed at {@code java.util.logging} here;
 * a handler on {@code io.netty.util.ResourceLeakDetector} collects the reports. Leaks are
 * reported only after the leaked buffer is garbage-collected and another buffer is tracked, so
 * {@link #collect()} runs the GC and allocates a few buffers before looking.
 */
public final class NettyLeakCheck implements AfterAllCallback {

    static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static final Logger LEAK_LOGGER = Logger.getLogger(ResourceLeakDetector.class.getName());

    static {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        LEAK_LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    REPORTS.add(String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) in "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    /** Runs the GC, lets the detector report, and returns (and forgets) what it reported. */
    static List<String> collect() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 4; i++) {
                ByteBufAllocator.DEFAULT.directBuffer(16).release(); // each tracked allocation drains the queue
                ByteBufAllocator.DEFAULT.heapBuffer(16).release();
            }
        }
        List<String> leaks = new ArrayList<>(REPORTS);
        REPORTS.clear();
        return leaks;
    }
}
