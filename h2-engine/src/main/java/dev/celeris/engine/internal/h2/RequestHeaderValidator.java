package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;

/**
 * Collects one decoded header block of a request (or its trailers) and checks the HTTP
 * message rules of RFC 9113 §8. The HPACK decoder feeds it field by field; a violation is
 * recorded (the first one wins) while the rest of the block is still decoded, so the HPACK
 * state stays in sync, and the caller resets the stream as malformed (§8.1.1: stream error
 * PROTOCOL_ERROR). Reused for every block of a connection; I/O thread only.
 */
final class RequestHeaderValidator {

    String method;
    String scheme;
    String path;
    String authority;
    /** RFC 8441 extended CONNECT's {@code :protocol} (e.g. {@code websocket}); null otherwise. */
    String protocol;
    Headers headers;
    long contentLength;
    private String cookie;
    private boolean trailers;
    private boolean regularSeen;
    private String error;

    /** Starts a request header block. */
    void beginRequest() {
        begin(false);
    }

    /** Starts a trailer block (§8.1: no pseudo-header fields). */
    void beginTrailers() {
        begin(true);
    }

    private void begin(boolean trailerBlock) {
        method = scheme = path = authority = protocol = null;
        headers = null;
        contentLength = -1;
        cookie = null;
        trailers = trailerBlock;
        regularSeen = false;
        error = null;
    }

    /** One decoded field (the HPACK sink). */
    void header(String name, String value) {
        if (error != null) return;
        if (name.isEmpty()) {
            error = "empty field name";
            return;
        }
        if (name.charAt(0) == ':') {
            pseudo(name, value);
            return;
        }
        regularSeen = true;
        // SPEC: RFC 9113 §8.2.1 field names are lowercase tokens; values carry no CR, LF, NUL or edge whitespace
        if (!validName(name)) {
            error = "invalid field name '" + name + "'";
            return;
        }
        if (!validValue(value)) {
            error = "invalid value for '" + name + "'";
            return;
        }
        switch (name) {
            // SPEC: RFC 9113 §8.2.2 connection-specific fields make a request malformed
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
                error = "connection-specific field '" + name + "'";
                return;
            }
            case "te" -> {
                // SPEC: RFC 9113 §8.2.2 TE may only carry "trailers"
                if (!value.equalsIgnoreCase("trailers")) {
                    error = "TE other than 'trailers'";
                    return;
                }
            }
            case "content-length" -> {
                if (!trailers) {
                    long parsed = parseLength(value);
                    if (parsed < 0 || (contentLength >= 0 && contentLength != parsed)) {
                        error = "invalid content-length '" + value + "'";
                        return;
                    }
                    contentLength = parsed;
                }
            }
            case "cookie" -> {
                // SPEC: RFC 9113 §8.2.3 cookie crumbs are joined with "; " for HTTP/1.1-style consumers
                cookie = cookie == null ? value : cookie + "; " + value;
                return;
            }
            default -> {
            }
        }
        if (headers == null) headers = new Headers(8);
        headers.add(name, value);
    }

    private void pseudo(String name, String value) {
        // SPEC: RFC 9113 §8.1 trailers carry no pseudo-header; §8.3 pseudo-headers come before regular ones
        if (trailers) {
            error = "pseudo-header in trailers";
            return;
        }
        if (regularSeen) {
            error = "pseudo-header after a regular field";
            return;
        }
        switch (name) {
            case ":method" -> method = once(method, value, name);
            case ":scheme" -> scheme = once(scheme, value, name);
            case ":path" -> path = once(path, value, name);
            case ":authority" -> authority = once(authority, value, name);
            // SPEC: RFC 8441 §4 :protocol is allowed because our SETTINGS carry ENABLE_CONNECT_PROTOCOL = 1
            case ":protocol" -> protocol = once(protocol, value, name);
            // SPEC: RFC 9113 §8.3 unknown or response pseudo-headers (:status) make a request malformed
            default -> error = "unknown pseudo-header '" + name + "'";
        }
    }

    private String once(String current, String value, String name) {
        if (current != null) {
            error = "duplicate " + name;
            return current;
        }
        return value;
    }

    /**
     * Finishes the block; returns {@code null} when it is a valid request (or trailer) block, or
     * the reason it is malformed.
     */
    String finish() {
        if (cookie != null && error == null) {
            if (headers == null) headers = new Headers(2);
            headers.add("cookie", cookie);
        }
        if (error != null || trailers) return error;
        if (method == null) return "missing :method";
        if (protocol != null) {
            // SPEC: RFC 8441 §4 :protocol only on CONNECT, which then carries :scheme, :path and :authority
            if (!method.equals("CONNECT")) return ":protocol on a " + method + " request";
            if (scheme == null || path == null || path.isEmpty() || authority == null) {
                return "extended CONNECT without :scheme, :path or :authority";
            }
            return path.charAt(0) == '/' ? null : "invalid :path '" + path + "'";
        }
        // SPEC: RFC 9113 §8.5 CONNECT carries :method and :authority only
        if (method.equals("CONNECT")) {
            if (scheme != null || path != null) return "CONNECT with :scheme or :path";
            if (authority == null) return "CONNECT without :authority";
            return null;
        }
        // SPEC: RFC 9113 §8.3.1 :method, :scheme and a non-empty :path are required
        if (scheme == null) return "missing :scheme";
        if (path == null) return "missing :path";
        if (path.isEmpty()) return "empty :path";
        if (path.charAt(0) != '/' && !(path.equals("*") && method.equals("OPTIONS"))) {
            return "invalid :path '" + path + "'";
        }
        String host = headers == null ? null : headers.get("host");
        // SPEC: RFC 9113 §8.3.1 Host and :authority must identify the same origin
        if (authority != null && host != null && !authority.equals(host)) return ":authority and host differ";
        if (authority == null) authority = host;
        return null;
    }

    String error() {
        return error;
    }

    private static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || (c >= 'A' && c <= 'Z') || c >= 0x7f || c == ':') return false;
        }
        return true;
    }

    private static boolean validValue(String value) {
        int n = value.length();
        if (n == 0) return true;
        char first = value.charAt(0);
        char last = value.charAt(n - 1);
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') return false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') return false;
        }
        return true;
    }

    private static long parseLength(String value) {
        if (value.isEmpty() || value.length() > 18) return -1;
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
