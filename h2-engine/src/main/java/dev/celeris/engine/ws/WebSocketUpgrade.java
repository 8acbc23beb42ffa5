package dev.celeris.engine.ws;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.HttpResponse;
import dev.celeris.engine.internal.tunnel.Tunnel;
import dev.celeris.engine.internal.tunnel.TunnelCapable;
import dev.celeris.engine.internal.ws.DeflateParams;
import dev.celeris.engine.internal.ws.WsSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The server side of the WebSocket opening handshake, over HTTP/1.1 (RFC 6455 §4.2: {@code GET}
 * with {@code Upgrade: websocket}, answered {@code 101} with {@code Sec-WebSocket-Accept}) and
 * over HTTP/2 (RFC 8441: an extended {@code CONNECT} with {@code :protocol websocket}, answered
 * {@code 200}; the stream then carries the frames under HTTP/2 flow control).
 *
 * <pre>{@code
 * HttpHandler h = (req, res) -> {
 *     if (!WebSocketUpgrade.isUpgrade(req)) { res.status(426).send("WebSocket only"); return; }
 *     WebSocket ws = WebSocketUpgrade.accept(req, res, WebSocketConfig.defaults(), null);
 *     for (WebSocketMessage m; (m = ws.receive()) != null; ) ws.send(m.asText());
 * };
 * }</pre>
 */
public final class WebSocketUpgrade {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketUpgrade() {
    }

    /** Whether {@code request} asks to open a WebSocket (it may still be malformed: see {@link #problem}). */
    public static boolean isUpgrade(HttpRequest request) {
        if ("HTTP/2.0".equals(request.protocol())) {
            return "CONNECT".equals(request.method()) && "websocket".equalsIgnoreCase(request.connectProtocol());
        }
        String upgrade = request.headers().get("upgrade");
        return upgrade != null && hasToken(upgrade, "websocket");
    }

    /**
     * What is wrong with a WebSocket request, as an HTTP status and message, or null when it can
     * be accepted: 400 for a malformed handshake, 426 (with {@code Sec-WebSocket-Version: 13})
     * for another version.
     */
    public static Problem problem(HttpRequest request) {
        boolean h2 = "HTTP/2.0".equals(request.protocol());
        if (!isUpgrade(request)) return new Problem(426, "WebSocket upgrade required");
        if (!h2) {
            if (!"GET".equals(request.method())) return new Problem(400, "WebSocket handshake must be a GET");
            if (!"HTTP/1.1".equals(request.protocol())) return new Problem(400, "WebSocket needs HTTP/1.1");
            String connection = request.headers().get("connection");
            if (connection == null || !hasToken(connection, "upgrade")) {
                return new Problem(400, "Connection header must contain Upgrade");
            }
            String key = request.headers().get("sec-websocket-key");
            if (key == null || !validKey(key.trim())) return new Problem(400, "missing or malformed Sec-WebSocket-Key");
        }
        String version = request.headers().get("sec-websocket-version");
        if (version == null || !version.trim().equals("13")) return new Problem(426, "Sec-WebSocket-Version must be 13");
        return null;
    }

    /** An HTTP answer to a WebSocket request that cannot be accepted. */
    public record Problem(int status, String message) {
        /**
         * Sends the answer; a 426 names what to upgrade to: {@code Upgrade: websocket} (RFC 9110
         * §15.5.22; HTTP/2 leaves that connection-specific field out) and
         * {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.4).
         */
        public void send(HttpResponse response) {
            response.status(status);
            if (status == 426) response.header("upgrade", "websocket").header("sec-websocket-version", "13");
            response.header("content-type", "text/plain; charset=utf-8");
            response.send(message);
        }
    }

    /** The subprotocols the client offered in {@code Sec-WebSocket-Protocol}, in its order of preference. */
    public static List<String> offeredSubprotocols(HttpRequest request) {
        List<String> out = new ArrayList<>();
        for (String value : request.headers().getAll("sec-websocket-protocol")) {
            for (String p : value.split(",")) {
                String t = p.trim();
                if (!t.isEmpty()) out.add(t);
            }
        }
        return out;
    }

    /**
     * Accepts the handshake and returns the open session. The response must not be committed;
     * call {@link #problem} first (this throws {@link IllegalArgumentException} with the problem
     * otherwise). On HTTP/1.1 the connection belongs to the session from now on.
     *
     * @param subprotocol one of {@link #offeredSubprotocols}, or null for none
     */
    public static WebSocket accept(HttpRequest request, HttpResponse response, WebSocketConfig config,
            String subprotocol) throws IOException {
        Problem p = problem(request);
        if (p != null) throw new IllegalArgumentException(p.message());
        if (!(response instanceof TunnelCapable tunnelCapable)) {
            throw new IllegalStateException("this response cannot switch protocols: " + response.getClass().getName());
        }
        if (subprotocol != null && !offeredSubprotocols(request).contains(subprotocol)) {
            throw new IllegalArgumentException("subprotocol '" + subprotocol + "' was not offered");
        }
        boolean h2 = "HTTP/2.0".equals(request.protocol());
        Headers headers = new Headers(4);
        if (!h2) headers.add("sec-websocket-accept", acceptKey(request.headers().get("sec-websocket-key").trim()));
        if (subprotocol != null) headers.add("sec-websocket-protocol", subprotocol);
        DeflateParams deflate = null;
        if (config.compression()) {
            deflate = DeflateParams.negotiate(request.headers().getAll("sec-websocket-extensions"),
                    config.serverNoContextTakeover(), config.clientNoContextTakeover(), config.clientMaxWindowBits());
            if (deflate != null) headers.add("sec-websocket-extensions", deflate.responseHeader());
        }
        Tunnel tunnel = tunnelCapable.openTunnel("websocket", headers);
        return new WsSession(tunnel, config, deflate, subprotocol, request.protocol(), request.remoteAddress());
    }

    /** {@code Sec-WebSocket-Accept} for a key (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)). */
    public static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    private static boolean validKey(String key) {
        // SPEC: RFC 6455 §4.1 the key is a base64-encoded 16-byte value.
        if (key.length() != 24) return false;
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasToken(String value, String token) {
        for (String part : value.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) return true;
        }
        return false;
    }
}
