package dev.celeris.test;

import dev.celeris.router.Router;
import org.junit.jupiter.api.Test;

/** {@code @CelerisTest(config = ...)} reaches the server: a configured HTTP/1.1 limit answers 414, on every transport. */
@CelerisTest(config = {"http1.maxRequestLineLength=64", "engine.maxRequestBodySize=16"})
class ConfiguredAppTest {

    @CelerisApp
    static Router app() {
        Router router = Router.create();
        router.get("/*path", ctx -> ctx.string("ok"));
        router.post("/upload", ctx -> ctx.string(Integer.toString(ctx.body().length)));
        return router;
    }

    @Test
    void configuredLimitsApply(TestClient client) {
        client.http1().get("/" + "a".repeat(20)).expectStatus(200).expectBody("ok");
        client.http1().get("/" + "a".repeat(100)).expectStatus(414);
        client.post("/upload").body("x".repeat(10), "text/plain").expectStatus(200).expectBody("10");
        client.post("/upload").body("x".repeat(100), "text/plain").expectStatus(413);
    }

    @EveryTransport
    void onEveryTransport(TestClient client) {
        client.http1().get("/" + "a".repeat(100)).expectStatus(414);
    }
}
