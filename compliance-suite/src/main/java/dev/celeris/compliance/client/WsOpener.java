package dev.celeris.compliance.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The WebSocket opening handshakes with their default fields, which a case may replace or remove. */
public final class WsOpener {

    private WsOpener() {
    }

    /** RFC 6455 §4.1: {@code GET} with Upgrade, Connection, a fresh Sec-WebSocket-Key and version 13. */
    public static WsHandshake http1(String host, int port, boolean tls, Duration timeout, String path, String authority, String... fields)
            throws IOException, CaseFailure {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("host", authority);
        all.put("upgrade", "websocket");
        all.put("connection", "Upgrade");
        all.put("sec-websocket-key", newKey());
        all.put("sec-websocket-version", "13");
        put(all, fields);
        return WsOverHttp1.open(host, port, tls, timeout, path, all);
    }

    /** The SETTINGS an HTTP/2 WebSocket connection starts with (see {@link #http2}). */
    public static long[] http2Settings() {
        return WsOverHttp2.settings();
    }

    /** RFC 8441 §5: extended CONNECT with {@code :protocol websocket} and version 13 on a connection past SETTINGS. */
    public static WsHandshake http2(RawClient client, boolean tls, String path, String authority, String... fields) throws CaseFailure {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("sec-websocket-version", "13");
        put(all, fields);
        return WsOverHttp2.open(client, tls ? "https" : "http", path, authority, all);
    }

    /** RFC 8441 §3: the setting a server sends to allow extended CONNECT. */
    public static int settingsEnableConnectProtocol() {
        return WsOverHttp2.SETTINGS_ENABLE_CONNECT_PROTOCOL;
    }

    /** A random 16-byte nonce, base64 (RFC 6455 §4.1). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    private static void put(Map<String, String> all, String[] fields) {
        if (fields.length % 2 != 0) throw new IllegalArgumentException("fields come in name/value pairs");
        for (int i = 0; i < fields.length; i += 2) all.put(fields[i].toLowerCase(Locale.ROOT), fields[i + 1]);
    }
}
