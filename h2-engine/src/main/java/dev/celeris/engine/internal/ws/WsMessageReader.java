package dev.celeris.engine.internal.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns parsed frames into whole messages: joins fragments, inflates permessage-deflate
 * messages, validates text as UTF-8 incrementally (across fragments, failing fast with 1007),
 * bounds each message by the max message size (1009), and decodes close frames (code, UTF-8
 * reason; a 1-byte payload or an invalid code is 1002).
 */
public final class WsMessageReader implements WsFrameParser.Listener {

    /** Receives messages and control frames. */
    public interface Handler {
        void onMessage(boolean text, byte[] payload) throws WsException;

        void onPing(byte[] payload) throws WsException;

        void onPong(byte[] payload) throws WsException;

        /** The peer's close frame; {@code code} is 1005 when it carried none. */
        void onClose(int code, String reason) throws WsException;
    }

    private final Handler handler;
    private final MessageBuffer message;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final PerMessageDeflate deflate;
    private boolean text;
    private boolean compressed;

    /** @param deflate the negotiated permessage-deflate, or null */
    public WsMessageReader(Handler handler, long maxMessageSize, PerMessageDeflate deflate) {
        this.handler = handler;
        this.message = new MessageBuffer(maxMessageSize);
        this.deflate = deflate;
    }

    @Override
    public void onDataFrameStart(int opcode, boolean fin, boolean rsv1, long length) throws WsException {
        if (opcode != WsFrames.OP_CONTINUATION) {
            text = opcode == WsFrames.OP_TEXT;
            compressed = rsv1;
            utf8.reset();
        }
    }

    @Override
    public void onDataPayload(ByteBuffer data) throws WsException {
        if (compressed) {
            int before = message.size();
            deflate.inflate(data, message);
            validate(before);
        } else {
            if (text && !utf8.feed(data)) throw invalidText();
            message.append(data);
        }
    }

    @Override
    public void onDataFrameEnd(boolean fin) throws WsException {
        if (!fin) return;
        if (compressed) {
            int before = message.size();
            deflate.finishMessage(message);
            validate(before);
        }
        if (text && !utf8.isComplete()) throw invalidText();
        handler.onMessage(text, message.take());
    }

    private void validate(int from) throws WsException {
        if (text && !utf8.feed(message.view(from))) throw invalidText();
    }

    private static WsException invalidText() {
        return new WsException(WsFrames.CLOSE_INVALID_PAYLOAD, "text message is not valid UTF-8");
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) throws WsException {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        switch (opcode) {
            case WsFrames.OP_PING -> handler.onPing(bytes);
            case WsFrames.OP_PONG -> handler.onPong(bytes);
            default -> onCloseFrame(bytes);
        }
    }

    private void onCloseFrame(byte[] bytes) throws WsException {
        if (bytes.length == 0) {
            handler.onClose(WsFrames.CLOSE_NO_STATUS, "");
            return;
        }
        if (bytes.length == 1) throw WsException.protocol("close frame with a 1-byte payload");
        int code = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        if (!WsFrames.isValidCloseCode(code)) throw WsException.protocol("invalid close code " + code);
        Utf8Validator v = new Utf8Validator();
        if (!v.feed(bytes, 2, bytes.length - 2) || !v.isComplete()) {
            throw new WsException(WsFrames.CLOSE_INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        handler.onClose(code, new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_8));
    }
}
