package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Http2Config;
import dev.celeris.engine.internal.h2.frame.Frames;
import dev.celeris.engine.internal.h2.frame.Settings;

/**
 * Both sides' SETTINGS (RFC 9113 §6.5): the frame we send, derived from {@link Http2Config},
 * and the peer's values as they arrive. I/O thread only.
 */
final class PeerSettings {

    /** The peer's SETTINGS_INITIAL_WINDOW_SIZE: the send window of new streams. */
    long initialWindowSize = Frames.DEFAULT_WINDOW_SIZE;
    /** The peer's SETTINGS_MAX_FRAME_SIZE: our largest outbound frame payload. */
    int maxFrameSize = Frames.DEFAULT_MAX_FRAME_SIZE;
    /** The peer's SETTINGS_MAX_HEADER_LIST_SIZE; advisory for responses (CVE-2026-50560: a tiny value must not make every response fail). */
    long maxHeaderListSize = Long.MAX_VALUE;

    /** Our SETTINGS frame: ENABLE_PUSH=0, ENABLE_CONNECT_PROTOCOL=1 and every limit of {@code config}. */
    static Settings local(Http2Config config) {
        return new Settings()
                .add(Settings.HEADER_TABLE_SIZE, config.headerTableSize())
                .add(Settings.ENABLE_PUSH, 0)
                // SPEC: RFC 8441 §3 extended CONNECT (WebSocket over HTTP/2) is accepted
                .add(Settings.ENABLE_CONNECT_PROTOCOL, 1)
                .add(Settings.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams())
                .add(Settings.INITIAL_WINDOW_SIZE, config.initialStreamWindowSize())
                .add(Settings.MAX_FRAME_SIZE, config.maxFrameSize())
                .add(Settings.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize());
    }

    /** Receives each applied change. */
    interface Changes {
        void initialWindowDelta(long delta) throws H2Exception;

        void headerTableSize(long size);

        void maxFrameSize(int size);
    }

    /**
     * Validates and applies the peer's SETTINGS in order (§6.5.2, §6.5.3). Unknown identifiers
     * are ignored.
     */
    void apply(Settings settings, Changes changes) throws H2Exception {
        for (int i = 0; i < settings.size(); i++) {
            long value = settings.value(i);
            switch (settings.id(i)) {
                case Settings.HEADER_TABLE_SIZE -> changes.headerTableSize(value);
                case Settings.ENABLE_PUSH -> {
                    // SPEC: RFC 9113 §6.5.2 ENABLE_PUSH other than 0 or 1 is a PROTOCOL_ERROR
                    if (value != 0 && value != 1) {
                        throw H2Exception.connectionError(H2Error.PROTOCOL_ERROR, "ENABLE_PUSH %d", value);
                    }
                }
                case Settings.INITIAL_WINDOW_SIZE -> {
                    // SPEC: RFC 9113 §6.5.2 above 2^31-1 is a FLOW_CONTROL_ERROR
                    if (value > Frames.MAX_WINDOW_SIZE) {
                        throw H2Exception.connectionError(H2Error.FLOW_CONTROL_ERROR, "INITIAL_WINDOW_SIZE %d", value);
                    }
                    long delta = value - initialWindowSize;
                    initialWindowSize = value;
                    // SPEC: RFC 9113 §6.9.2 the change applies to every open stream's window
                    if (delta != 0) changes.initialWindowDelta(delta);
                }
                case Settings.MAX_FRAME_SIZE -> {
                    // SPEC: RFC 9113 §6.5.2 outside 2^14..2^24-1 is a PROTOCOL_ERROR
                    if (value < Frames.DEFAULT_MAX_FRAME_SIZE || value > Frames.MAX_FRAME_SIZE_UPPER_BOUND) {
                        throw H2Exception.connectionError(H2Error.PROTOCOL_ERROR, "MAX_FRAME_SIZE %d", value);
                    }
                    maxFrameSize = (int) value;
                    changes.maxFrameSize(maxFrameSize);
                }
                case Settings.MAX_HEADER_LIST_SIZE -> maxHeaderListSize = value;
                default -> {
                    // SPEC: RFC 9113 §6.5.2 unknown settings are ignored; MAX_CONCURRENT_STREAMS limits pushes we never make
                }
            }
        }
    }

    /** Parses an {@code HTTP2-Settings} payload (h2c upgrade, RFC 7540 §3.2.1). */
    static Settings parsePayload(byte[] payload) throws H2Exception {
        if (payload.length % Frames.SETTING_ENTRY_LENGTH != 0) {
            throw H2Exception.connectionError(H2Error.PROTOCOL_ERROR, "HTTP2-Settings length %d", payload.length);
        }
        Settings settings = new Settings();
        for (int i = 0; i < payload.length; i += Frames.SETTING_ENTRY_LENGTH) {
            int id = (payload[i] & 0xff) << 8 | (payload[i + 1] & 0xff);
            long value = ((payload[i + 2] & 0xffL) << 24) | ((payload[i + 3] & 0xff) << 16)
                    | ((payload[i + 4] & 0xff) << 8) | (payload[i + 5] & 0xff);
            settings.add(id, value);
        }
        return settings;
    }
}
