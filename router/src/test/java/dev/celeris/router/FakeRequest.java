package dev.celeris.router;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/** An in-memory {@link HttpRequest} for unit tests. */
public final class FakeRequest implements HttpRequest {

    String method;
    String path;
    String rawQuery;
    String protocol = "HTTP/2.0";
    final Headers headers = new Headers();
    final Headers trailers = new Headers();
    byte[] body = new byte[0];
    InputStream bodyStream;
    long contentLength = -1;
    SocketAddress remote = new InetSocketAddress("127.0.0.1", 54321);

    private FakeRequest(String method, String target) {
        this.method = method;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
    }

    public static FakeRequest of(String method, String target) {
        return new FakeRequest(method, target);
    }

    public FakeRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public FakeRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    public FakeRequest body(byte[] bytes) {
        this.body = bytes;
        this.contentLength = bytes.length;
        return this;
    }

    /** A body of unknown length (like chunked HTTP/1.1 or HTTP/2 without content-length). */
    public FakeRequest streamedBody(byte[] bytes) {
        this.body = bytes;
        this.contentLength = -1;
        return this;
    }

    /** The connection's peer: {@code ip} port 54321. */
    public FakeRequest remote(String ip) {
        this.remote = new InetSocketAddress(ip, 54321);
        return this;
    }

    public FakeRequest protocol(String protocol) {
        this.protocol = protocol;
        return this;
    }

    @Override public String method() { return method; }
    @Override public String path() { return path; }
    @Override public String rawQuery() { return rawQuery; }
    @Override public String scheme() { return "http"; }
    @Override public String authority() { return "localhost"; }
    @Override public String protocol() { return protocol; }
    @Override public Headers headers() { return headers; }
    @Override public long contentLength() { return contentLength; }

    @Override
    public InputStream body() {
        if (bodyStream == null) bodyStream = new ByteArrayInputStream(body);
        return bodyStream;
    }

    @Override public Headers trailers() { return trailers; }
    @Override public SocketAddress remoteAddress() { return remote; }
    @Override public SocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 8080); }
    @Override public int streamId() { return 1; }
    private String routeTemplate;
    @Override public String routeTemplate() { return routeTemplate; }
    @Override public void routeTemplate(String template) { routeTemplate = template; }
}
