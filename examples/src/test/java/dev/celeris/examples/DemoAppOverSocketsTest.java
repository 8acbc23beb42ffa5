package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Server;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo routes over real sockets on every transport on the class path: OkHttp with HTTP/2
 * prior knowledge, and the JDK HttpClient over HTTP/1.1 and over h2c (HTTP/1.1 Upgrade).
 */
@Timeout(60)
class DemoAppOverSocketsTest {

    private static final Map<String, Server> SERVERS = new ConcurrentHashMap<>();
    private static final OkHttpClient H2 = new OkHttpClient.Builder()
            .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
            .readTimeout(20, TimeUnit.SECONDS).build();
    private static final HttpClient JDK_H1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final HttpClient JDK_H2C = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static List<String> transports() {
        // The memory transport (celeris-test) has no socket for these clients; DemoRoutesTest covers it.
        List<String> names = Transports.available().stream().map(TransportProvider::name).filter(n -> !n.equals("memory")).toList();
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the class path");
        return names;
    }

    private static String base(String transport) {
        Server server = SERVERS.computeIfAbsent(transport, t -> Celeris.server().host("127.0.0.1").port(0).transport(t)
                .shutdownGrace(Duration.ofSeconds(1)).start(DemoApp.router("secret")));
        return "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(Server::close);
        SERVERS.clear();
        H2.dispatcher().executorService().shutdown();
        H2.connectionPool().evictAll();
        JDK_H1.close();
        JDK_H2C.close();
    }

    private static Response h2(Request request) throws Exception {
        Response res = H2.newCall(request).execute();
        assertThat(res.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
        return res;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void okHttpPriorKnowledge(String transport) throws Exception {
        String base = base(transport);
        try (Response res = h2(new Request.Builder().url(base + "/").build())) {
            assertThat(res.code()).isEqualTo(200);
            assertThat(res.header("content-type")).startsWith("text/plain");
            assertThat(res.body().string()).isEqualTo("Hello, Celeris!");
        }
        try (Response res = h2(new Request.Builder().url(base + "/json").build())) {
            assertThat(res.body().string()).isEqualTo("{\"message\":\"Hello, World!\"}");
        }
        try (Response res = h2(new Request.Builder().url(base + "/users/42").build())) {
            assertThat(res.body().string()).isEqualTo("{\"user_id\":\"42\"}");
        }
        try (Response res = h2(new Request.Builder().url(base + "/users/7/posts/9").build())) {
            assertThat(res.body().string()).isEqualTo("{\"user_id\":\"7\",\"post_id\":\"9\"}");
        }
        RequestBody json = RequestBody.create("{\"hello\":[1,true,null]}", MediaType.get("application/json"));
        try (Response res = h2(new Request.Builder().url(base + "/echo").post(json).build())) {
            assertThat(res.body().string()).isEqualTo("{\"hello\":[1,true,null]}");
        }
        RequestBody bad = RequestBody.create("{nope", MediaType.get("application/json"));
        try (Response res = h2(new Request.Builder().url(base + "/echo").post(bad).header("accept", "application/json").build())) {
            assertThat(res.code()).isEqualTo(400);
            assertThat(res.body().string()).startsWith("{\"error\":\"Invalid JSON:");
        }
        try (Response res = h2(new Request.Builder().url(base + "/static/hello.txt").build())) {
            assertThat(res.body().string()).isEqualTo("Hello from a bundled static file.\n");
            assertThat(res.header("etag")).isNotNull();
        }
        try (Response res = h2(new Request.Builder().url(base + "/api/v1/posts").build())) {
            assertThat(res.code()).isEqualTo(401);
        }
        try (Response res = h2(new Request.Builder().url(base + "/api/v1/posts").header("authorization", "Bearer secret").build())) {
            assertThat(res.code()).isEqualTo(200);
            assertThat(res.body().string()).startsWith("[{\"id\":1,");
        }
        try (Response res = h2(new Request.Builder().url(base + "/nope").delete().build())) {
            assertThat(res.code()).isEqualTo(404);
        }
        try (Response res = h2(new Request.Builder().url(base + "/json").delete().build())) {
            assertThat(res.code()).isEqualTo(405);
            assertThat(res.header("allow")).isEqualTo("GET, HEAD, OPTIONS");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void largeDownloadIsStreamedUnderFlowControl(String transport) throws Exception {
        String base = base(transport);
        int n = 1_000_000;   // well past the 64 KiB initial stream window (RFC 9113 §6.9.2)
        try (Response res = h2(new Request.Builder().url(base + "/download?bytes=" + n).build())) {
            byte[] body = res.body().bytes();
            assertThat(body).hasSize(n);
            assertThat(body[16_384 * 5]).isEqualTo((byte) 'a');
        }
        HttpResponse<InputStream> h1 = JDK_H1.send(HttpRequest.newBuilder(URI.create(base + "/download?bytes=" + n)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = h1.body()) {
            assertThat(in.readAllBytes()).hasSize(n);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jdkHttpClientOverHttp1(String transport) throws Exception {
        String base = base(transport);
        HttpResponse<String> res = JDK_H1.send(HttpRequest.newBuilder(URI.create(base + "/users/42")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(res.body()).isEqualTo("{\"user_id\":\"42\"}");
        HttpResponse<String> post = JDK_H1.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/posts"))
                .header("authorization", "Bearer secret").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"From H1\",\"body\":\"b\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(post.body()).contains("\"title\":\"From H1\"");
        HttpResponse<Void> head = JDK_H1.send(HttpRequest.newBuilder(URI.create(base + "/json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue("27");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jdkHttpClientUpgradesToH2c(String transport) throws Exception {
        String base = base(transport);
        HttpResponse<String> res = JDK_H2C.send(HttpRequest.newBuilder(URI.create(base + "/json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(res.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
        HttpResponse<String> second = JDK_H2C.send(HttpRequest.newBuilder(URI.create(base + "/users/1/posts/2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(second.body()).isEqualTo("{\"user_id\":\"1\",\"post_id\":\"2\"}");
    }
}
