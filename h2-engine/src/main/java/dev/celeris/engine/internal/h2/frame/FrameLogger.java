package dev.celeris.engine.internal.h2.frame;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Logs one line per frame through {@link System.Logger} {@value #LOGGER_NAME}, okhttp's format:
 *
 * <pre>
 * &lt;&lt; 0x00000003    12 HEADERS       END_HEADERS|END_STREAM
 * &gt;&gt; 0x00000000     0 SETTINGS      ACK
 * </pre>
 *
 * {@code <<} is a frame read from the peer, {@code >>} one written to it. DATA frames are logged
 * at {@code TRACE} (they are the bulk), every other frame at {@code DEBUG}. When the level is off
 * a call costs one {@code isLoggable} check and allocates nothing.
 */
public final class FrameLogger {

    public static final String LOGGER_NAME = "dev.celeris.engine.h2.frames";

    private static final FrameLogger DEFAULT = new FrameLogger(System.getLogger(LOGGER_NAME));

    private final Logger logger;

    public FrameLogger(Logger logger) {
        this.logger = logger;
    }

    /** The shared logger named {@value #LOGGER_NAME}. */
    public static FrameLogger get() {
        return DEFAULT;
    }

    /** Whether any frame would be logged (DEBUG is on); callers may check once per batch. */
    public boolean isEnabled() {
        return logger.isLoggable(Level.DEBUG);
    }

    /** A frame read from the peer. */
    public void inbound(int streamId, int length, int type, int flags) {
        log(true, streamId, length, type, flags);
    }

    /** A frame written to the peer. */
    public void outbound(int streamId, int length, int type, int flags) {
        log(false, streamId, length, type, flags);
    }

    private void log(boolean inbound, int streamId, int length, int type, int flags) {
        Level level = type == Frames.TYPE_DATA ? Level.TRACE : Level.DEBUG;
        if (logger.isLoggable(level)) {
            logger.log(level, Frames.format(inbound, streamId, length, type, flags));
        }
    }
}
