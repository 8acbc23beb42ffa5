package dev.celeris.router;

import static dev.celeris.router.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Everything a handler reads from the request through {@link Context}. */
class ContextRequestTest {

    private static Router router(String method, String pattern, Handler handler) {
        Router r = Router.create();
        r.handle(method, pattern, handler);
        return r;
    }

    @Test
    void pathParamsAndTypedParams() throws Exception {
        Router r = router("GET", "/users/:userId/posts/:postId", ctx -> ctx.json(Map.of(
                "user", ctx.paramInt("userId"), "post", ctx.param("postId"), "all", ctx.params().asMap())));
        assertThat(call(r, "GET", "/users/7/posts/abc").bodyText())
                .contains("\"user\":7").contains("\"post\":\"abc\"").contains("\"all\":{\"userId\":\"7\",\"postId\":\"abc\"}");
        FakeResponse bad = call(r, "GET", "/users/x/posts/abc");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyText()).contains("path parameter 'userId' must be an integer");
    }

    @Test
    void aRouteWithoutParametersHasEmptyParamsOfItsOwn() throws Exception {
        List<Params> seen = new ArrayList<>();
        Router r = router("GET", "/plain", ctx -> {
            seen.add(ctx.params());
            ctx.string(ctx.param("id") + " " + ctx.params().size() + " " + ctx.params().asMap() + " " + ctx.paramInt("id"));
        });
        assertThat(call(r, "GET", "/plain").bodyText()).contains("missing path parameter 'id'");
        call(r, "GET", "/plain");
        assertThat(seen).hasSize(2).allMatch(Params::isEmpty);
        assertThat(seen.get(0)).isNotSameAs(seen.get(1));
        Router same = router("GET", "/plain", ctx -> ctx.string(ctx.param("id") + " " + ctx.params().asMap()));
        assertThat(call(same, "GET", "/plain").bodyText()).isEqualTo("null {}");
    }

    @Test
    void queryTypedDefaultAndMultiValued() throws Exception {
        Router r = router("GET", "/q", ctx -> ctx.string(String.join("|",
                ctx.query("name"), ctx.query("missing", "dflt"), Integer.toString(ctx.queryInt("n", -1)),
                Long.toString(ctx.queryLong("big", 0)), Boolean.toString(ctx.queryBool("flag", false)),
                ctx.queryValues("tag").toString(), Integer.toString(ctx.queryInt("absent", 5)),
                ctx.rawQuery())));
        FakeResponse res = call(r, "GET", "/q?name=J%C3%BCrgen+M&n=12&big=9999999999&flag=yes&tag=a&tag=b%26c");
        assertThat(res.bodyText()).isEqualTo(
                "Jürgen M|dflt|12|9999999999|true|[a, b&c]|5|name=J%C3%BCrgen+M&n=12&big=9999999999&flag=yes&tag=a&tag=b%26c");
        FakeResponse bad = call(r, "GET", "/q?name=x&n=twelve");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyText()).isEqualTo("query parameter 'n' must be an integer: twelve");
        FakeResponse badBool = call(r, "GET", "/q?name=x&flag=maybe");
        assertThat(badBool.status()).isEqualTo(400);
    }

    @Test
    void headersAreMultiValuedAndSplitCookiesAreJoined() throws Exception {
        Router r = router("GET", "/h", ctx -> ctx.json(Map.of(
                "accept", ctx.headerValues("accept"),
                "first", ctx.header("Accept"),
                "cookieHeader", ctx.header("cookie"),
                "cookies", ctx.cookies(),
                "session", ctx.cookie("session"))));
        FakeRequest req = FakeRequest.of("GET", "/h")
                .header("accept", "text/html").header("accept", "application/json")
                // SPEC: RFC 9113 §8.2.3 an HTTP/2 client may send one cookie field per cookie
                .header("cookie", "session=abc").header("cookie", "theme=\"dark\"; lang=en");
        String body = call(r, req).bodyText();
        assertThat(body).contains("\"accept\":[\"text/html\",\"application/json\"]")
                .contains("\"first\":\"text/html\"")
                .contains("\"cookieHeader\":\"session=abc; theme=\\\"dark\\\"; lang=en\"")
                .contains("\"cookies\":{\"session\":\"abc\",\"theme\":\"dark\",\"lang\":\"en\"}")
                .contains("\"session\":\"abc\"");
    }

    @Test
    void requestLineRemoteAddressAndProtocol() throws Exception {
        Router r = router("GET", "/info", ctx -> ctx.string(String.join(" ", ctx.method(), ctx.path(),
                String.valueOf(ctx.rawQuery()), ctx.protocol(), ctx.clientIp(), ctx.scheme(), ctx.host(),
                ctx.route().path())));
        assertThat(call(r, FakeRequest.of("GET", "/info?a=1").protocol("HTTP/1.1")).bodyText())
                .isEqualTo("GET /info a=1 HTTP/1.1 127.0.0.1 http localhost /info");
        assertThat(call(r, "GET", "/info").bodyText()).startsWith("GET /info null HTTP/2.0");
    }

    @Test
    void bodyAsBytesStringAndStream() throws Exception {
        Router r = Router.create();
        r.post("/bytes", ctx -> ctx.bytes(ctx.body(), "application/octet-stream"));
        r.post("/string", ctx -> ctx.string(ctx.bodyString().toUpperCase() + ctx.body().length));
        r.post("/stream", ctx -> ctx.string(Integer.toString(ctx.bodyStream().readAllBytes().length)));
        r.post("/latin1", ctx -> ctx.string(ctx.bodyString()));
        assertThat(call(r, FakeRequest.of("POST", "/bytes").body(new byte[] {1, 2, 3})).bodyBytes()).containsExactly(1, 2, 3);
        assertThat(call(r, FakeRequest.of("POST", "/string").body("héllo")).bodyText()).isEqualTo("HÉLLO6");
        assertThat(call(r, FakeRequest.of("POST", "/stream").streamedBody(new byte[1000])).bodyText()).isEqualTo("1000");
        FakeRequest latin = FakeRequest.of("POST", "/latin1").header("content-type", "text/plain; charset=ISO-8859-1")
                .body("café".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(call(r, latin).bodyText()).isEqualTo("café");
    }

    public record Post(String title, int likes) {
    }

    @Test
    void bindJsonAndBadJsonIs400WithParserMessage() throws Exception {
        Router r = router("POST", "/posts", ctx -> {
            Post p = ctx.bindJson(Post.class);
            ctx.json(201, new Post(p.title().toUpperCase(), p.likes() + 1));
        });
        FakeResponse ok = call(r, FakeRequest.of("POST", "/posts").body("{\"title\":\"hi\",\"likes\":1}"));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.bodyText()).isEqualTo("{\"title\":\"HI\",\"likes\":2}");
        assertThat(ok.header("content-type")).isEqualTo("application/json");

        FakeResponse bad = call(r, FakeRequest.of("POST", "/posts").body("{\"title\": oops}").header("accept", "application/json"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyText()).startsWith("{\"error\":\"Invalid JSON: Unrecognized token 'oops'")
                .contains("line 1").endsWith("\"status\":400}");
        FakeResponse wrongType = call(r, FakeRequest.of("POST", "/posts").body("{\"title\":\"x\",\"likes\":\"many\"}"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.bodyText()).startsWith("Invalid JSON: ").contains("many");
        assertThat(call(r, FakeRequest.of("POST", "/posts")).bodyText()).isEqualTo("Invalid JSON: empty request body");
    }

    @Test
    void urlencodedForm() throws Exception {
        Router r = router("POST", "/form", ctx -> ctx.string(ctx.formValue("name") + "|" + ctx.formValues("tag")
                + "|" + ctx.formValue("none")));
        FakeRequest req = FakeRequest.of("POST", "/form").header("content-type", "application/x-www-form-urlencoded")
                .body("name=Ada+Lovelace&tag=x&tag=y%21&empty=");
        assertThat(call(r, req).bodyText()).isEqualTo("Ada Lovelace|[x, y!]|null");
        FakeRequest json = FakeRequest.of("POST", "/form").header("content-type", "application/json").body("{}");
        assertThat(call(r, json).status()).isEqualTo(415);
    }

    @Test
    void multipartFieldsAndFiles() throws Exception {
        Router r = router("POST", "/upload", ctx -> {
            FormPart file = ctx.formFile("doc");
            ctx.string(ctx.formValue("title") + "|" + file.filename() + "|" + file.contentType() + "|" + file.text()
                    + "|" + ctx.multipart().parts().size());
        });
        String body = "preamble\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "My \"doc\"\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"doc\"; filename=\"a b.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "line1\r\nline2\r\n"
                + "--XyZ--\r\nepilogue";
        FakeRequest req = FakeRequest.of("POST", "/upload").header("content-type", "multipart/form-data; boundary=\"XyZ\"")
                .body(body);
        assertThat(call(r, req).bodyText()).isEqualTo("My \"doc\"|a b.txt|text/plain|line1\r\nline2|2");

        FakeRequest broken = FakeRequest.of("POST", "/upload").header("content-type", "multipart/form-data; boundary=XyZ")
                .body("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end");
        FakeResponse res = call(r, broken);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.bodyText()).contains("missing closing boundary");
        FakeRequest noBoundary = FakeRequest.of("POST", "/upload").header("content-type", "multipart/form-data").body("x");
        assertThat(call(r, noBoundary).status()).isEqualTo(400);
    }

    @Test
    void multipartParsesTheSameWhateverTheContent() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''caf%C3%A9.txt\r\n\r\n"
                + "--b is not a delimiter without CRLF\r\n--b\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\n\r\n--b--";
        MultipartForm form = Multipart.parse(body.getBytes(StandardCharsets.UTF_8), "b");
        assertThat(form.parts()).hasSize(2);
        assertThat(form.file("f").filename()).isEqualTo("café.txt");
        assertThat(form.file("f").text()).isEqualTo("--b is not a delimiter without CRLF");
        assertThat(form.value("g")).isEmpty();
        assertThat(form.fields()).isEqualTo(Map.of("g", List.of("")));
    }

    @Test
    void attributesPassBetweenMiddlewareAndHandler() throws Exception {
        Router r = Router.create();
        r.use(ctx -> {
            ctx.set("user", "ada").set("n", 3);
            ctx.next();
        });
        r.get("/", ctx -> ctx.string(ctx.<String>get("user") + ctx.get("n", Integer.class) + ctx.get("none")));
        assertThat(call(r, "GET", "/").bodyText()).isEqualTo("ada3null");
    }

    @Test
    void requestTrailersAreVisibleAfterTheBody() throws Exception {
        Router r = router("POST", "/t", ctx -> {
            ctx.body();
            ctx.string(ctx.requestTrailers().get("x-checksum"));
        });
        FakeRequest req = FakeRequest.of("POST", "/t").body("data");
        req.trailers.add("x-checksum", "abc");
        assertThat(call(r, req).bodyText()).isEqualTo("abc");
    }
}
