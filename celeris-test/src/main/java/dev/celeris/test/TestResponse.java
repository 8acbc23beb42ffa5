package dev.celeris.test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import okhttp3.Headers;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;

/** A received response with fluent assertions; each {@code expect...} returns {@code this}. */
public final class TestResponse {

    private final String request;
    private final int status;
    private final Headers headers;
    private final byte[] body;
    private final String protocol;

    TestResponse(String request, int status, Headers headers, byte[] body, String protocol) {
        this.request = request;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.protocol = protocol;
    }

    public int status() {
        return status;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    public List<String> headerValues(String name) {
        return headers.values(name);
    }

    public byte[] bodyBytes() {
        return body.clone();
    }

    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@code HTTP/2} or {@code HTTP/1.1}. */
    public String protocol() {
        return protocol;
    }

    /** The body read as JSON into {@code type}. */
    public <T> T as(Class<T> type) {
        return Json.read(body(), type);
    }

    public TestResponse expectStatus(int expected) {
        if (status != expected) fail("status", expected, status);
        return this;
    }

    public TestResponse expectHeader(String name, String expected) {
        String actual = header(name);
        if (!Objects.equals(expected, actual)) fail("header " + name, expected, actual);
        return this;
    }

    public TestResponse expectBody(String expected) {
        if (!expected.equals(body())) fail("body", expected, body());
        return this;
    }

    public TestResponse expectBodyContains(String part) {
        if (!body().contains(part)) fail("body containing", part, body());
        return this;
    }

    /** The body is JSON equal to {@code expected} (whitespace and key order ignored). */
    public TestResponse expectJson(String expected) {
        JsonNode want = Json.tree(expected);
        JsonNode got = parsed();
        if (!want.equals(got)) fail("JSON body", want.toString(), got.toString());
        return this;
    }

    /**
     * The JSON value at {@code pointer} (RFC 6901, e.g. {@code /user/id} or {@code /0/title})
     * equals {@code expected} (a String, number, boolean, null, Map or List).
     */
    public TestResponse expectJson(String pointer, Object expected) {
        JsonNode at = parsed().at(pointer);
        JsonNode want = Json.tree(expected);
        boolean same = want.isNumber() && at.isNumber() ? want.decimalValue().compareTo(at.decimalValue()) == 0 : want.equals(at);
        if (!same) fail("JSON at " + pointer, want.toString(), at.isMissingNode() ? "(missing)" : at.toString());
        return this;
    }

    public TestResponse expectProtocol(String expected) {
        if (!expected.equals(protocol)) fail("protocol", expected, protocol);
        return this;
    }

    private JsonNode parsed() {
        try {
            return Json.tree(body());
        } catch (RuntimeException e) {
            throw new AssertionFailedError(request + ": the body is not JSON: " + excerpt(), e);
        }
    }

    private void fail(String what, Object expected, Object actual) {
        throw new AssertionFailedError(request + " (" + protocol + "): expected " + what + " " + expected + " but was "
                + actual + "\n" + this, expected, actual);
    }

    private String excerpt() {
        String b = body();
        return b.length() > 500 ? b.substring(0, 500) + "..." : b;
    }

    @Override
    public String toString() {
        return status + " " + protocol + "\n" + headers + "\n" + excerpt();
    }
}
