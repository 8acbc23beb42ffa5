package dev.celeris.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.HttpException;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import org.junit.jupiter.api.Test;

/** The README's example: an app tested on the in-memory transport, and on every transport. */
@CelerisTest                                   // transport = "memory" by default: no socket
class UsersApiTest {

    record User(String id, String name) {
    }

    @CelerisApp
    static Router app() {
        Router router = Router.create();
        router.get("/users/:id", ctx -> {
            if (ctx.param("id").equals("0")) throw new HttpException(404, "no such user");
            ctx.json(new User(ctx.param("id"), "Ada"));
        });
        router.post("/users", ctx -> ctx.json(201, ctx.bindJson(User.class)));
        return router;
    }

    @Test
    void getsAUser(TestClient client) {
        client.get("/users/1").expectStatus(200)
                .expectHeader("content-type", "application/json")
                .expectJson("{\"id\": \"1\", \"name\": \"Ada\"}")
                .expectJson("/name", "Ada")
                .expectProtocol("HTTP/2");
    }

    @Test
    void createsAUserOverHttp1(TestClient client) {
        User created = client.http1().post("/users").json(new User("7", "Grace"))
                .expectStatus(201).expectProtocol("HTTP/1.1").as(User.class);
        assertThat(created).isEqualTo(new User("7", "Grace"));
    }

    @Test
    void errorsAndUnknownRoutes(TestClient client, Server server) {
        assertThat(server.transportName()).isEqualTo("memory");
        client.get("/users/0").expectStatus(404).expectBodyContains("no such user");
        client.get("/nope").expectStatus(404);
        client.delete("/users/1").expectStatus(405).expectHeader("allow", "GET, HEAD, OPTIONS");
        client.post("/users").json("{not json").expectStatus(400);
    }

    @EveryTransport
    void servesTheSameOnEveryTransport(TestClient client, Server server) {
        client.get("/users/42").expectStatus(200).expectJson("/id", "42");
        client.http1().get("/users/42").expectStatus(200).expectJson("{\"id\":\"42\",\"name\":\"Ada\"}");
        assertThat(server.port()).isPositive();
    }
}
