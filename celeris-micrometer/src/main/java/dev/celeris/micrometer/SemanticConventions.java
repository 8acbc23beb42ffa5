package dev.celeris.micrometer;

import java.util.Set;

/**
 * Attribute values of the OpenTelemetry HTTP semantic conventions, bounded so a meter's tag
 * set can never grow with what clients send: methods outside the known set fold to
 * {@code _OTHER}, HTTP/2 error codes outside RFC 9113 §7 fold to {@code _OTHER}.
 */
final class SemanticConventions {

    static final String OTHER = "_OTHER";
    /** {@code http.route} when no route matched (404, 405): never the raw path. */
    static final String UNMATCHED = "_UNMATCHED";

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY");
    private static final String[] H2_ERRORS = {
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
    private static final String[] STATUS = new String[600];

    static {
        for (int i = 100; i < STATUS.length; i++) STATUS[i] = Integer.toString(i);
    }

    private SemanticConventions() {
    }

    /** {@code http.request.method}: the method if the conventions know it, else {@code _OTHER}. */
    static String method(String method) {
        return method != null && METHODS.contains(method) ? method : OTHER;
    }

    /** {@code http.route}: the router's template, or {@link #UNMATCHED}. */
    static String route(String template) {
        return template == null ? UNMATCHED : template;
    }

    /** {@code http.response.status_code} as a cached string. */
    static String status(int status) {
        return status >= 100 && status < STATUS.length ? STATUS[status] : OTHER;
    }

    /** {@code network.protocol.version}: {@code 1.1}, {@code 1.0}, {@code 2}, or {@code unknown}. */
    static String protocolVersion(String protocol) {
        if (protocol == null) return "unknown";
        return switch (protocol) {
            case "HTTP/2.0", "HTTP/2" -> "2";
            case "HTTP/1.1" -> "1.1";
            case "HTTP/1.0" -> "1.0";
            default -> OTHER;
        };
    }

    /** An HTTP/2 error code's RFC 9113 name, or {@code _OTHER} for an unknown value. */
    static String h2Error(long code) {
        return code >= 0 && code < H2_ERRORS.length ? H2_ERRORS[(int) code] : OTHER;
    }
}
