package dev.celeris.router;

import static dev.celeris.router.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {

    private static Handler text(String s) {
        return ctx -> ctx.string(s);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /             | 200 | root",
        "GET    | /users/42     | 200 | user 42",
        "POST   | /users        | 200 | create",
        "PUT    | /users/7      | 200 | put 7",
        "PATCH  | /users/7      | 200 | patch 7",
        "DELETE | /users/7      | 200 | delete 7",
        "OPTIONS| /opts         | 200 | options",
        "GET    | /nope         | 404 | Not Found",
        "DELETE | /             | 405 | Method Not Allowed",
        "PROPFIND| /dav/x/y     | 200 | dav x/y",
        "GET    | /any          | 200 | any GET",
        "TRACE  | /any          | 200 | any TRACE",
    })
    void everyVerbFunnelsIntoTheTree(String method, String path, int status, String body) throws Exception {
        Router r = Router.create();
        r.get("/", text("root"));
        r.get("/users/:id", ctx -> ctx.string("user " + ctx.param("id")));
        r.post("/users", text("create"));
        r.put("/users/:id", ctx -> ctx.string("put " + ctx.param("id")));
        r.patch("/users/:id", ctx -> ctx.string("patch " + ctx.param("id")));
        r.delete("/users/:id", ctx -> ctx.string("delete " + ctx.param("id")));
        r.options("/opts", text("options"));
        r.handle("PROPFIND", "/dav/*path", ctx -> ctx.string("dav " + ctx.param("path")));
        r.any("/any", ctx -> ctx.string("any " + ctx.method()));
        FakeResponse res = call(r, method, path);
        assertThat(res.status()).isEqualTo(status);
        assertThat(res.bodyText()).isEqualTo(body);
    }

    @Test
    void routeTemplateIsTheMatchedPatternOnContextAndRequest() throws Exception {
        Router r = Router.create();
        r.get("/users/:id", ctx -> ctx.string(ctx.routeTemplate()));
        r.get("/files/*path", ctx -> ctx.string(ctx.routeTemplate()));
        FakeRequest req = FakeRequest.of("GET", "/users/42");
        assertThat(call(r, req).bodyText()).isEqualTo("/users/:id");
        assertThat(req.routeTemplate()).isEqualTo("/users/:id");
        assertThat(call(r, "GET", "/files/a/b").bodyText()).isEqualTo("/files/*path");
        FakeRequest miss = FakeRequest.of("GET", "/nope");
        assertThat(call(r, miss).status()).isEqualTo(404);
        assertThat(miss.routeTemplate()).isNull();
    }

    @Test
    void headIsServedByGetWithoutBody() throws Exception {
        Router r = Router.create();
        r.get("/hello", ctx -> ctx.header("x-kind", "greeting").string("Hello!"));
        FakeResponse res = call(r, "HEAD", "/hello");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.bodyBytes()).isEmpty();
        assertThat(res.header("content-length")).isEqualTo("6");
        assertThat(res.header("content-type")).startsWith("text/plain");
        assertThat(res.header("x-kind")).isEqualTo("greeting");
        assertThat(res.isDone()).isTrue();
    }

    @Test
    void explicitHeadRouteWins() throws Exception {
        Router r = Router.create();
        r.get("/x", text("get"));
        r.head("/x", ctx -> ctx.status(204).response().end());
        assertThat(call(r, "HEAD", "/x").status()).isEqualTo(204);
    }

    @Test
    void headOfStreamedGetSendsNoBody() throws Exception {
        Router r = Router.create();
        r.get("/s", ctx -> ctx.stream("text/plain", out -> out.write("data".getBytes())));
        FakeResponse res = call(r, "HEAD", "/s");
        assertThat(res.bodyBytes()).isEmpty();
        assertThat(res.isDone()).isTrue();
    }

    @Test
    void methodNotAllowedListsAllowedMethods() throws Exception {
        Router r = Router.create();
        r.get("/items/:id", text("get"));
        r.put("/items/:id", text("put"));
        FakeResponse res = call(r, "POST", "/items/3");
        assertThat(res.status()).isEqualTo(405);
        assertThat(res.header("allow")).isEqualTo("GET, PUT, HEAD, OPTIONS");
    }

    @Test
    void methodNotAllowedCanBeTurnedOff() throws Exception {
        Router r = Router.create().handleMethodNotAllowed(false);
        r.get("/items", text("get"));
        FakeResponse res = call(r, "POST", "/items");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.header("allow")).isNull();
    }

    @Test
    void automaticOptionsAnswersWithAllow() throws Exception {
        Router r = Router.create();
        r.get("/items", text("get"));
        r.post("/items", text("post"));
        FakeResponse res = call(r, "OPTIONS", "/items");
        assertThat(res.status()).isEqualTo(204);
        assertThat(res.header("allow")).isEqualTo("GET, POST, HEAD, OPTIONS");
        Router off = Router.create().handleOptions(false);
        off.get("/items", text("get"));
        assertThat(call(off, "OPTIONS", "/items").status()).isEqualTo(405);
    }

    @Test
    void customNotFoundAndMethodNotAllowedRunBehindRouterMiddleware() throws Exception {
        List<String> seen = new ArrayList<>();
        Router r = Router.create();
        r.use(ctx -> {
            seen.add(ctx.path());
            ctx.next();
        });
        r.get("/a", text("a"));
        r.notFound(ctx -> ctx.json(404, Map.of("missing", ctx.path())));
        r.methodNotAllowed(ctx -> ctx.string(405, "nope, allowed: " + ctx.response().headers().get("allow")));
        FakeResponse nf = call(r, "GET", "/zzz");
        assertThat(nf.status()).isEqualTo(404);
        assertThat(nf.bodyText()).isEqualTo("{\"missing\":\"/zzz\"}");
        FakeResponse na = call(r, "POST", "/a");
        assertThat(na.bodyText()).isEqualTo("nope, allowed: GET, HEAD, OPTIONS");
        assertThat(seen).containsExactly("/zzz", "/a");
    }

    @Test
    void trailingSlashRedirect() throws Exception {
        Router r = Router.create();
        r.get("/docs/", text("docs"));
        r.post("/submit", text("ok"));
        FakeResponse get = call(r, "GET", "/docs?x=1");
        assertThat(get.status()).isEqualTo(301);
        assertThat(get.header("location")).isEqualTo("/docs/?x=1");
        FakeResponse post = call(r, "POST", "/submit/");
        assertThat(post.status()).isEqualTo(308);
        assertThat(post.header("location")).isEqualTo("/submit");
        Router off = Router.create().redirectTrailingSlash(false);
        off.get("/docs/", text("docs"));
        assertThat(call(off, "GET", "/docs").status()).isEqualTo(404);
    }

    @Test
    void groupsNestWithPrefixesAndMiddleware() throws Exception {
        List<String> order = new ArrayList<>();
        Router r = Router.create();
        r.use(ctx -> {
            order.add("router");
            ctx.next();
        });
        Group api = r.group("/api", ctx -> {
            order.add("api");
            ctx.next();
        });
        Group v1 = api.group("/v1");
        v1.use(ctx -> {
            order.add("v1");
            ctx.next();
        });
        v1.get("/things/:id", ctx -> {
            order.add("handler");
            ctx.string("thing " + ctx.param("id"));
        });
        r.get("/plain", ctx -> {
            order.add("plain");
            ctx.string("plain");
        });
        assertThat(call(r, "GET", "/api/v1/things/9").bodyText()).isEqualTo("thing 9");
        assertThat(order).containsExactly("router", "api", "v1", "handler");
        order.clear();
        call(r, "GET", "/plain");
        assertThat(order).containsExactly("router", "plain");
        assertThat(r.routes()).extracting(Route::method, Route::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/things/:id"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/plain"));
        assertThat(r.routes().get(0).handlers()).hasSize(4);
    }

    @Test
    void middlewareAppliesOnlyToRoutesRegisteredAfterIt() throws Exception {
        List<String> seen = new ArrayList<>();
        Router r = Router.create();
        r.get("/before", text("b"));
        r.use(ctx -> {
            seen.add("mw");
            ctx.next();
        });
        r.get("/after", text("a"));
        call(r, "GET", "/before");
        assertThat(seen).isEmpty();
        call(r, "GET", "/after");
        assertThat(seen).containsExactly("mw");
    }

    @Test
    void middlewareThatDoesNotCallNextEndsTheChain() throws Exception {
        Router r = Router.create();
        r.use(ctx -> ctx.string(403, "stop"));
        r.get("/x", ctx -> {
            throw new AssertionError("must not run");
        });
        assertThat(call(r, "GET", "/x").bodyText()).isEqualTo("stop");
    }

    @Test
    void middlewareRunsAroundTheHandler() throws Exception {
        Router r = Router.create();
        r.use(ctx -> {
            ctx.set("before", true);
            ctx.next();
            ctx.set("after", true);
        });
        r.get("/x", ctx -> ctx.string("seen before=" + ctx.get("before") + " after=" + ctx.get("after")));
        assertThat(call(r, "GET", "/x").bodyText()).isEqualTo("seen before=true after=null");
    }

    @Test
    void conflictingRoutesAreRejectedNamingBoth() {
        Router r = Router.create();
        r.get("/users/:id", text("a"));
        assertThatThrownBy(() -> r.get("/users/:name", text("b")))
                .hasMessageContaining("GET /users/:name").hasMessageContaining("GET /users/:id");
        Group g = r.group("/users");
        g.get("/:uid/posts", text("c"));   // different shape: allowed, it names its own parameter
        assertThatThrownBy(() -> g.get("/:userId/posts", text("d")))
                .hasMessageContaining("GET /users/:userId/posts").hasMessageContaining("GET /users/:uid/posts");
        r.post("/users/:name", text("different method, different tree"));
    }

    @Test
    void routesAreFrozenOnceServing() throws Exception {
        Router r = Router.create();
        r.get("/a", text("a"));
        call(r, "GET", "/a");
        assertThat(r.isFrozen()).isTrue();
        assertThatThrownBy(() -> r.get("/b", text("b"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frozen");
        assertThatThrownBy(() -> r.use(text("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.notFound(text("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidMethodAndEmptyHandlersAreRejected() {
        Router r = Router.create();
        assertThatThrownBy(() -> r.handle("GE T", "/x", text("x"))).hasMessageContaining("invalid method");
        assertThatThrownBy(() -> r.get("/x")).hasMessageContaining("needs a handler");
    }

    @Test
    void everyTreeKeepsItsInvariants() {
        Router r = Router.create();
        for (String p : List.of("/a", "/a/:b", "/a/:b/c", "/a/b/*rest", "/x/y/z", "/x/:y")) {
            r.get(p, text(p));
            r.post(p, text(p));
        }
        RouteTreeTest.checkInvariants(r.treeFor("GET"));
        RouteTreeTest.checkInvariants(r.treeFor("POST"));
        assertThat(r.allowedMethods("/a/q/c")).containsExactly("GET", "POST", "HEAD", "OPTIONS");
    }
}
