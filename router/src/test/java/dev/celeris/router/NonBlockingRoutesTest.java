package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routes marked {@code nonBlocking()} run inline on the I/O thread; the others keep their virtual
 * thread (over real transports: {@code RouterOverSocketsTest#markedRoutesRunInlineOverHttp2AndHttp1}).
 */
@Timeout(60)
class NonBlockingRoutesTest {

    static Router router() {
        Handler thread = ctx -> ctx.string("virtual=" + Thread.currentThread().isVirtual());
        Router r = Router.create();
        r.get("/inline", thread).nonBlocking();
        r.get("/blocking", thread);
        r.post("/inline-echo", ctx -> ctx.string(ctx.body().length + " virtual=" + Thread.currentThread().isVirtual()))
                .nonBlocking();
        r.group("/g").get("/inline", thread).nonBlocking().get("/blocking", thread);
        return r;
    }

    @Test
    void theEngineIsAskedPerRequest() {
        Router r = router().freeze();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/inline"))).isFalse();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/g/inline"))).isFalse();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/blocking"))).isTrue();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/none"))).isTrue();
        // HEAD served by the GET route follows it
        assertThat(r.isBlocking(FakeRequest.of("HEAD", "/inline"))).isFalse();
        // no route marked: every request keeps its virtual thread, without a lookup
        Router plain = Router.create().get("/inline", ctx -> ctx.string("x")).freeze();
        assertThat(plain.isBlocking(FakeRequest.of("GET", "/inline"))).isTrue();
    }

    @Test
    void marksTheRoutesOfThePreviousCallOnly() {
        Router r = Router.create();
        r.any("/all", ctx -> ctx.string("x")).nonBlocking();
        r.get("/later", ctx -> ctx.string("x"));
        assertThat(r.routes()).filteredOn(rt -> rt.path().equals("/all")).hasSize(Routes.ANY_METHODS.size())
                .allMatch(Route::isNonBlocking);
        assertThat(r.routes()).filteredOn(rt -> rt.path().equals("/later")).noneMatch(Route::isNonBlocking);
        assertThat(r.routes().get(0).toString()).endsWith("non-blocking)");
    }

    @Test
    void nonBlockingNeedsAPrecedingRouteAndAnOpenRouter() {
        assertThatThrownBy(() -> Router.create().nonBlocking()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("follows a route registration");
        assertThatThrownBy(() -> Router.create().get("/", ctx -> { }).use(ctx -> ctx.next()).nonBlocking())
                .isInstanceOf(IllegalStateException.class);
        Router frozen = Router.create().get("/", ctx -> { });
        frozen.freeze();
        assertThatThrownBy(frozen::nonBlocking).isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
    }
}
