package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven tests of {@link RouteTree} in the style of Gin's {@code tree_test.go}. */
class RouteTreeTest {

    /** A request and what it must find: the pattern (null for none) and the params. */
    record Req(String path, String route, Map<String, String> params) {
        static Req of(String path, String route, String... kv) {
            Map<String, String> p = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) p.put(kv[i], kv[i + 1]);
            return new Req(path, route, p);
        }
    }

    static RouteTree<String> tree(String... patterns) {
        RouteTree<String> t = new RouteTree<>();
        for (String p : patterns) t.insert("GET", p, p);
        checkInvariants(t);
        return t;
    }

    static void checkRequests(RouteTree<String> tree, Req... requests) {
        for (Req r : requests) {
            Params params = new Params();
            String found = tree.find(r.path, params);
            assertThat(found).as("route for %s", r.path).isEqualTo(r.route);
            if (found != null) assertThat(params.asMap()).as("params for %s", r.path).isEqualTo(r.params);
        }
    }

    /** Checks the structural invariants documented on {@link RouteTree}. */
    static <T> void checkInvariants(RouteTree<T> tree) {
        int values = check(tree.root(), true);
        assertThat(values).as("values in tree").isEqualTo(tree.size());
        assertThat(tree.root().priority).isEqualTo(tree.size());
    }

    private static <T> int check(RouteTree.Node<T> n, boolean root) {
        assertThat(n.indices.length).isEqualTo(n.children.length);
        Set<Character> seen = new HashSet<>();
        int count = n.value != null ? 1 : 0;
        int prevPriority = Integer.MAX_VALUE;
        for (int i = 0; i < n.children.length; i++) {
            RouteTree.Node<T> c = n.children[i];
            assertThat(c.kind).isEqualTo(RouteTree.STATIC);
            assertThat(c.prefix).as("static child prefix").isNotEmpty();
            assertThat(c.prefix.charAt(0)).as("index of " + c.prefix).isEqualTo(n.indices[i]);
            assertThat(seen.add(n.indices[i])).as("distinct index " + n.indices[i]).isTrue();
            assertThat(c.priority).as("children sorted by priority").isLessThanOrEqualTo(prevPriority);
            prevPriority = c.priority;
            count += check(c, false);
        }
        if (n.param != null) {
            assertThat(n.param.kind).isEqualTo(RouteTree.PARAM);
            count += check(n.param, false);
        }
        if (n.catchAll != null) {
            assertThat(n.catchAll.kind).isEqualTo(RouteTree.CATCH_ALL);
            assertThat(n.catchAll.children).as("catch-all is a leaf").isEmpty();
            assertThat(n.catchAll.param).isNull();
            assertThat(n.catchAll.value).isNotNull();
            count += check(n.catchAll, false);
        }
        boolean leaf = n.children.length == 0 && n.param == null && n.catchAll == null;
        if (leaf && !root) assertThat(n.value).as("a leaf holds a value").isNotNull();
        if (n.value != null) {
            assertThat(n.pattern).isNotNull();
            assertThat(n.paramNames).as("one name per wildcard of " + n.pattern)
                    .hasSize((int) n.pattern.chars().filter(ch -> ch == ':' || ch == '*').count());
        }
        assertThat(n.priority).as("priority = values in subtree").isEqualTo(count);
        return count;
    }

    @Test
    void staticRoutes() {
        RouteTree<String> t = tree("/hi", "/contact", "/co", "/c", "/a", "/ab", "/doc/", "/doc/go_faq.html",
                "/doc/go1.html", "/α", "/β");
        checkRequests(t,
                Req.of("/a", "/a"),
                Req.of("/", null),
                Req.of("/hi", "/hi"),
                Req.of("/contact", "/contact"),
                Req.of("/co", "/co"),
                Req.of("/con", null),
                Req.of("/cona", null),
                Req.of("/no", null),
                Req.of("/ab", "/ab"),
                Req.of("/α", "/α"),
                Req.of("/β", "/β"),
                Req.of("/doc/", "/doc/"),
                Req.of("/doc", null),
                Req.of("/doc/go1.html", "/doc/go1.html"));
    }

    @Test
    void wildcards() {
        RouteTree<String> t = tree("/", "/cmd/:tool/:sub", "/cmd/:tool/", "/src/*filepath", "/search/",
                "/search/:query", "/user_:name", "/user_:name/about", "/files/:dir/*filepath", "/doc/",
                "/doc/go_faq.html", "/doc/go1.html", "/info/:user/public", "/info/:user/project/:project");
        checkRequests(t,
                Req.of("/", "/"),
                Req.of("/cmd/test/", "/cmd/:tool/", "tool", "test"),
                Req.of("/cmd/test", null),
                Req.of("/cmd/test/3", "/cmd/:tool/:sub", "tool", "test", "sub", "3"),
                Req.of("/src/", "/src/*filepath", "filepath", ""),
                Req.of("/src/some/file.png", "/src/*filepath", "filepath", "some/file.png"),
                Req.of("/search/", "/search/"),
                Req.of("/search/someth!ng+in+ünìcodé", "/search/:query", "query", "someth!ng+in+ünìcodé"),
                Req.of("/search/someth!ng+in+ünìcodé/", null),
                Req.of("/user_gopher", "/user_:name", "name", "gopher"),
                Req.of("/user_gopher/about", "/user_:name/about", "name", "gopher"),
                Req.of("/files/js/inc/framework.js", "/files/:dir/*filepath", "dir", "js", "filepath", "inc/framework.js"),
                Req.of("/info/gordon/public", "/info/:user/public", "user", "gordon"),
                Req.of("/info/gordon/project/go", "/info/:user/project/:project", "user", "gordon", "project", "go"));
    }

    @Test
    void priorityStaticOverParamOverCatchAll() {
        RouteTree<String> t = tree("/users/new", "/users/:id", "/users/*rest", "/users/:id/posts", "/users/new/x");
        checkRequests(t,
                Req.of("/users/new", "/users/new"),
                Req.of("/users/newer", "/users/:id", "id", "newer"),
                Req.of("/users/42", "/users/:id", "id", "42"),
                Req.of("/users/42/posts", "/users/:id/posts", "id", "42"),
                // static branch "new/" fails further down: backtrack to the parameter
                Req.of("/users/new/posts", "/users/:id/posts", "id", "new"),
                Req.of("/users/new/x", "/users/new/x"),
                Req.of("/users/42/other", "/users/*rest", "rest", "42/other"),
                Req.of("/users/", "/users/*rest", "rest", ""));
    }

    @Test
    void routesNameTheirOwnParametersAtASharedPosition() {
        RouteTree<String> t = tree("/users/:id", "/users/:userId/posts/:postId", "/users/:uid/files/*path");
        checkRequests(t,
                Req.of("/users/42", "/users/:id", "id", "42"),
                Req.of("/users/7/posts/9", "/users/:userId/posts/:postId", "userId", "7", "postId", "9"),
                Req.of("/users/7/files/a/b", "/users/:uid/files/*path", "uid", "7", "path", "a/b"),
                Req.of("/users/7/other", null));
    }

    @Test
    void paramValuesArePercentDecoded() {
        RouteTree<String> t = tree("/files/:name", "/raw/*path");
        checkRequests(t,
                Req.of("/files/a%20b", "/files/:name", "name", "a b"),
                Req.of("/files/a%2Fb", "/files/:name", "name", "a/b"),
                Req.of("/files/caf%C3%A9", "/files/:name", "name", "café"),
                Req.of("/files/100%", "/files/:name", "name", "100%"),
                Req.of("/raw/x%2Fy/z", "/raw/*path", "path", "x/y/z"));
    }

    @Test
    void emptyParamSegmentDoesNotMatch() {
        RouteTree<String> t = tree("/a/:b/c");
        checkRequests(t, Req.of("/a//c", null), Req.of("/a/x/c", "/a/:b/c", "b", "x"));
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource(delimiter = '|', value = {
        "/users/:id | /users/:name | only the parameter names differ",
        "/users/:id/posts/:p | /users/:uid/posts/:q | only the parameter names differ",
        "/src/*filepath | /src/*other | only the parameter names differ",
        "/a | /a | the same path is already registered",
        "/users/:id | /users/:id | the same path is already registered",
    })
    void conflictsNameBothRoutes(String first, String second, String why) {
        RouteTree<String> t = tree(first);
        assertThatThrownBy(() -> t.insert("GET", second, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET " + second)
                .hasMessageContaining("existing route GET " + first)
                .hasMessageContaining(why);
        checkInvariants(t);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "users | must begin with '/'",
        "/users/: | needs a name",
        "/src/* | needs a name",
        "/src/*path/more | must be the last segment",
        "/src*path | must follow a '/'",
        "/a/:b:c | only one wildcard per path segment",
        "/a/:b*c | only one wildcard per path segment",
    })
    void malformedPatternsAreRejected(String pattern, String message) {
        RouteTree<String> t = new RouteTree<>();
        assertThatThrownBy(() -> t.insert("GET", pattern, pattern))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void splittingKeepsEveryRouteReachable() {
        List<String> patterns = List.of("/search", "/support", "/blog/:post", "/about-us", "/about-us/team",
                "/contact", "/s", "/se", "/sea", "/searching", "/blog/:post/comments", "/blog/recent");
        RouteTree<String> t = tree(patterns.toArray(new String[0]));
        for (String p : patterns) {
            String path = p.replace(":post", "hello");
            assertThat(t.find(path, new Params())).isEqualTo(p);
        }
        checkRequests(t, Req.of("/blog/recent", "/blog/recent"), Req.of("/blog/recen", "/blog/:post", "post", "recen"));
    }

    @Test
    void randomStaticTreesKeepInvariants() {
        Random random = new Random(42);
        for (int round = 0; round < 15; round++) {
            RouteTree<String> t = new RouteTree<>();
            Set<String> added = new HashSet<>();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                StringBuilder sb = new StringBuilder();
                int segments = 1 + random.nextInt(3);
                for (int s = 0; s < segments; s++) {
                    sb.append('/');
                    int len = 1 + random.nextInt(4);
                    for (int c = 0; c < len; c++) sb.append((char) ('a' + random.nextInt(3)));
                }
                String p = sb.toString();
                if (added.add(p)) {
                    t.insert("GET", p, p);
                    all.add(p);
                }
            }
            checkInvariants(t);
            for (String p : all) assertThat(t.find(p, new Params())).isEqualTo(p);
            assertThat(t.find("/zzz", new Params())).isNull();
        }
    }

    @Test
    void paramsAreReusableAndRecordOffsetsOnly() {
        RouteTree<String> t = tree("/a/:x/:y");
        Params params = new Params(1);
        assertThat(t.find("/a/1/2", params)).isEqualTo("/a/:x/:y");
        assertThat(params.get("y")).isEqualTo("2");
        params.clear();
        assertThat(t.find("/a/3/4", params)).isEqualTo("/a/:x/:y");
        assertThat(params.asMap()).containsExactly(Map.entry("x", "3"), Map.entry("y", "4"));
    }

    @Test
    void findStaticAgreesWithFindOnEveryMatchWithoutParameters() {
        Random random = new Random(7);
        String[] segments = {"a", "b", "ab", "ba", ":p", ":q"};
        String[] pathSegments = {"a", "b", "ab", "ba", "x", ""};
        for (int round = 0; round < 40; round++) {
            RouteTree<String> t = new RouteTree<>();
            for (int i = 0; i < 25; i++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(4);
                for (int s = 0; s < n; s++) sb.append('/').append(segments[random.nextInt(segments.length)]);
                if (sb.isEmpty() || random.nextInt(5) == 0) sb.append(random.nextBoolean() ? "/" : "/*rest");
                String p = sb.toString();
                try {
                    t.insert("GET", p, p);
                } catch (IllegalArgumentException conflict) {
                    // same requests as an earlier pattern: skip it
                }
            }
            for (int i = 0; i < 200; i++) {
                StringBuilder sb = new StringBuilder();
                int n = 1 + random.nextInt(4);
                for (int s = 0; s < n; s++) sb.append('/').append(pathSegments[random.nextInt(pathSegments.length)]);
                String path = sb.toString();
                Params params = new Params();
                String found = t.find(path, params);
                assertThat(t.findStatic(path)).as("static lookup of %s", path).isEqualTo(params.isEmpty() ? found : null);
            }
        }
    }
}
