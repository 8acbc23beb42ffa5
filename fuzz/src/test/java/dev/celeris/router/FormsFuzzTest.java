package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query strings and urlencoded bodies, cookies and multipart bodies: text from the client.
 *
 * <p>Invariants: arbitrary input parses or fails only with a 400 {@link HttpException}; every
 * name and value list is non-empty where the format says so; encoding fuzzed fields and
 * parsing them back gives the same fields (query strings with URL encoding, cookies with
 * token names and cookie-octet values, multipart with any bytes as content); the multipart
 * boundary read from a content type is null or 1..70 characters.
 */
class FormsFuzzTest {

    @FuzzTest(maxDuration = "")
    void queryString(FuzzedDataProvider data) {
        String raw = data.consumeString(500);
        Map<String, List<String>> parsed = QueryString.parse(raw);
        parsed.values().forEach(v -> assertThat(v).isNotEmpty());
        Map<String, List<String>> fields = new LinkedHashMap<>();
        StringBuilder encoded = new StringBuilder();
        while (data.remainingBytes() > 0 && fields.size() < 20) {
            String name = data.consumeString(20);
            String value = data.consumeString(40);
            if (name.isEmpty() || !RouterPathFuzzTest.isWellFormed(name) || !RouterPathFuzzTest.isWellFormed(value)) continue;
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            if (!encoded.isEmpty()) encoded.append('&');
            encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        assertThat(QueryString.parse(encoded.toString())).as("round trip of %s", encoded).isEqualTo(fields);
    }

    @FuzzTest(maxDuration = "")
    void cookies(FuzzedDataProvider data) {
        List<String> headers = List.of(data.consumeString(300), data.consumeString(100));
        Map<String, String> parsed = Cookies.parse(headers);
        parsed.forEach((name, value) -> {
            assertThat(name).isNotEmpty().isEqualTo(name.trim()).doesNotContain(";");
            assertThat(value).doesNotContain(";");
        });
        Map<String, String> jar = new LinkedHashMap<>();
        StringBuilder header = new StringBuilder();
        while (data.remainingBytes() > 0 && jar.size() < 20) {
            String name = token(data.consumeString(16));
            String value = cookieOctets(data.consumeString(32));
            boolean quoted = data.consumeBoolean();
            if (name.isEmpty() || jar.containsKey(name)) continue;
            jar.put(name, value);
            if (!header.isEmpty()) header.append("; ");
            header.append(name).append('=').append(quoted ? '"' + value + '"' : value);
        }
        assertThat(Cookies.parse(List.of(header.toString()))).as("round trip of %s", header).isEqualTo(jar);
    }

    /** RFC 9110 §5.6.2 token characters only. */
    private static String token(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) if (c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0) b.append(c);
        return b.toString();
    }

    /** RFC 6265 §4.1.1 cookie-octet characters only. */
    private static String cookieOctets(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) if (c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\') b.append(c);
        return b.toString();
    }

    @FuzzTest(maxDuration = "")
    void multipartArbitrary(FuzzedDataProvider data) {
        String contentType = data.consumeString(100);
        String boundary = Multipart.boundary(contentType);
        if (boundary != null) assertThat(boundary.length()).isBetween(1, 70);
        String b = data.consumeBoolean() ? "XyZ" : data.consumeString(10);
        if (b.isEmpty()) return;
        byte[] body = data.consumeRemainingAsBytes();
        try {
            MultipartForm form = Multipart.parse(body, b);
            long total = 0;
            for (FormPart part : form.parts()) total += part.content().length;
            assertThat(total).as("content within body").isLessThanOrEqualTo(body.length);
        } catch (HttpException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @FuzzTest(maxDuration = "")
    void multipartRoundTrip(FuzzedDataProvider data) {
        String boundary = "----celeris" + Long.toHexString(data.consumeLong());
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int n = data.consumeInt(1, 5);
        for (int i = 0; i < n; i++) {
            String name = token(data.consumeString(12));
            if (name.isEmpty()) name = "f" + i;
            byte[] content = data.consumeBytes(data.consumeInt(0, 300));
            names.add(name);
            contents.add(content);
            body.writeBytes(("--" + boundary + "\r\ncontent-disposition: form-data; name=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] bytes = body.toByteArray();
        if (containsDelimiter(contents, boundary)) return;   // content that holds the delimiter is not encodable
        MultipartForm form = Multipart.parse(bytes, boundary);
        assertThat(form.parts()).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(form.parts().get(i).name()).isEqualTo(names.get(i));
            assertThat(form.parts().get(i).content()).isEqualTo(contents.get(i));
        }
    }

    private static boolean containsDelimiter(List<byte[]> contents, String boundary) {
        for (byte[] c : contents) {
            String s = new String(c, StandardCharsets.ISO_8859_1) + "\r\n";
            if (s.contains("\r\n--" + boundary)) return true;
        }
        return false;
    }
}
