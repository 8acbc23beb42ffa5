package dev.celeris.engine.internal.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Names, the one-line frame format, and that the logger is quiet and cheap when disabled. */
class FramesTest {

    @Test
    void prefaceIsTheRfcBytes() {
        assertThat(new String(Frames.preface(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
                .hasSize(Frames.PREFACE_LENGTH);
    }

    @Test
    void oneLineFormat() {
        assertThat(Frames.format(true, 3, 12, Frames.TYPE_HEADERS, Frames.FLAG_END_HEADERS | Frames.FLAG_END_STREAM))
                .isEqualTo("<< 0x00000003    12 HEADERS       END_HEADERS|END_STREAM");
        assertThat(Frames.format(false, 0, 0, Frames.TYPE_SETTINGS, Frames.FLAG_ACK))
                .isEqualTo(">> 0x00000000     0 SETTINGS      ACK");
        assertThat(Frames.format(false, 0, 8, Frames.TYPE_PING, 0)).isEqualTo(">> 0x00000000     8 PING");
        assertThat(Frames.format(true, 0x7fffffff, 16384, 0x2a, 0x3)).isEqualTo("<< 0x7fffffff 16384 0x2a          0x03");
    }

    @Test
    void flagNamesDependOnTheType() {
        assertThat(Frames.flagNames(Frames.TYPE_DATA, 0x1)).isEqualTo("END_STREAM");
        assertThat(Frames.flagNames(Frames.TYPE_PING, 0x1)).isEqualTo("ACK");
        assertThat(Frames.flagNames(Frames.TYPE_HEADERS, 0x2d)).isEqualTo("END_HEADERS|END_STREAM|PADDED|PRIORITY");
        assertThat(Frames.flagNames(Frames.TYPE_DATA, 0x24)).isEqualTo("0x24");
        assertThat(Frames.flagNames(Frames.TYPE_CONTINUATION, 0x5)).isEqualTo("END_HEADERS|0x01");
        assertThat(Frames.typeName(Frames.TYPE_WINDOW_UPDATE)).isEqualTo("WINDOW_UPDATE");
        assertThat(Frames.typeName(0xff)).isEqualTo("0xff");
    }

    @Test
    void loggerLogsDataAtTraceOthersAtDebugAndNothingWhenDisabled() {
        CapturingLogger enabled = new CapturingLogger(System.Logger.Level.TRACE);
        FrameLogger logger = new FrameLogger(enabled);
        logger.inbound(3, 12, Frames.TYPE_HEADERS, Frames.FLAG_END_HEADERS);
        logger.outbound(1, 5, Frames.TYPE_DATA, Frames.FLAG_END_STREAM);
        assertThat(enabled.lines).containsExactly(
                "DEBUG << 0x00000003    12 HEADERS       END_HEADERS",
                "TRACE >> 0x00000001     5 DATA          END_STREAM");

        CapturingLogger debugOnly = new CapturingLogger(System.Logger.Level.DEBUG);
        new FrameLogger(debugOnly).inbound(1, 5, Frames.TYPE_DATA, 0);
        assertThat(debugOnly.lines).isEmpty();

        CapturingLogger off = new CapturingLogger(System.Logger.Level.OFF);
        new FrameLogger(off).inbound(3, 12, Frames.TYPE_HEADERS, 0);
        assertThat(off.lines).isEmpty();
    }

    @Test
    void parserAndWriterLogEveryFrameThroughTheNamedLogger() throws Exception {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(FrameLogger.LOGGER_NAME);
        List<String> lines = new ArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level before = jul.getLevel();
        jul.addHandler(handler);
        try {
            FrameWriter writer = new FrameWriter();
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(100);
            writer.headers(out, 3, java.nio.ByteBuffer.wrap(new byte[12]), Frames.FLAG_END_STREAM);
            FrameParser parser = new FrameParser(new RecordingListener(), 16_384, 8192, 16);
            parser.parse(out.duplicate().flip());
            assertThat(lines).as("off by default").isEmpty();

            jul.setLevel(java.util.logging.Level.FINE); // System.Logger DEBUG
            writer.headers(out.clear(), 3, java.nio.ByteBuffer.wrap(new byte[12]), Frames.FLAG_END_STREAM);
            parser.parse(out.flip());
            assertThat(lines).containsExactly(
                    "FINE >> 0x00000003    12 HEADERS       END_HEADERS|END_STREAM",
                    "FINE << 0x00000003    12 HEADERS       END_HEADERS|END_STREAM");
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(before);
        }
    }

    /** Logs at or above {@code threshold}. */
    static final class CapturingLogger implements System.Logger {
        final List<String> lines = new ArrayList<>();
        final Level threshold;

        CapturingLogger(Level threshold) {
            this.threshold = threshold;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, String msg) {
            if (!isLoggable(level)) throw new AssertionError("logged while disabled: " + msg);
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            log(level, msgSupplier.get());
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            log(level, msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, format);
        }
    }
}
