package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.Http1Config;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

    private static final String GET = "GET /users/42?x=1&y=2 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\n"
            + "Accept: */*\r\nX-Custom: a b  \r\nX-Custom: second\r\n\r\n";
    private static final String POST = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";

    private final RequestParser parser = new RequestParser(Http1Config.defaults(), -1);

    /** Feeds {@code bytes} in the given pieces and returns every completed request. */
    private static List<Http1Request> feed(RequestParser parser, byte[] bytes, int[] cuts) throws Http1Exception {
        List<Http1Request> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : bytes.length;
            ByteBuffer chunk = ByteBuffer.wrap(bytes, start, end - start);
            while (chunk.hasRemaining()) {
                if (parser.parse(chunk)) out.add(parser.take());
            }
            start = end;
        }
        return out;
    }

    private static int[] everyByte(int n) {
        int[] cuts = new int[Math.max(0, n - 1)];
        for (int i = 0; i < cuts.length; i++) cuts[i] = i + 1;
        return cuts;
    }

    private static int[] randomCuts(int n, Random random) {
        return random.ints(random.nextInt(Math.min(n, 12)), 1, n).sorted().distinct().toArray();
    }

    private static void assertGet(Http1Request r) {
        assertThat(r.method()).isSameAs("GET");
        assertThat(r.path()).isEqualTo("/users/42");
        assertThat(r.rawQuery()).isEqualTo("x=1&y=2");
        assertThat(r.authority()).isEqualTo("example.com");
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.headers().get("user-agent")).isEqualTo("test");
        assertThat(r.headers().getAll("x-custom")).containsExactly("a b", "second");
        assertThat(r.headers().name(0)).isSameAs("host");
        assertThat(r.keepAlive).isTrue();
        assertThat(r.hasBody()).isFalse();
    }

    @Test
    void parsesWholeByteByByteAndAtRandomSplitsTheSame() throws Exception {
        byte[] bytes = (GET + POST + GET).getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(7);
        List<int[]> splits = new ArrayList<>();
        splits.add(new int[0]);
        splits.add(everyByte(bytes.length));
        for (int i = 0; i < 200; i++) splits.add(randomCuts(bytes.length, random));
        for (int[] cuts : splits) {
            RequestParser p = new RequestParser(Http1Config.defaults(), -1);
            // POST's body is not the parser's business: feed heads only, in the same stream order.
            List<Http1Request> reqs = feed(p, bytes, cuts);
            assertThat(reqs).hasSize(3);
            assertGet(reqs.get(0));
            assertThat(reqs.get(1).method()).isEqualTo("POST");
            assertThat(reqs.get(1).contentLength()).isEqualTo(5);
            assertThat(reqs.get(1).framing).isEqualTo(Http1Request.Framing.LENGTH);
            assertThat(reqs.get(1).expectContinue).isTrue();
            assertGet(reqs.get(2));
        }
    }

    @Test
    void stopsExactlyAfterTheHead() throws Exception {
        ByteBuffer in = ByteBuffer.wrap((POST + "hello").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parser.parse(in)).isTrue();
        assertThat(new String(in.array(), in.position(), in.remaining(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
    }

    @Test
    void targetForms() throws Exception {
        Http1Request abs = parse("GET http://Example.org:8080/a/b?q HTTP/1.1\r\nHost: other\r\n\r\n");
        assertThat(abs.authority()).isEqualTo("Example.org:8080"); // SPEC: RFC 9112 §3.2.2 Host ignored
        assertThat(abs.path()).isEqualTo("/a/b");
        assertThat(abs.rawQuery()).isEqualTo("q");
        Http1Request absNoPath = parse("GET https://h?z=1 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(absNoPath.path()).isEqualTo("/");
        assertThat(absNoPath.rawQuery()).isEqualTo("z=1");
        Http1Request star = parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(star.path()).isEqualTo("*");
        Http1Request emptyQuery = parse("GET /a? HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(emptyQuery.rawQuery()).isEmpty();
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").rawQuery()).isNull();
    }

    @Test
    void persistenceAndVersions() throws Exception {
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n").keepAlive).isFalse();
        Http1Request future = parse("GET / HTTP/1.9\r\nHost: h\r\n\r\n");
        assertThat(future.protocol()).isEqualTo("HTTP/1.1"); // SPEC: RFC 9110 §2.5
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").authority()).isNull();
    }

    @Test
    void skipsEmptyLinesBeforeTheRequestLine() throws Exception {
        assertThat(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").path()).isEqualTo("/");
    }

    @Test
    void chunkedFramingAndUpgradeDetection() throws Exception {
        Http1Request chunked = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(chunked.framing).isEqualTo(Http1Request.Framing.CHUNKED);
        assertThat(chunked.contentLength()).isEqualTo(-1);
        Http1Request up = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertThat(up.http2Settings).hasSize(18);
        Http1Request noConnectionToken = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABk\r\n\r\n");
        assertThat(noConnectionToken.http2Settings).isNull();
        Http1Request badBase64 = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: ***\r\n\r\n");
        assertThat(badBase64.http2Settings).isNull();
        Http1Request twoSettings = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABk\r\nHTTP2-Settings: AAMAAABk\r\n\r\n");
        assertThat(twoSettings.http2Settings).isNull();
    }

    @Test
    void requestLineLimitIsExact() throws Exception {
        Http1Config config = Http1Config.builder().maxRequestLineLength(100).build();
        String prefix = "GET /";
        String suffix = " HTTP/1.1";
        String fits = prefix + "a".repeat(100 - prefix.length() - suffix.length()) + suffix;
        assertThat(fits).hasSize(100);
        assertThat(new RequestParser(config, -1).parse(buf(fits + "\r\nHost: h\r\n\r\n"))).isTrue();
        String tooLong = prefix + "a".repeat(101 - prefix.length() - suffix.length()) + suffix;
        assertThatThrownBy(() -> new RequestParser(config, -1).parse(buf(tooLong + "\r\nHost: h\r\n\r\n")))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(414));
        // Detected while streaming, before any line end arrives.
        assertThatThrownBy(() -> new RequestParser(config, -1).parse(buf("GET /" + "a".repeat(200))))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(414));
    }

    @Test
    void headerBytesLimitIsExact() throws Exception {
        Http1Config config = Http1Config.builder().maxHeaderBytes(100).build();
        String host = "Host: h\r\n"; // 9 bytes
        String fill = "X: " + "v".repeat(100 - 9 - 5) + "\r\n"; // 91 bytes: 100 in total
        assertThat(new RequestParser(config, -1).parse(buf("GET / HTTP/1.1\r\n" + host + fill + "\r\n"))).isTrue();
        String over = "X: " + "v".repeat(100 - 9 - 4) + "\r\n";
        assertThatThrownBy(() -> new RequestParser(config, -1).parse(buf("GET / HTTP/1.1\r\n" + host + over + "\r\n")))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThatThrownBy(() -> new RequestParser(config, -1).parse(buf("GET / HTTP/1.1\r\nX: " + "v".repeat(500))))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void headerFieldCountLimit() throws Exception {
        Http1Config config = Http1Config.builder().maxHeaderFields(3).build();
        assertThat(new RequestParser(config, -1).parse(buf("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n"))).isTrue();
        assertThatThrownBy(() -> new RequestParser(config, -1).parse(buf("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n")))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void declaredBodyAboveTheLimitIs413() {
        RequestParser limited = new RequestParser(Http1Config.defaults(), 10);
        assertThatThrownBy(() -> limited.parse(buf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n")))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // request smuggling: ambiguous framing
                Arguments.of("CL and TE", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("TE and CL", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
                Arguments.of("duplicate CL, same value", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", 400),
                Arguments.of("duplicate CL, different", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
                Arguments.of("CL list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\n", 400),
                Arguments.of("CL sign", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n", 400),
                Arguments.of("CL negative", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("CL hex", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", 400),
                Arguments.of("CL empty", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", 400),
                Arguments.of("CL overflow", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
                Arguments.of("TE not chunked-last", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
                Arguments.of("TE chunked twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("TE identity", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", 400),
                Arguments.of("TE obfuscated", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", 400),
                Arguments.of("TE gzip then chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
                Arguments.of("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n", 400),
                Arguments.of("tab before colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", 400),
                Arguments.of("bare CR in value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400),
                Arguments.of("bare LF ends header", "GET / HTTP/1.1\r\nHost: h\nX: a\r\n\r\n", 400),
                Arguments.of("bare LF request line", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
                Arguments.of("NUL in value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n", 400),
                Arguments.of("no colon", "GET / HTTP/1.1\r\nHost: h\r\nJunk\r\n\r\n", 400),
                Arguments.of("empty name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", 400),
                Arguments.of("bad name char", "GET / HTTP/1.1\r\nHost: h\r\nX(y): v\r\n\r\n", 400),
                // Host rules
                Arguments.of("missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("Host with path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                Arguments.of("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
                // request line
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("tab separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("no version", "GET /\r\nHost: h\r\n\r\n", 400),
                Arguments.of("lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("version garbage", "GET / HTTP/1.1x\r\nHost: h\r\n\r\n", 400),
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
                Arguments.of("HTTP/3.0", "GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505),
                Arguments.of("h2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
                Arguments.of("relative target", "GET foo HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("fragment", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("non-ASCII target", "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("asterisk not OPTIONS", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("absolute userinfo", "GET http://u@h/ HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("absolute no host", "GET http:/// HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("CONNECT", "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", 501),
                Arguments.of("method with slash", "GE/T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                Arguments.of("unknown expectation", "GET / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\n\r\n", 417));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformed")
    void rejectsMalformedAndSmugglingInput(String name, String input, int status) {
        for (int[] cuts : List.of(new int[0], everyByte(input.length()))) {
            assertThatThrownBy(() -> feed(new RequestParser(Http1Config.defaults(), -1),
                    input.getBytes(StandardCharsets.ISO_8859_1), cuts))
                    .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).as(name).isEqualTo(status));
        }
    }

    private Http1Request parse(String s) throws Http1Exception {
        RequestParser p = new RequestParser(Http1Config.defaults(), -1);
        assertThat(p.parse(buf(s))).isTrue();
        return p.take();
    }

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
