package dev.celeris.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A request being built; {@link #send()} (or any {@code expect...}) sends it. */
public final class TestRequest {

    private final OkHttpClient http;
    private final String method;
    private final String url;
    private final Headers.Builder headers = new Headers.Builder();
    private byte[] body;
    private String contentType;

    TestRequest(OkHttpClient http, String method, String url) {
        this.http = http;
        this.method = method;
        this.url = url;
    }

    public TestRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** {@code Authorization: Bearer token}. */
    public TestRequest bearer(String token) {
        return header("authorization", "Bearer " + token);
    }

    public TestRequest body(String text, String contentType) {
        return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public TestRequest body(byte[] bytes, String contentType) {
        this.body = bytes.clone();
        this.contentType = contentType;
        return this;
    }

    /** A JSON body: a {@code String} is sent as is, anything else is serialized with Jackson. */
    public TestRequest json(Object value) {
        String text = value instanceof String s ? s : Json.write(value);
        return body(text, "application/json");
    }

    /** Sends the request and returns the whole response. */
    public TestResponse send() {
        RequestBody requestBody = null;
        if (body != null) {
            requestBody = RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType));
        } else if (java.util.Set.of("POST", "PUT", "PATCH").contains(method)) {
            requestBody = RequestBody.create(new byte[0], null);
        }
        Request request = new Request.Builder().url(url).headers(headers.build()).method(method, requestBody).build();
        try (Response response = http.newCall(request).execute()) {
            byte[] bytes = response.body().bytes();
            return new TestResponse(method + " " + url, response.code(), response.headers(), bytes,
                    response.protocol() == okhttp3.Protocol.HTTP_1_1 ? "HTTP/1.1" : "HTTP/2");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed: " + e.getMessage(), e);
        }
    }

    /** Sends the request and asserts the status. */
    public TestResponse expectStatus(int status) {
        return send().expectStatus(status);
    }
}
