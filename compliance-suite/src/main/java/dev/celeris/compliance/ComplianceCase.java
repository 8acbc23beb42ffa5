package dev.celeris.compliance;

/**
 * One conformance case: a requirement of RFC 9113 or RFC 7541, quoted in one line, and the
 * exchange that checks it.
 *
 * @param id          stable identifier, {@code group/section/n}, e.g. {@code http2/6.5/1}
 * @param group       {@code generic}, {@code http2}, {@code hpack}, {@code strict} or {@code limits}
 * @param rfc         {@code RFC 9113} or {@code RFC 7541}
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
