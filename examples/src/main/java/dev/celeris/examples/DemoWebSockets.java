package dev.celeris.examples;

import dev.celeris.engine.ws.WebSocketConfig;
import dev.celeris.engine.ws.WebSocketMessage;
import dev.celeris.router.Router;
import dev.celeris.router.WsGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's WebSocket routes: {@code /ws/echo} (echoes every message, up to 32 MiB), the chat
 * page {@code /chat} and its rooms {@code /ws/chat/:room} (every text is broadcast to the room).
 */
final class DemoWebSockets {

    /** Echo limits: large enough for 16 MiB interop messages. */
    static final WebSocketConfig ECHO = WebSocketConfig.builder()
            .maxFrameSize(32 << 20).maxMessageSize(32 << 20).maxOutboundBytes(32 << 20).build();

    private DemoWebSockets() {
    }

    static void install(Router router) {
        router.ws("/ws/echo", ws -> ws.config(ECHO).subprotocols("echo").handler(s -> {
            for (WebSocketMessage m; (m = s.receive()) != null; ) {
                if (m.text()) s.send(m.asText());
                else s.send(m.payload());
            }
        }));
        String page = resource("chat.html");
        router.get("/chat", ctx -> ctx.html(page));
        Map<String, WsGroup> rooms = new ConcurrentHashMap<>();
        router.ws("/ws/chat/:room", ws -> ws
                .onOpen(s -> {
                    WsGroup room = rooms.computeIfAbsent(s.param("room"), r -> new WsGroup());
                    room.add(s);
                    room.broadcast(name(s.query("name")) + " joined (" + s.httpProtocol() + ")");
                })
                .onText((s, text) -> rooms.get(s.param("room")).broadcast(name(s.query("name")) + ": " + text))
                .onClose((s, code, reason) -> {
                    WsGroup room = rooms.get(s.param("room"));
                    room.remove(s);
                    room.broadcast(name(s.query("name")) + " left");
                }));
    }

    private static String name(String n) {
        return n == null || n.isBlank() ? "anonymous" : n.length() > 32 ? n.substring(0, 32) : n;
    }

    private static String resource(String name) {
        try (InputStream in = DemoWebSockets.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
