package dev.celeris.examples;

import dev.celeris.router.Router;
import dev.celeris.test.CelerisApp;
import dev.celeris.test.CelerisTest;
import dev.celeris.test.EveryTransport;
import dev.celeris.test.TestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's routes through celeris-test: in memory for each rule, and the main routes on every transport. */
@CelerisTest
class DemoRoutesTest {

    @CelerisApp
    static Router app() {
        return DemoApp.router("secret");
    }

    @Test
    void helloJsonAndParams(TestClient client) {
        client.get("/").expectStatus(200).expectBody("Hello, Celeris!");
        client.get("/json").expectStatus(200).expectJson("{\"message\":\"Hello, World!\"}");
        client.get("/users/7/posts/9").expectStatus(200).expectJson("{\"user_id\":\"7\",\"post_id\":\"9\"}");
        client.get("/health").expectStatus(200);
    }

    @Test
    void echoAndDownload(TestClient client) {
        client.post("/echo").json(Map.of("title", "hi", "n", 3)).expectStatus(200).expectJson("/n", 3).expectJson("/title", "hi");
        client.post("/echo").json("{broken").expectStatus(400);
        client.get("/download?bytes=100000").expectStatus(200).expectHeader("content-length", "100000");
        client.get("/download?bytes=-1").expectStatus(400);
    }

    @Test
    void postsNeedTheToken(TestClient client) {
        client.get("/api/v1/posts").expectStatus(401);
        client.post("/api/v1/posts").bearer("secret").json(Map.of("title", "")).expectStatus(422);
        client.post("/api/v1/posts").bearer("secret").json(Map.of("title", "New", "body", "b"))
                .expectStatus(201).expectJson("/title", "New").expectHeader("location", "/api/v1/posts/2");
        client.get("/api/v1/posts").bearer("secret").expectStatus(200).expectJson("/0/title", "Hello");
    }

    @EveryTransport
    void mainRoutesOnEveryTransportAndBothProtocols(TestClient client) {
        for (TestClient c : new TestClient[] {client.http2(), client.http1()}) {
            c.get("/users/42").expectStatus(200).expectJson("{\"user_id\":\"42\"}");
            c.post("/echo").json(Map.of("a", 1)).expectStatus(200).expectJson("/a", 1);
            c.get("/static/hello.txt").expectStatus(200).expectHeader("content-type", "text/plain; charset=utf-8");
            c.head("/").expectStatus(200).expectBody("");
        }
    }
}
