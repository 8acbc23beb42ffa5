package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Route lookup and percent-decoding of request paths.
 *
 * <p>Invariants: lookup of any path returns a route whose pattern matches it (a {@code :param}
 * is one non-empty segment, a {@code *param} the rest), with each parameter the
 * percent-decoded text it matched; a path equal to a static pattern finds that route;
 * decoding never throws, leaves text without escapes unchanged, and inverts percent-encoding
 * of any UTF-8 text (path: {@code +} stays; component: {@code +} is a space).
 */
class RouterPathFuzzTest {

    private static final List<String> PATTERNS = List.of(
            "/", "/users", "/users/:id", "/users/:id/posts/:post", "/users/new", "/files/*path",
            "/api/v1/posts", "/api/v1/posts/:id", "/a/b/c", "/a/:x/c", "/static/*rest");
    private static final Router ROUTER = router();

    private static Router router() {
        Router r = Router.create();
        for (String p : PATTERNS) r.get(p, ctx -> { });
        return r;
    }

    @FuzzTest(maxDuration = "")
    void lookup(FuzzedDataProvider data) {
        String path = data.consumeBoolean() ? "/" + data.consumeRemainingAsAsciiString() : data.consumeRemainingAsString();
        Params params = new Params();
        Route route = ROUTER.find("GET", path, params);
        if (PATTERNS.contains(path) && !path.contains(":") && !path.contains("*")) {
            assertThat(route).as("static route %s", path).isNotNull();
            assertThat(route.path()).isEqualTo(path);
        }
        if (route == null) return;
        Matcher m = regex(route.path()).matcher(path);
        assertThat(m.matches()).as("%s matches %s", path, route.path()).isTrue();
        assertThat(params.size()).isEqualTo(m.groupCount());
        for (int i = 0; i < params.size(); i++) {
            String raw = m.group(i + 1);
            assertThat(params.value(i)).as("param %s", params.name(i)).isEqualTo(PercentDecoder.decodePath(raw, 0, raw.length()));
        }
    }

    private static Pattern regex(String pattern) {
        List<String> parts = new java.util.ArrayList<>();
        for (String seg : pattern.split("/", -1)) {
            parts.add(seg.startsWith(":") ? "([^/]+)" : seg.startsWith("*") ? "(.*)" : Pattern.quote(seg));
        }
        return Pattern.compile(String.join("/", parts), Pattern.DOTALL);
    }

    @FuzzTest(maxDuration = "")
    void percentDecoding(FuzzedDataProvider data) {
        String raw = data.consumeString(200);
        String text = data.consumeRemainingAsString();
        String path = PercentDecoder.decodePath(raw, 0, raw.length());
        String component = PercentDecoder.decodeComponent(raw, 0, raw.length());
        if (raw.indexOf('%') < 0) {
            assertThat(path).isEqualTo(raw);
            assertThat(component).isEqualTo(raw.replace('+', ' '));
        }
        if (isWellFormed(text)) {
            String encoded = percentEncode(text);
            assertThat(PercentDecoder.decodePath(encoded, 0, encoded.length())).isEqualTo(text);
            String form = java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
            assertThat(PercentDecoder.decodeComponent(form, 0, form.length())).isEqualTo(text);
        }
    }

    /** Every byte but unreserved ones as %XX (RFC 3986 §2.1). */
    static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** No lone surrogates: such text has no UTF-8 form to round-trip through. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
