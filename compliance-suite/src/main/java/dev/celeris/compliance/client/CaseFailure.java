package dev.celeris.compliance.client;

/** A case's verdict when it fails: what the requirement expected and what the server did. */
public final class CaseFailure extends Exception {

    private final String expected;
    private final String seen;

    public CaseFailure(String expected, String seen) {
        super("expected " + expected + ", seen " + seen, null, false, false);
        this.expected = expected;
        this.seen = seen;
    }

    public String expected() {
        return expected;
    }

    public String seen() {
        return seen;
    }
}
