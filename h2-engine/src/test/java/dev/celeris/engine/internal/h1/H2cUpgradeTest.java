package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Protocols;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.engine.internal.h1.ProtocolDetectorTest.RecordingHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP/1.1 half of the h2c upgrade (RFC 7540 §3.2): when the connection switches, what it
 * writes, and what it hands to the HTTP/2 side (here a recording stand-in).
 */
@Timeout(30)
class H2cUpgradeTest {

    private static final String UPGRADE_HEADERS = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n";
    private static final String PREFACE = ProtocolDetectorTest.PREFACE;

    private FakeConnection conn;
    private final RecordingHandler h2 = new RecordingHandler();
    private final AtomicReference<UpgradeRequest> upgrade = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private void open(Protocols protocols) {
        EngineConfig config = EngineConfig.builder().protocols(protocols).build();
        conn = new FakeConnection().open(new Http1Connection(config, (req, res) -> res.send("h1 " + req.path()), request -> {
            upgrade.set(request);
            return h2;
        }));
    }

    @Test
    void upgradeWithoutBodySwitchesAndForwardsTheHttp2Bytes() {
        open(Protocols.BOTH);
        conn.sendByteByByte("GET /up?q=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n" + UPGRADE_HEADERS + "\r\n" + PREFACE);
        conn.runOnLoop(() -> { });
        assertThat(conn.output()).isEqualTo("HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: h2c\r\n\r\n");
        assertThat(h2.opened).isSameAs(conn);
        assertThat(h2.text()).isEqualTo(PREFACE);
        UpgradeRequest r = upgrade.get();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/up");
        assertThat(r.rawQuery()).isEqualTo("q=1");
        assertThat(r.authority()).isEqualTo("example");
        assertThat(r.body()).isEmpty();
        assertThat(r.http2Settings()).hasSize(18);
        assertThat(r.headers().get("accept")).isEqualTo("*/*");
        // SPEC: RFC 9113 §8.2.2 connection-specific fields are not carried into HTTP/2
        assertThat(r.headers().contains("connection")).isFalse();
        assertThat(r.headers().contains("upgrade")).isFalse();
        assertThat(r.headers().contains("http2-settings")).isFalse();
        conn.send("more");
        conn.runOnLoop(() -> { });
        assertThat(h2.text()).isEqualTo(PREFACE + "more");
        conn.peerClose();
        assertThat(h2.closed).isTrue();
    }

    @Test
    void upgradeWithABodyReadsTheBodyFirst() {
        open(Protocols.BOTH);
        conn.send("POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n" + UPGRADE_HEADERS + "\r\nhello");
        conn.runOnLoop(() -> { });
        assertThat(conn.output()).isEmpty();
        conn.send(" world" + PREFACE);
        conn.runOnLoop(() -> { });
        assertThat(conn.output()).startsWith("HTTP/1.1 101 ");
        assertThat(new String(upgrade.get().body(), StandardCharsets.ISO_8859_1)).isEqualTo("hello world");
        assertThat(h2.text()).isEqualTo(PREFACE);
    }

    @Test
    void upgradeWaitsForEarlierPipelinedResponses() {
        open(Protocols.BOTH);
        conn.send("GET /first HTTP/1.1\r\nHost: h\r\n\r\nGET /up HTTP/1.1\r\nHost: h\r\n" + UPGRADE_HEADERS + "\r\n" + PREFACE);
        conn.awaitOutput(o -> o.contains("101 Switching"));
        String out = conn.output();
        assertThat(out.indexOf("h1 /first")).isLessThan(out.indexOf("101 Switching"));
        assertThat(h2.text()).isEqualTo(PREFACE);
    }

    @Test
    void http1OnlyIgnoresTheUpgrade() {
        open(Protocols.HTTP1_ONLY);
        conn.send("GET /up HTTP/1.1\r\nHost: h\r\n" + UPGRADE_HEADERS + "\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("h1 /up"))).startsWith("HTTP/1.1 200");
        assertThat(upgrade.get()).isNull();
    }

    @Test
    void malformedSettingsAreServedAsHttp11() {
        open(Protocols.BOTH);
        conn.send("GET /up HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: %%%\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("h1 /up"))).startsWith("HTTP/1.1 200");
        assertThat(upgrade.get()).isNull();
    }

    @Test
    void chunkedUpgradeRequestIsServedAsHttp11() {
        open(Protocols.BOTH);
        conn.send("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n" + UPGRADE_HEADERS + "\r\n0\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("h1 /up"))).startsWith("HTTP/1.1 200");
        assertThat(upgrade.get()).isNull();
    }
}
