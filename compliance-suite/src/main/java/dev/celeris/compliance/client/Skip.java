package dev.celeris.compliance.client;

/** The server's configuration makes a case inapplicable (h2spec skips these too), e.g. no stream limit. */
public final class Skip extends Exception {

    public Skip(String reason) {
        super(reason, null, false, false);
    }
}
