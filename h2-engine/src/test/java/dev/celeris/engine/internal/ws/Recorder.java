package dev.celeris.engine.internal.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helper: records what a {@link WsMessageReader} delivers as readable strings. */
class Recorder implements WsMessageReader.Handler {

    final List<String> events = new ArrayList<>();

    @Override
    public void onMessage(boolean text, byte[] payload) {
        events.add(text ? "text:" + new String(payload, StandardCharsets.UTF_8)
                : "binary:" + (payload.length > 64 ? payload.length + " bytes" : HexFormat.of().formatHex(payload)));
    }

    @Override
    public void onPing(byte[] payload) {
        events.add("ping:" + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onPong(byte[] payload) {
        events.add("pong:" + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close:" + code + ":" + reason);
    }

    static WsFrameParser serverParser(Recorder r, long maxFrame, long maxMessage, PerMessageDeflate deflate) {
        return new WsFrameParser(new WsMessageReader(r, maxMessage, deflate), true, maxFrame).allowRsv1(deflate != null);
    }

    static WsFrameParser clientParser(Recorder r, PerMessageDeflate deflate) {
        return new WsFrameParser(new WsMessageReader(r, 1 << 24, deflate), false, 1 << 24).allowRsv1(deflate != null);
    }
}
