package dev.celeris.router.middleware;

import static dev.celeris.router.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.FakeResponse;
import dev.celeris.router.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticTest {

    @TempDir
    Path dir;

    private Router router() throws Exception {
        Path root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css/site.css"), "body{}");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "docs");
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        Router r = Router.create();
        r.get("/static/*path", Static.directory(root));
        r.get("/cp/*file", Static.classpath("static-test"));
        return r;
    }

    @Test
    void servesFilesWithContentTypesAndIndexes() throws Exception {
        Router r = router();
        FakeResponse css = call(r, "GET", "/static/css/site.css");
        assertThat(css.bodyText()).isEqualTo("body{}");
        assertThat(css.header("content-type")).isEqualTo("text/css; charset=utf-8");
        assertThat(css.header("etag")).isNotNull();
        assertThat(call(r, "GET", "/static/").bodyText()).isEqualTo("<h1>home</h1>");
        assertThat(call(r, "GET", "/static/docs/").bodyText()).isEqualTo("docs");
        FakeResponse dirRedirect = call(r, "GET", "/static/docs");
        assertThat(dirRedirect.status()).isEqualTo(301);
        assertThat(dirRedirect.header("location")).isEqualTo("/static/docs/");
        assertThat(call(r, "GET", "/static/missing.txt").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/css/..%2F..%2Fsecret.txt",
        "/static/..%5Csecret.txt", "/static/%00", "/cp/../dev/celeris/router/Router.class"})
    void noPathTraversal(String path) throws Exception {
        FakeResponse res = call(router(), "GET", path);
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.bodyText()).doesNotContain("top secret");
    }

    @Test
    void servesClasspathFolders() throws Exception {
        Router r = router();
        FakeResponse res = call(r, "GET", "/cp/hello.txt");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.bodyText()).isEqualTo("hello from the class path\n");
        assertThat(res.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(call(r, "GET", "/cp/").bodyText()).isEqualTo("<p>cp index</p>\n");
        assertThat(call(r, "GET", "/cp/sub").status()).isEqualTo(301);
        assertThat(call(r, "GET", "/cp/nope").status()).isEqualTo(404);
    }
}
