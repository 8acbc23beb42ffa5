package dev.celeris.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every benchmark server answers every scenario of {@code benchmarks/run.sh} with the same
 * status and the same body bytes, over HTTP/1.1, {@code Upgrade: h2c} (JDK client) and h2c with
 * prior knowledge (OkHttp), so the load comparison compares like with like. The expected bytes
 * are {@link PeerRoutes}' answers; the router row must match them through the real demo app.
 */
@Timeout(60)
class PeersAnswerAlikeTest {

    /** run.sh's echo payload: compact JSON, which the router's /echo re-serialises unchanged. */
    private static final String ECHO = "{\"data\":\"" + "x".repeat(1000) + "\"}";

    private record Scenario(String name, String method, String target, String body) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("hello", "GET", "/", null),
            new Scenario("json", "GET", "/json", null),
            new Scenario("params", "GET", "/users/123/posts/456", null),
            new Scenario("echo", "POST", "/echo", ECHO),
            new Scenario("download", "GET", "/download?bytes=1048576", null));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netty-native", "jetty-native", "undertow-native", "helidon-native", "celeris-nio", "celeris-router-nio", "celeris-router-inline-nio"})
    void everyScenarioAnswersThePeerRoutesBytes(String server) throws Exception {
        try (Peer peer = Peers.start(server, "127.0.0.1", 0, 1);
             HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             HttpClient upgrade = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            assertThat(peer.name()).isEqualTo(server);
            OkHttpClient priorKnowledge = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
                    .callTimeout(Duration.ofSeconds(20)).build();
            try {
                for (Scenario s : SCENARIOS) {
                    String[] target = PeerRoutes.splitTarget(s.target());
                    PeerRoutes.Reply expected = PeerRoutes.respond(s.method(), target[0], target[1],
                            s.body() == null ? new byte[0] : s.body().getBytes(StandardCharsets.UTF_8));
                    byte[] expectedBody = java.util.Arrays.copyOf(expected.body(), expected.length());
                    assertThat(expected.status()).isEqualTo(200);
                    URI uri = URI.create("http://127.0.0.1:" + peer.port() + s.target());

                    HttpResponse<byte[]> r1 = h1.send(jdkRequest(s, uri), HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(r1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                    check(server, s, "HTTP/1.1", r1.statusCode(), mediaType(r1.headers().firstValue("content-type").orElse("")),
                            r1.body(), expected, expectedBody);

                    HttpResponse<byte[]> r2 = upgrade.send(jdkRequest(s, uri), HttpResponse.BodyHandlers.ofByteArray());
                    if (s.body() == null) {
                        // The JDK client upgrades on its first bodiless request and reuses the h2 connection.
                        assertThat(r2.version()).as(server + " " + s.name() + " h2c upgrade").isEqualTo(HttpClient.Version.HTTP_2);
                    }
                    check(server, s, "h2c upgrade", r2.statusCode(), mediaType(r2.headers().firstValue("content-type").orElse("")),
                            r2.body(), expected, expectedBody);

                    try (Response r3 = priorKnowledge.newCall(okRequest(s, uri)).execute()) {
                        assertThat(r3.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
                        check(server, s, "h2c prior knowledge", r3.code(), mediaType(r3.header("content-type", "")),
                                r3.body().bytes(), expected, expectedBody);
                    }
                }
            } finally {
                priorKnowledge.dispatcher().executorService().shutdown();
                priorKnowledge.connectionPool().evictAll();
                priorKnowledge.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void check(String server, Scenario s, String protocol, int status, String mediaType, byte[] body,
                              PeerRoutes.Reply expected, byte[] expectedBody) {
        String as = server + " " + s.name() + " over " + protocol;
        assertThat(status).as(as + " status").isEqualTo(expected.status());
        assertThat(mediaType).as(as + " content type").isEqualTo(mediaType(expected.contentType()));
        assertThat(body.length).as(as + " body length").isEqualTo(expectedBody.length);
        assertThat(body).as(as + " body").isEqualTo(expectedBody);
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    private static HttpRequest jdkRequest(Scenario s, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (s.body() == null) return b.GET().build();
        return b.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(s.body())).build();
    }

    private static Request okRequest(Scenario s, URI uri) {
        Request.Builder b = new Request.Builder().url(uri.toString());
        if (s.body() != null) b.post(RequestBody.create(s.body(), MediaType.get("application/json")));
        return b.build();
    }
}
