package dev.celeris.examples;

import static dev.celeris.router.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.FakeRequest;
import dev.celeris.router.FakeResponse;
import dev.celeris.router.Route;
import dev.celeris.router.Router;
import org.junit.jupiter.api.Test;

/** The demo routes, in memory (the socket-level tests are in DemoAppIT-style integration tests). */
class DemoAppTest {

    private final Router router = DemoApp.router("tok");

    @Test
    void routesAreTheOnesTheReadmePromises() {
        assertThat(router.routes()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET /", "GET /json", "GET /whoami", "GET /users/:id", "GET /users/:userId/posts/:postId", "POST /echo",
                "GET /download", "GET /static/*path", "GET /health", "GET /ws/echo", "CONNECT /ws/echo", "GET /chat",
                "GET /ws/chat/:room", "CONNECT /ws/chat/:room", "GET /api/v1/posts", "POST /api/v1/posts");
        assertThat(router.routes()).allMatch(r -> r.handlers().size() >= 3, "Recovery and RequestId on every route");
        assertThat(router.routes().stream().filter(r -> r.path().startsWith("/api")).map(Route::handlers))
                .allMatch(h -> h.size() == 4, "bearer auth on the api group");
    }

    @Test
    void helloJsonAndUsers() throws Exception {
        FakeResponse hello = call(router, "GET", "/");
        assertThat(hello.bodyText()).isEqualTo("Hello, Celeris!");
        assertThat(hello.header("content-type")).startsWith("text/plain");
        assertThat(call(router, "GET", "/json").bodyText()).isEqualTo("{\"message\":\"Hello, World!\"}");
        assertThat(call(router, "GET", "/users/42").bodyText()).isEqualTo("{\"user_id\":\"42\"}");
        assertThat(call(router, "GET", "/users/7/posts/99").bodyText()).isEqualTo("{\"user_id\":\"7\",\"post_id\":\"99\"}");
        assertThat(call(router, "GET", "/health").bodyText()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(call(router, "GET", "/").header("x-request-id")).hasSize(32);
    }

    @Test
    void echoBindsJson() throws Exception {
        FakeResponse ok = call(router, FakeRequest.of("POST", "/echo").body("{\"a\":[1,2,{\"b\":null}]}"));
        assertThat(ok.bodyText()).isEqualTo("{\"a\":[1,2,{\"b\":null}]}");
        FakeResponse bad = call(router, FakeRequest.of("POST", "/echo").body("{oops"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyText()).startsWith("Invalid JSON:");
    }

    @Test
    void downloadStreamsExactlyNBytes() throws Exception {
        FakeResponse res = call(router, "GET", "/download?bytes=40000");
        assertThat(res.bodyBytes()).hasSize(40000);
        assertThat(res.header("content-length")).isEqualTo("40000");
        assertThat(res.bodyBytes()[16384]).isEqualTo((byte) 'a');
        assertThat(call(router, "GET", "/download?bytes=0").bodyBytes()).isEmpty();
        assertThat(call(router, "GET", "/download?bytes=-1").status()).isEqualTo(400);
        assertThat(call(router, "GET", "/download?bytes=lots").status()).isEqualTo(400);
    }

    @Test
    void staticFilesFromTheBundledFolder() throws Exception {
        assertThat(call(router, "GET", "/static/hello.txt").bodyText()).isEqualTo("Hello from a bundled static file.\n");
        assertThat(call(router, "GET", "/static/").bodyText()).contains("<h1>Celeris</h1>");
        assertThat(call(router, "GET", "/static/css/site.css").header("content-type")).isEqualTo("text/css; charset=utf-8");
        assertThat(call(router, "GET", "/static/../dev/celeris/examples/DemoApp.class").status()).isEqualTo(404);
    }

    @Test
    void apiNeedsTheToken() throws Exception {
        assertThat(call(router, "GET", "/api/v1/posts").status()).isEqualTo(401);
        FakeResponse list = call(router, FakeRequest.of("GET", "/api/v1/posts").header("authorization", "Bearer tok"));
        assertThat(list.bodyText()).isEqualTo("[{\"id\":1,\"title\":\"Hello\",\"body\":\"The first post.\"}]");
        FakeResponse created = call(router, FakeRequest.of("POST", "/api/v1/posts").header("authorization", "Bearer tok")
                .body("{\"title\":\"Second\",\"body\":\"more\"}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("location")).isEqualTo("/api/v1/posts/2");
        assertThat(created.bodyText()).isEqualTo("{\"id\":2,\"title\":\"Second\",\"body\":\"more\"}");
        FakeResponse invalid = call(router, FakeRequest.of("POST", "/api/v1/posts").header("authorization", "Bearer tok")
                .body("{\"body\":\"no title\"}"));
        assertThat(invalid.status()).isEqualTo(422);
    }

    @Test
    void optionsParse() {
        assertThat(DemoApp.Options.parse(new String[0])).isEqualTo(new DemoApp.Options(null, null, null, "secret", null));
        assertThat(DemoApp.Options.parse(new String[] {"--transport", "netty", "--port", "9000", "--host", "127.0.0.1",
                "--token", "t", "--config", "app.yaml"}))
                .isEqualTo(new DemoApp.Options("netty", "127.0.0.1", 9000, "t", java.nio.file.Path.of("app.yaml")));
        assertThat(DemoApp.Options.parse(new String[] {"--proxy-protocol", "v2", "--trusted-proxies", "10.0.0.0/8,127.0.0.1"}))
                .isEqualTo(new DemoApp.Options(null, null, null, "secret", null, "v2", "10.0.0.0/8,127.0.0.1"));
        assertThat(DemoApp.Options.parse(new String[] {"--port", "x"})).isNull();
        assertThat(DemoApp.Options.parse(new String[] {"--bogus", "1"})).isNull();
        assertThat(DemoApp.Options.parse(new String[] {"--port"})).isNull();
    }
}
