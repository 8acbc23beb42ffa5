package dev.celeris.router;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.HttpResponse;
import dev.celeris.router.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One request and its response as handlers see them. It belongs to the request's thread, is not
 * pooled and may be kept. Request accessors are {@code param}, {@code query*}, {@code header*},
 * {@code cookie*}, {@code body*}, {@code bindJson}, {@code form*}; response writers are
 * {@code status}, {@code header}, {@code json}, {@code string}, {@code html}, {@code bytes},
 * {@code stream}, {@code sse}, {@code file}, {@code redirect}, {@code noContent}, {@code trailer}.
 *
 * <p>A {@code HEAD} request served by a GET route runs the same code; the engine sends the
 * headers GET would get (with its {@code content-length}) and leaves the body out
 * (RFC 9110 §9.3.2).
 */
public final class Context {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";

    private final Router router;
    private final HttpRequest request;
    private HttpResponse response;
    /** The engine's response, before any {@link #wrapResponse} (a WebSocket upgrade needs it). */
    private final HttpResponse rawResponse;
    /** Null for a route without parameters until {@link #params()} is asked for. */
    private Params params;
    private final boolean head;

    private Route route;
    private Handler[] chain;
    private int index = -1;

    /** The first attribute lives here (middleware usually sets one: the request id); more in {@link #moreAttributes}. */
    private String attributeKey;
    private Object attributeValue;
    private boolean hasAttribute;
    private Attributes moreAttributes;
    private Map<String, List<String>> query;
    private Map<String, String> cookies;
    private InputStream bodyStream;
    private byte[] body;
    private Map<String, List<String>> form;
    private MultipartForm multipart;
    private BodyOutputStream out;
    private long bytesWritten;
    private ClientIdentity identity;

    Context(Router router, HttpRequest request, HttpResponse response, Params params) {
        this.router = router;
        this.request = request;
        this.response = response;
        this.rawResponse = response;
        this.params = params;
        this.head = "HEAD".equals(request.method());
    }

    void begin(Route matched, Handler[] handlers) {
        this.route = matched;
        this.chain = handlers;
    }

    /**
     * Runs the next handler of the chain. Middleware calls it to pass the request on and gets
     * control back when the rest of the chain has finished (or thrown). Not calling it ends the
     * chain: the middleware has answered.
     */
    public void next() throws Exception {
        int i = ++index;
        if (i < chain.length) chain[i].handle(this);
    }

    // --- request -----------------------------------------------------------------------------

    public Router router() { return router; }
    public HttpRequest request() { return request; }
    public String method() { return request.method(); }
    /** The request path as sent, without the query. */
    public String path() { return request.path(); }
    /** The query string without {@code ?}, or null. */
    public String rawQuery() { return request.rawQuery(); }
    /** {@code HTTP/2.0}, {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String protocol() { return request.protocol(); }
    /** {@code http} or {@code https}: the request's, or what a trusted proxy forwarded ({@link Router#trustProxies}). */
    public String scheme() { return router.trustedProxies().isEmpty() ? request.scheme() : identity().scheme(); }
    /**
     * {@code :authority} (HTTP/2) or {@code Host} (HTTP/1.1), or what a trusted proxy forwarded
     * ({@link Router#trustProxies}); may be null.
     */
    public String host() { return router.trustedProxies().isEmpty() ? request.authority() : identity().host(); }
    public SocketAddress remoteAddress() { return request.remoteAddress(); }
    /**
     * The TLS session (protocol, cipher suite, SNI name; under mTLS the client's certificate via
     * {@code getPeerCertificates()}), or null for cleartext.
     */
    public javax.net.ssl.SSLSession tlsSession() { return request.tlsSession(); }

    /**
     * The client's IP address as text (no port): the connection's peer (with the PROXY protocol,
     * the client it announced), or — when that peer is a trusted proxy ({@link Router#trustProxies})
     * — the client its {@code Forwarded} / {@code X-Forwarded-For} header names.
     */
    public String clientIp() { return identity().ip(); }

