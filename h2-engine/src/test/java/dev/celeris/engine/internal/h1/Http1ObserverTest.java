package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.Http1Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.internal.ObservedConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP/1.1 reports its protocol, exchanges and limit refusals (by option name) to the observer. */
@Timeout(30)
class Http1ObserverTest {

    private FakeConnection conn;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final EngineObserver recorder = new EngineObserver() {
        @Override public void protocolSelected(ConnectionInfo c, String previous) { events.add("protocol " + c.protocol()); }
        @Override public void exchangeCompleted(HttpRequest r, int status, long bytes, long nanos, Throwable failure) {
            events.add("done " + r.method() + " " + status + " " + bytes);
        }
        @Override public void limitTripped(ConnectionInfo c, String limit) { events.add("limit " + limit); }
        @Override public void connectionClosed(ConnectionInfo c, long nanos) { events.add("closed " + c.bytesOut()); }
    };

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private void open(Http1Config.Builder http1, long maxBody, HttpHandler handler) {
        EngineConfig config = EngineConfig.builder().http1(http1.build()).maxRequestBodySize(maxBody).observer(recorder).build();
        conn = new FakeConnection().open(new ObservedConnection(new Http1Connection(config, handler, null), recorder));
    }

    private void await(String event) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!events.contains(event)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError(event + " not in " + events);
            Thread.onSpinWait();
        }
    }

    @Test
    void exchangesAreReportedWithStatusAndBodyBytes() {
        open(Http1Config.builder(), -1, (req, res) -> res.send("hello"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\nHEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
        // Pipelined handlers run on their own threads: their completions may come in either order.
        await("done GET 200 5");
        await("done HEAD 200 0");
        assertThat(events).startsWith("protocol HTTP/1.1");
    }

    @Test
    void headerBytesLimit() {
        open(Http1Config.builder().maxHeaderBytes(64), -1, (req, res) -> res.send("x"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + "v".repeat(80) + "\r\n\r\n");
        conn.awaitClosed();
        await("limit maxHeaderBytes");
    }

    @Test
    void requestLineLimit() {
        open(Http1Config.builder().maxRequestLineLength(64), -1, (req, res) -> res.send("x"));
        conn.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\n");
        conn.awaitClosed();
        await("limit maxRequestLineLength");
    }

    @Test
    void declaredBodyAboveTheLimit() {
        open(Http1Config.builder(), 10, (req, res) -> res.send("x"));
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n");
        conn.awaitClosed();
        await("limit maxRequestBodySize");
    }
}
