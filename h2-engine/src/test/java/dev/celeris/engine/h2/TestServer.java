package dev.celeris.engine.h2;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A real server on 127.0.0.1, port 0, for one transport; closed after the test. */
final class TestServer implements AutoCloseable {

    final Transport transport;

    private TestServer(Transport transport) {
        this.transport = transport;
    }

    static TestServer start(TransportProvider provider, EngineConfig config, HttpHandler handler) throws IOException {
        TransportConfig tc = TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2).build();
        return new TestServer(provider.bind(tc, HttpEngine.create(config, handler)));
    }

    static TestServer start(TransportProvider provider, HttpHandler handler) throws IOException {
        return start(provider, EngineConfig.builder().protocols(Protocols.BOTH).build(), handler);
    }

    int port() {
        return transport.localAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        transport.shutdown(Duration.ofSeconds(2)).toCompletableFuture().join();
    }

    /**
     * The handler real clients talk to: {@code /hello}, {@code /echo} (streams the body back),
     * {@code /count} (reads the body, answers its length), {@code /bytes?n=N} (N bytes, streamed).
     */
    static final HttpHandler APP = (req, res) -> {
        switch (req.path()) {
            case "/hello" -> res.header("content-type", "text/plain").send("hello");
            case "/echo" -> {
                try (InputStream in = req.body(); OutputStream out = res.body()) {
                    in.transferTo(out);
                }
            }
            case "/count" -> {
                long n = 0;
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = req.body()) {
                    for (int r; (r = in.read(buf)) >= 0; ) n += r;
                }
                res.send(Long.toString(n));
            }
            case "/bytes" -> {
                long n = Long.parseLong(req.rawQuery().substring(2));
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = res.body()) {
                    for (long left = n; left > 0; left -= chunk.length) out.write(chunk, 0, (int) Math.min(left, chunk.length));
                }
            }
            default -> res.status(404).send("not found");
        }
    };
}