    private ClientIdentity identity() {
        if (identity == null) identity = router.trustedProxies().resolve(request);
        return identity;
    }

    /** The matched route, or null when none matched (404/405 handlers). */
    public Route route() { return route; }

    /** The matched route's pattern, e.g. {@code /users/:id}; null when no route matched. */
    public String routeTemplate() { return route == null ? null : route.path(); }

    /** The decoded path parameter {@code name} ({@code :name} or {@code *name}), or null. */
    public String param(String name) { return params == null ? null : params.get(name); }

    public Params params() {
        if (params == null) params = new Params();
        return params;
    }

    /** The path parameter as an int; 400 when it is not one. */
    public int paramInt(String name) {
        return parseInt("path parameter", name, param(name));
    }

    /** The first value of query parameter {@code name}, or null. */
    public String query(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.get(0);
    }

    public String query(String name, String defaultValue) {
        String v = query(name);
        return v == null ? defaultValue : v;
    }

    /** The query parameter as an int, {@code defaultValue} when absent, 400 when malformed. */
    public int queryInt(String name, int defaultValue) {
        String v = query(name);
        return v == null || v.isEmpty() ? defaultValue : parseInt("query parameter", name, v);
    }

    public long queryLong(String name, long defaultValue) {
        String v = query(name);
        if (v == null || v.isEmpty()) return defaultValue;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new HttpException(400, "query parameter '" + name + "' must be an integer: " + v);
        }
    }

    /** {@code true/1/yes/on} or {@code false/0/no/off}; 400 otherwise. */
    public boolean queryBool(String name, boolean defaultValue) {
        String v = query(name);
        if (v == null || v.isEmpty()) return defaultValue;
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new HttpException(400, "query parameter '" + name + "' must be a boolean: " + v);
        };
    }

    /** Every value of query parameter {@code name} ({@code ?tag=a&tag=b}). */
    public List<String> queryValues(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    /** All query parameters, decoded, in order. */
    public Map<String, List<String>> queryParams() {
        if (query == null) query = QueryString.parse(request.rawQuery());
        return query;
    }

    /**
     * The first value of request header {@code name} (any case). For {@code cookie}, HTTP/2's
     * split fields are joined with "; " (RFC 9113 §8.2.3).
     */
    public String header(String name) {
        if ("cookie".equalsIgnoreCase(name)) {
            List<String> all = request.headers().getAll("cookie");
            return all.isEmpty() ? null : String.join("; ", all);
        }
        return request.headers().get(name);
    }

    /** Every value of request header {@code name}, as received. */
    public List<String> headerValues(String name) {
        return request.headers().getAll(name);
    }

    /** All request headers (read-only, names lower case). */
    public Headers headers() { return request.headers(); }

    public String contentType() { return request.headers().get("content-type"); }

    /** The cookie {@code name} sent by the client, or null. */
    public String cookie(String name) { return cookies().get(name); }

    public Map<String, String> cookies() {
        if (cookies == null) cookies = Cookies.parse(request.headers().getAll("cookie"));
        return cookies;
    }

    /** The request body as a stream (blocks for bytes; -1 at the end). */
    public InputStream bodyStream() {
        if (bodyStream == null) bodyStream = request.body();
        return bodyStream;
    }

    /** Lets middleware wrap the request body stream (e.g. to limit or count it). */
    public void wrapRequestBody(UnaryOperator<InputStream> wrapper) {
        bodyStream = Objects.requireNonNull(wrapper.apply(bodyStream()));
    }

    /** The whole request body (read once, then cached). */
    public byte[] body() throws IOException {
        if (body == null) body = bodyStream().readAllBytes();
        return body;
    }

    /** The body as text, in the charset of {@code Content-Type} (UTF-8 by default). */
    public String bodyString() throws IOException {
        return new String(body(), charset());
    }

    /** Parses the JSON body into {@code type}; malformed JSON → 400 with the parser's message. */
    public <T> T bindJson(Class<T> type) throws IOException {
        byte[] bytes = body();
        if (bytes.length == 0) throw new HttpException(400, "Invalid JSON: empty request body");
        try {
            return router.jsonCodec().decode(bytes, type);
        } catch (JsonException e) {
            throw new HttpException(400, "Invalid JSON: " + e.getMessage(), e);
        }
    }

    /** The first value of form field {@code name} (urlencoded or multipart body), or null. */
    public String formValue(String name) throws IOException {
        List<String> v = form().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> formValues(String name) throws IOException {
        return form().getOrDefault(name, List.of());
    }

    /** Form fields of an {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body. */
    public Map<String, List<String>> form() throws IOException {
        if (form == null) form = Forms.fields(this);
        return form;
    }

    /** The parsed {@code multipart/form-data} body; 400 when it is another type or malformed. */
    public MultipartForm multipart() throws IOException {
        if (multipart == null) multipart = Forms.multipart(this);
        return multipart;
    }

    /** The uploaded file in form field {@code name}, or null. */
    public FormPart formFile(String name) throws IOException {
        return multipart().file(name);
    }

    /** Trailers the client sent after the body (read the body first). */
    public Headers requestTrailers() { return request.trailers(); }

    // --- attributes --------------------------------------------------------------------------

    /** Stores a per-request attribute (e.g. the authenticated user, for later handlers). */
    public Context set(String key, Object value) {
        if (!hasAttribute || Objects.equals(attributeKey, key)) {
            attributeKey = key;
            attributeValue = value;
            hasAttribute = true;
        } else {
            if (moreAttributes == null) moreAttributes = new Attributes();
            moreAttributes.put(key, value);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) attribute(key);
    }

    public <T> T get(String key, Class<T> type) {
        return type.cast(attribute(key));
    }

    private Object attribute(String key) {
        if (hasAttribute && Objects.equals(attributeKey, key)) return attributeValue;
        return moreAttributes == null ? null : moreAttributes.get(key);
    }

    // --- response ----------------------------------------------------------------------------

    /** The response (possibly wrapped by middleware). */
    public HttpResponse response() { return response; }

    /** Lets middleware wrap the response (compression, timeouts...). */
    HttpResponse rawResponse() {
        return rawResponse;
    }

    public void wrapResponse(UnaryOperator<HttpResponse> wrapper) {
        response = Objects.requireNonNull(wrapper.apply(response));
    }

    public Context status(int status) {
        response.status(status);
        return this;
    }

    public int status() { return response.status(); }

    /** Sets (replaces) a response header. */
    public Context header(String name, String value) {
        response.headers().set(name, value);
        return this;
    }

    /** Adds a response header value (keeps earlier ones). */
    public Context addHeader(String name, String value) {
        response.headers().add(name, value);
        return this;
    }

    public Context contentType(String type) {
        return header("content-type", type);
    }

    public Context setCookie(Cookie cookie) {
        return addHeader("set-cookie", cookie.toHeaderValue());
    }

    /** Adds a response trailer; the body is then streamed so the trailer can follow it. */
    public Context trailer(String name, String value) {
        response.trailers().add(name, value);
        return this;
    }

    public void json(Object value) {
        json(response.status(), value);
    }

    public void json(int status, Object value) {
        send(status, JSON, router.jsonCodec().encode(value));
    }

    public void string(String text) {
        string(response.status(), text);
    }

    public void string(int status, String text) {
        send(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void html(String html) {
        html(response.status(), html);
    }

    public void html(int status, String html) {
        send(status, HTML, html.getBytes(StandardCharsets.UTF_8));
    }

    public void bytes(byte[] bytes, String contentType) {
        send(response.status(), contentType, bytes);
    }

    public void bytes(int status, byte[] bytes, String contentType) {
        send(status, contentType, bytes);
    }

    /** 204 No Content. */
    public void noContent() {
        response.status(204);
        response.end();
    }

    /** 302 Found to {@code location}. */
    public void redirect(String location) {
        redirect(302, location);
    }

    public void redirect(int status, String location) {
        if (status < 300 || status > 399) throw new IllegalArgumentException("redirect status must be 3xx: " + status);
        response.header("location", location);
        response.status(status);
        response.end();
    }

    /**
     * The body as a stream: the first write or flush commits the headers; {@code flush()} sends
     * what is buffered (a chunk); closing it (or returning from the handler) ends the response.
     */
    public OutputStream outputStream() {
        if (out == null) out = new BodyOutputStream(this);
        return out;
    }

    /** Streams a body written by {@code writer} with {@code contentType}; flushes send chunks. */
    public void stream(String contentType, StreamWriter writer) throws Exception {
        if (contentType != null) header("content-type", contentType);
        OutputStream os = outputStream();
        writer.write(os);
        os.close();
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws Exception;
    }

    /**
     * Server-Sent Events: {@code text/event-stream}, no caching, each event flushed. No
     * connection-specific headers are set, so the response is legal on HTTP/2 (RFC 9113 §8.2.2).
     */
    public void sse(SseEmitter.Handler handler) throws Exception {
        header("content-type", "text/event-stream; charset=utf-8");
        header("cache-control", "no-cache");
        OutputStream os = outputStream();
        os.flush();   // commit headers so the client sees the stream open
        handler.handle(new SseEmitter(os, router.jsonCodec()));
        os.close();
    }

    /** Serves a file with ETag, Last-Modified, 304 and single-range 206 support; 404 if missing. */
    public void file(Path file) throws IOException {
        file(file, null);
    }

    public void file(Path file, String contentType) throws IOException {
        if (!Files.isRegularFile(file)) throw new HttpException(404, "Not Found");
        FileResponse.serve(this, Resource.of(file), contentType);
    }

    /** Serves any {@link Resource} (e.g. a class-path entry) like {@link #file(Path)}. */
    public void resource(Resource resource, String contentType) throws IOException {
        FileResponse.serve(this, resource, contentType);
    }

    /** Serves {@code file} as a download named {@code filename}. */
    public void attachment(Path file, String filename) throws IOException {
        String safe = filename.replace("\"", "").replace("\\", "");
        header("content-disposition", "attachment; filename=\"" + safe + "\"");
        file(file);
    }

    void countWritten(long n) {
        bytesWritten += n;
    }

    /** Bytes of response body written so far by this context (before any compression). */
    public long bytesWritten() { return bytesWritten; }

    public boolean isCommitted() { return response.isCommitted(); }

    // --- internals ---------------------------------------------------------------------------

    private void send(int status, String contentType, byte[] bytes) {
        response.status(status);
        if (contentType != null) response.headers().set("content-type", contentType);
        writeBody(bytes);
    }

    /** Writes a complete body: at once, or streamed when trailers must follow it. */
    void writeBody(byte[] bytes) {
        bytesWritten += bytes.length;
        if (!head && response.hasTrailers()) {
            try (OutputStream os = response.body()) {
                os.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            response.send(bytes);
        }
    }

    /** Clears representation headers a failed handler may have set before the error response. */
    void prepareErrorResponse() {
        Headers h = response.headers();
        for (String name : new String[] {"content-type", "content-length", "content-encoding", "content-disposition",
                "content-range", "etag", "last-modified"}) {
            h.remove(name);
        }
        if (response.hasTrailers()) response.trailers().clear();
    }

    /** Ends the response if the handlers did not. */
    void finish() throws IOException {
        if (response.isDone()) return;
        if (out != null) {
            out.close();
        } else {
            response.end();
        }
    }

    private Charset charset() {
        String cs = Multipart.parameter(contentType(), "charset");
        if (cs == null) return StandardCharsets.UTF_8;
        try {
            return Charset.forName(cs);
        } catch (RuntimeException e) {
            throw new HttpException(415, "unsupported charset: " + cs);
        }
    }

    private static int parseInt(String what, String name, String v) {
        if (v == null) throw new HttpException(400, "missing " + what + " '" + name + "'");
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new HttpException(400, what + " '" + name + "' must be an integer: " + v);
        }
    }
}
