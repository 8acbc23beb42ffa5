package dev.celeris.spi.tls;

/**
 * RFC 9113 §9.2: what TLS a connection needs to carry HTTP/2. TLS 1.3 always qualifies; TLS 1.2
 * needs an ephemeral key exchange (ECDHE or DHE) and an AEAD cipher (GCM, CCM or
 * ChaCha20-Poly1305), which is exactly what the Appendix A list does not forbid among the suites
 * the JDK and OpenSSL offer. Older versions never qualify.
 */
public final class Http2Security {

    private Http2Security() {
    }

    /** Whether {@code protocol} (e.g. {@code TLSv1.2}) with {@code cipherSuite} (IANA name) may carry h2. */
    public static boolean isAcceptable(String protocol, String cipherSuite) {
        if (protocol == null || cipherSuite == null) return false;
        if (protocol.equals("TLSv1.3")) return true;
        if (!protocol.equals("TLSv1.2")) return false; // SPEC: RFC 9113 §9.2 TLS 1.2 or higher
        boolean ephemeral = cipherSuite.startsWith("TLS_ECDHE_") || cipherSuite.startsWith("TLS_DHE_");
        boolean aead = cipherSuite.contains("_GCM_") || cipherSuite.endsWith("_CCM") || cipherSuite.endsWith("_CCM_8")
                || cipherSuite.contains("CHACHA20_POLY1305");
        return ephemeral && aead;
    }
}
