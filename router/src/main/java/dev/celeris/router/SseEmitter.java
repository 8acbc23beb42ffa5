package dev.celeris.router;

import dev.celeris.router.json.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes Server-Sent Events (WHATWG HTML §9.2) to a streamed response; every call flushes so the
 * event leaves at once. A write fails with an {@link IOException} once the client has gone.
 *
 * <pre>{@code
 * router.get("/ticks", ctx -> ctx.sse(sse -> {
 *     for (int i = 0; i < 10; i++) { sse.event("tick", Integer.toString(i)); Thread.sleep(1000); }
 * }));
 * }</pre>
 */
public final class SseEmitter {

    /** Writes events; see {@link Context#sse}. */
    @FunctionalInterface
    public interface Handler {
        void handle(SseEmitter sse) throws Exception;
    }

    private final OutputStream out;
    private final JsonCodec json;

    SseEmitter(OutputStream out, JsonCodec json) {
        this.out = out;
        this.json = json;
    }

    /** An unnamed event carrying {@code data} (multi-line data becomes several data lines). */
    public SseEmitter data(String data) throws IOException {
        return send(null, null, data);
    }

    /** A named event. */
    public SseEmitter event(String name, String data) throws IOException {
        return send(name, null, data);
    }

    /** A named event with {@code value} as JSON data. */
    public SseEmitter json(String name, Object value) throws IOException {
        return send(name, null, new String(json.encode(value), StandardCharsets.UTF_8));
    }

    /** An event with an id (for {@code Last-Event-ID} on reconnect), a name (may be null) and data. */
    public SseEmitter send(String name, String id, String data) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (id != null) sb.append("id: ").append(singleLine(id)).append('\n');
        if (name != null) sb.append("event: ").append(singleLine(name)).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) sb.append("data: ").append(line).append('\n');
        sb.append('\n');
        return write(sb);
    }

    /** A comment line, e.g. a keep-alive. */
    public SseEmitter comment(String text) throws IOException {
        return write(new StringBuilder(": ").append(singleLine(text)).append("\n\n"));
    }

    /** Tells the client how long to wait before reconnecting. */
    public SseEmitter retry(Duration delay) throws IOException {
        return write(new StringBuilder("retry: ").append(delay.toMillis()).append("\n\n"));
    }

    private SseEmitter write(CharSequence s) throws IOException {
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    private static String singleLine(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) throw new IllegalArgumentException("SSE field must be one line");
        return s;
    }
}
