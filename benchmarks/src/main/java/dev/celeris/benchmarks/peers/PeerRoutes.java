package dev.celeris.benchmarks.peers;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark scenarios every server answers identically (the Celeris demo's routes):
 * {@code GET /} hello text, {@code GET /json}, {@code GET /users/:userId/posts/:postId},
 * {@code POST /echo} (body echoed as JSON) and {@code GET /download?bytes=N}.
 * Peers call {@link #respond} so the work per request is the same everywhere; each peer keeps
 * its own idiomatic request/response plumbing.
 */
public final class PeerRoutes {

    public static final byte[] HELLO = "Hello, Celeris!".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII);
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String APPLICATION_JSON = "application/json";
    public static final String OCTETS = "application/octet-stream";
    /** Largest download served; the scenarios use 1 MiB. */
    public static final int MAX_DOWNLOAD = 64 * 1024 * 1024;
    private static final byte[] DOWNLOAD_BLOCK = new byte[1024 * 1024];

    static {
        fillPattern(DOWNLOAD_BLOCK);
    }

    private PeerRoutes() {
    }

    /** A response: status, content type and body (the body array may be shared: never modify it). */
    public record Reply(int status, String contentType, byte[] body, int length) {
        static Reply of(int status, String type, byte[] body) {
            return new Reply(status, type, body, body.length);
        }
    }

    /**
     * Answers one request. {@code query} is the raw query or null; {@code body} the complete
     * request body (empty for GET).
     */
    public static Reply respond(String method, String path, String query, byte[] body) {
        if ("GET".equals(method) || "HEAD".equals(method)) {
            if ("/".equals(path)) return Reply.of(200, TEXT, HELLO);
            if ("/json".equals(path)) return Reply.of(200, APPLICATION_JSON, JSON);
            if ("/download".equals(path)) return download(query);
            if (path.startsWith("/users/")) {
                String[] parts = path.split("/");
                if (parts.length == 5 && "posts".equals(parts[3])) {
                    String json = "{\"user_id\":\"" + parts[2] + "\",\"post_id\":\"" + parts[4] + "\"}";
                    return Reply.of(200, APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8));
                }
                if (parts.length == 3) {
                    return Reply.of(200, APPLICATION_JSON,
                            ("{\"user_id\":\"" + parts[2] + "\"}").getBytes(StandardCharsets.UTF_8));
                }
            }
        } else if ("POST".equals(method) && "/echo".equals(path)) {
            return Reply.of(200, APPLICATION_JSON, body);
        }
        return Reply.of(404, TEXT, "Not Found".getBytes(StandardCharsets.US_ASCII));
    }

    private static Reply download(String query) {
        int n = 0;
        if (query != null && query.startsWith("bytes=")) {
            try {
                n = Integer.parseInt(query.substring(6));
            } catch (NumberFormatException e) {
                return Reply.of(400, TEXT, "bad bytes".getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (n < 0 || n > MAX_DOWNLOAD) return Reply.of(400, TEXT, "bad bytes".getBytes(StandardCharsets.US_ASCII));
        if (n <= DOWNLOAD_BLOCK.length) return new Reply(200, OCTETS, DOWNLOAD_BLOCK, n);
        byte[] big = new byte[n];
        fillPattern(big);
        return Reply.of(200, OCTETS, big);
    }

    /**
     * The demo app's download bytes ({@code DemoApp.writePattern}): 16 KiB chunks of
     * {@code a..z} repeating, restarting at each chunk, so every server sends the same bytes.
     */
    private static void fillPattern(byte[] into) {
        for (int i = 0; i < into.length; i++) into[i] = (byte) ('a' + (i % (16 * 1024)) % 26);
    }

    /** Splits {@code /path?query} into path and query (null when absent). */
    public static String[] splitTarget(String target) {
        int q = target.indexOf('?');
        return q < 0 ? new String[] {target, null} : new String[] {target.substring(0, q), target.substring(q + 1)};
    }
}
