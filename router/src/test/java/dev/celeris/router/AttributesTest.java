package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request attributes: set, replace, read back, grow past the initial capacity, null key and value; the context's first one inline. */
class AttributesTest {

    @Test
    void storesReplacesAndGrows() {
        Attributes a = new Attributes();
        assertThat(a.get("missing")).isNull();
        for (int i = 0; i < 10; i++) a.put("k" + i, i);
        for (int i = 0; i < 10; i++) assertThat(a.get("k" + i)).isEqualTo(i);
        a.put("k3", "replaced");
        assertThat(a.get("k3")).isEqualTo("replaced");
        a.put(null, "null key");
        a.put("nullValue", null);
        assertThat(a.get(null)).isEqualTo("null key");
        assertThat(a.get("nullValue")).isNull();
        assertThat(a.get("k9")).isEqualTo(9);
    }

    @Test
    void contextAttributesGoThroughIt() {
        Context ctx = new Context(Router.create(), FakeRequest.of("GET", "/"), new FakeResponse(), new Params());
        assertThat(ctx.<String>get("user")).isNull();
        ctx.set("user", "ada").set("role", "admin").set("user", "grace");
        assertThat(ctx.get("user", String.class)).isEqualTo("grace");
        assertThat(ctx.<String>get("role")).isEqualTo("admin");
    }

    @Test
    void contextKeepsItsFirstAttributeInlineAndTheRestAlike() {
        Context ctx = new Context(Router.create(), FakeRequest.of("GET", "/"), new FakeResponse(), new Params());
        assertThat(ctx.<Object>get(null)).isNull();
        ctx.set("requestId", "r1");
        assertThat(ctx.<String>get("requestId")).isEqualTo("r1");
        assertThat(ctx.<Object>get("other")).isNull();
        ctx.set("requestId", "r2");                     // replacing the first keeps one entry
        for (int i = 0; i < 10; i++) ctx.set("k" + i, i);
        ctx.set(null, "null key").set("nullValue", null).set("k4", "replaced").set("requestId", "r3");
        assertThat(ctx.<String>get("requestId")).isEqualTo("r3");
        assertThat(ctx.<Object>get(null)).isEqualTo("null key");
        assertThat(ctx.<Object>get("nullValue")).isNull();
        assertThat(ctx.<Object>get("k4")).isEqualTo("replaced");
        assertThat(ctx.get("k9", Integer.class)).isEqualTo(9);
    }
}
