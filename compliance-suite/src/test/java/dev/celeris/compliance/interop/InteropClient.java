package dev.celeris.compliance.interop;

/** A real HTTP/2 client driven by the interop matrix. */
public interface InteropClient extends AutoCloseable {

    String name();

    /** Why the client cannot run here (a missing binary), or {@code null}. */
    default String unavailable() {
        return null;
    }

    Outcome run(Scenario scenario, String baseUrl) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
