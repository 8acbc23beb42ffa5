package dev.celeris.compliance;

import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Expectations;
import dev.celeris.compliance.client.H2;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a case body works with: the target and the connections it opened (closed after the case). */
public final class CaseContext implements AutoCloseable {

    private final Target target;
    private final List<RawClient> clients = new ArrayList<>();

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
        for (RawClient c : clients) c.close();
        clients.clear();
    }
}
