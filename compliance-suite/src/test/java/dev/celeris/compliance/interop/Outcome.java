package dev.celeris.compliance.interop;

/**
 * One cell of the matrix.
 *
 * @param ok       the response had status 200 and the expected body
 * @param protocol the protocol the client reports it used (e.g. {@code HTTP/2}, {@code h2c upgrade})
 * @param detail   what went wrong, or a short note
 */
public record Outcome(boolean ok, String protocol, String detail) {

    public static Outcome of(int status, byte[] body, Scenario s, String protocol) {
        boolean ok = status == 200 && s.accepts(body);
        return new Outcome(ok, protocol, ok ? "" : "status " + status + ", " + body.length + " bytes");
    }

    public static Outcome failed(Throwable t) {
        return new Outcome(false, "", t.toString());
    }

    public String cell() {
        return ok ? "✅ " + protocol : "❌ " + (protocol.isEmpty() ? "" : protocol + ": ") + detail.replace('|', '/');
    }
}
