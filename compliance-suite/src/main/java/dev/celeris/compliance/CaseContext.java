package dev.celeris.compliance;

import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Expectations;
import dev.celeris.compliance.client.H2;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import dev.celeris.compliance.client.WsClient;
import dev.celeris.compliance.client.WsHandshake;
import dev.celeris.compliance.client.WsOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a case body works with: the target and the connections it opened (closed after the case). */
public final class CaseContext implements AutoCloseable {

    private final Target target;
    private final List<RawClient> clients = new ArrayList<>();
    private final List<WsClient> webSockets = new ArrayList<>();

    public CaseContext(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }

    /** A TCP (or, for a TLS target, TLS with ALPN h2) connection with nothing sent yet. */
    public RawClient open() throws IOException {
        RawClient c = RawClient.connect(target.host(), target.port(), target.timeout(), target.tls());
        clients.add(c);
        return c;
    }

    /** A connection past the preface and SETTINGS exchange (RFC 9113 §3.4), with our {@code settings}. */
    public RawClient connect(long... settings) throws IOException, CaseFailure {
        RawClient c = open();
        c.handshake(settings);
        return c;
    }

    /**
     * A WebSocket opening handshake to the target's WebSocket endpoint: over HTTP/1.1
     * ({@code Upgrade: websocket}, RFC 6455 §4) or, with {@code h2}, an extended CONNECT on a new
     * HTTP/2 connection (RFC 8441 §5). {@code fields} are name/value pairs added to or replacing
     * the handshake's fields (a null value removes one).
     */
    public WsHandshake wsHandshake(boolean h2, String... fields) throws IOException, CaseFailure {
        WsHandshake h = h2 ? WsOpener.http2(connect(WsOpener.http2Settings()), target.tls(), target.wsPath(), target.authority(), fields)
                : WsOpener.http1(target.host(), target.port(), target.tls(), target.timeout(), target.wsPath(), target.authority(), fields);
        if (h.client() != null) webSockets.add(h.client());
        return h;
    }

    /** An open WebSocket (see {@link #wsHandshake}); fails when the server refuses the handshake. */
    public WsClient ws(boolean h2, String... fields) throws IOException, CaseFailure {
        WsHandshake h = wsHandshake(h2, fields);
        if (!h.accepted()) throw new CaseFailure(h2 ? "200 to the extended CONNECT" : "101 Switching Protocols", "status " + h.status() + " " + h.headers());
        return h.client();
    }

    /** The request pseudo-fields for {@code method} on the target's path. */
    public HeaderBlock request(String method) {
        return HeaderBlock.request(method, target.path(), target.authority());
    }

    /** The field block of a plain GET to the target's path. */
    public byte[] get() {
        return request("GET").bytes();
    }

    /** The field block of a POST to the target's path with {@code content-length}. */
    public byte[] post(int contentLength) {
        return request("POST").literal("content-length", Integer.toString(contentLength)).bytes();
    }

    /** Fails with {@code expected}/{@code seen} unless {@code ok}. */
    public static void check(boolean ok, String expected, String seen) throws CaseFailure {
        if (!ok) throw new CaseFailure(expected, seen);
    }

    /** Expectations on {@code c}. */
    public static Expectations expect(RawClient c) {
        return c.expectations();
    }

    /** Bytes of {@code n} octets of 'x'. */
    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** The server's SETTINGS_MAX_FRAME_SIZE (default 16384). */
    public static int maxFrameSize(RawClient c) {
        return (int) c.serverSetting(H2.SETTINGS_MAX_FRAME_SIZE, H2.DEFAULT_MAX_FRAME_SIZE);
    }

    @Override
    public void close() {
        for (WsClient w : webSockets) w.close();
        webSockets.clear();
        for (RawClient c : clients) c.close();
        clients.clear();
    }
}
