package dev.celeris.compliance;

/**
 * One conformance case: a requirement of RFC 9113, RFC 7541 or, in the WebSocket groups, RFC 6455,
 * RFC 8441, RFC 7692 or RFC 9110, quoted in one line, and the exchange that checks it.
 *
 * @param id          stable identifier, {@code group/section/n}, e.g. {@code http2/6.5/1}
 * @param group       {@code generic}, {@code http2}, {@code hpack}, {@code strict}, {@code limits},
 *                    {@code websocket}, {@code websocket-h2}, {@code deflate} or {@code deflate-h2}
 * @param rfc         the RFC the requirement comes from, e.g. {@code RFC 9113}
 * @param section     the RFC section the requirement comes from, e.g. {@code 6.5.2}
 * @param requirement the requirement, quoted in one line
 * @param description what the case sends
 * @param body        the exchange
 */
public record ComplianceCase(String id, String group, String rfc, String section, String requirement, String description, Body body) {

    /** The exchange; throws {@link dev.celeris.compliance.client.CaseFailure} when the server deviates. */
    @FunctionalInterface
    public interface Body {
        void run(CaseContext ctx) throws Exception;
    }

    /** Whether {@code --section filter} selects this case: a group name, an id, or a section prefix. */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) return true;
        String f = filter.trim();
        if (f.equals(group) || id.equals(f) || id.startsWith(f + "/")) return true;
        return section.equals(f) || section.startsWith(f + ".");
    }

    @Override
    public String toString() {
        return id + " " + description;
    }
}
