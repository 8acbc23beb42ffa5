package dev.celeris.test;

import dev.celeris.router.Server;
import dev.celeris.test.memory.MemorySockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * A fluent HTTP client for tests, speaking HTTP/2 (prior knowledge, the default) or HTTP/1.1 to
 * a server on any transport, the in-memory one included:
 *
 * <pre>{@code
 * client.get("/users/1").expectStatus(200).expectJson("{\"user_id\":\"1\"}");
 * client.post("/echo").json(Map.of("a", 1)).expectStatus(200).expectJson("/a", 1);
 * client.http1().get("/").expectStatus(200).expectProtocol("HTTP/1.1");
 * }</pre>
 *
 * Requests go through OkHttp, a client nobody here wrote; on the {@code memory} transport its
 * sockets are in-memory pipes. Connections are kept alive and reused across requests.
 */
public final class TestClient implements AutoCloseable {

    private final String base;
    private final OkHttpClient http;
    private final boolean memory;
    private final boolean http2;
    private TestClient other;

    private TestClient(String base, OkHttpClient http, boolean memory, boolean http2) {
        this.base = base;
        this.http = http;
        this.memory = memory;
        this.http2 = http2;
    }

    /** An HTTP/2 client for {@code server} (through memory pipes when it runs on the {@code memory} transport). */
    public static TestClient of(Server server) {
        boolean memory = "memory".equals(server.transportName());
        return new TestClient("http://127.0.0.1:" + server.port(), build(memory, Protocol.H2_PRIOR_KNOWLEDGE), memory, true);
    }

    private static OkHttpClient build(boolean memory, Protocol protocol) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .protocols(protocol == Protocol.HTTP_1_1 ? List.of(Protocol.HTTP_1_1) : List.of(protocol))
                .connectionPool(new ConnectionPool(4, 1, java.util.concurrent.TimeUnit.MINUTES))
                .callTimeout(Duration.ofSeconds(60))
                .readTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(false)
                .followRedirects(false);
        if (memory) b.socketFactory(new MemorySocketFactory());
        return b.build();
    }

    /** The same server over HTTP/1.1 (its own connections, closed with this client). */
    public synchronized TestClient http1() {
        if (!http2) return this;
        if (other == null) other = new TestClient(base, build(memory, Protocol.HTTP_1_1), memory, false);
        return other;
    }

    /** The same server over HTTP/2 with prior knowledge (its own connections, closed with this client). */
    public synchronized TestClient http2() {
        if (http2) return this;
        if (other == null) other = new TestClient(base, build(memory, Protocol.H2_PRIOR_KNOWLEDGE), memory, true);
        return other;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return base;
    }

    public TestRequest get(String path) {
        return request("GET", path);
    }

    public TestRequest head(String path) {
        return request("HEAD", path);
    }

    public TestRequest post(String path) {
        return request("POST", path);
    }

    public TestRequest put(String path) {
        return request("PUT", path);
    }

    public TestRequest patch(String path) {
        return request("PATCH", path);
    }

    public TestRequest delete(String path) {
        return request("DELETE", path);
    }

    public TestRequest options(String path) {
        return request("OPTIONS", path);
    }

    /** A request with any method; {@code path} starts with {@code /} and may carry a query. */
    public TestRequest request(String method, String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
        return new TestRequest(http, method, base + path);
    }

    /** Closes the client's connections. */
    @Override
    public synchronized void close() {
        if (other != null) other.close();
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }

    /** OkHttp's sockets as in-memory pipes: it connects them to the memory transport's virtual port. */
    private static final class MemorySocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            return MemorySockets.create();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return MemorySockets.connect(port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return MemorySockets.connect(port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return MemorySockets.connect(port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return MemorySockets.connect(port);
        }
    }
}
