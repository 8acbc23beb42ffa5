package dev.celeris.engine.internal.h2.frame;

import dev.celeris.engine.internal.h2.H2Error;
import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records every frame event as one readable line, copying payloads (they are only valid during the call). */
class RecordingListener implements FrameListener {

    final List<String> events = new ArrayList<>();

    static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
        events.add("DATA " + streamId + " " + hex(data) + " flow=" + flowControlledLength + (endStream ? " END_STREAM" : ""));
    }

    @Override
    public void onHeaders(int streamId, ByteBuffer headerBlock, boolean endStream, Priority priority) throws H2Exception {
        events.add("HEADERS " + streamId + " " + hex(headerBlock) + (endStream ? " END_STREAM" : "")
                + (priority != null ? " " + priority : ""));
    }

    @Override
    public void onPriority(int streamId, Priority priority) throws H2Exception {
        events.add("PRIORITY " + streamId + " " + priority);
    }

    @Override
    public void onRstStream(int streamId, long errorCode) throws H2Exception {
        events.add("RST_STREAM " + streamId + " " + H2Error.name(errorCode));
    }

    @Override
    public void onSettings(boolean ack, Settings settings) throws H2Exception {
        events.add("SETTINGS" + (ack ? " ACK" : "") + " " + settings);
    }

    @Override
    public void onPing(boolean ack, long opaqueData) throws H2Exception {
        events.add("PING" + (ack ? " ACK" : "") + " " + Long.toHexString(opaqueData));
    }

    @Override
    public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) throws H2Exception {
        events.add("GOAWAY " + lastStreamId + " " + H2Error.name(errorCode) + " " + hex(debugData));
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) throws H2Exception {
        events.add("WINDOW_UPDATE " + streamId + " " + increment);
    }

    @Override
    public void onUnknownFrame(int type, int flags, int streamId, ByteBuffer payload) throws H2Exception {
        events.add("UNKNOWN type=" + type + " flags=" + flags + " " + streamId + " " + hex(payload));
    }
}
