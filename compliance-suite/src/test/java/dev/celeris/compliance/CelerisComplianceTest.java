package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the suite — generic, http2, hpack, strict and limits — against Celeris serving
 * the demo routes, on every transport ServiceLoader finds (one server per transport and mode), in
 * cleartext (h2c prior knowledge), over the JDK TLS layer and over each native TLS engine (netty's
 * SslHandler on BoringSSL, jetty's SslConnection), h2 by ALPN.
 */
@Timeout(60)
class CelerisComplianceTest {

    /**
     * Generous for a loaded CI machine (2 cores shared with other builds can stall a JVM for
     * seconds); passing cases never wait for it, every expectation returns on its event.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Set<String> WARM = ConcurrentHashMap.newKeySet();

    static Stream<Arguments> cases() {
        List<String> transports = CelerisServers.transports();
        assertThat(transports).as("transports on the test class path").contains("nio", "netty", "jetty");
        List<ComplianceCase> all = Catalogue.select(null, true, true);
        return Stream.of("h2c", "tls", "tls-native").flatMap(mode -> transports.stream()
                .filter(t -> !mode.equals("tls-native") || NATIVE_TLS.contains(t))
                .flatMap(t -> all.stream().map(c -> Arguments.of(t, mode, c))));
    }

    /** Transports with a native TLS engine ({@code TlsConfig.engine(NATIVE)}). */
    private static final Set<String> NATIVE_TLS = Set.of("netty", "jetty");

    @ParameterizedTest(name = "[{0} {1}] {2}")
    @MethodSource("cases")
    void conforms(String transport, String mode, ComplianceCase testCase) {
        Runner runner = new Runner(switch (mode) {
            case "tls" -> CelerisServers.tlsTarget(transport, TIMEOUT);
            case "tls-native" -> CelerisServers.tlsTarget(transport, TIMEOUT, dev.celeris.spi.tls.TlsConfig.Engine.NATIVE);
            default -> CelerisServers.target(transport, TIMEOUT);
        });
        if (WARM.add(transport + mode)) runner.warmUp();
        Result r = runner.run(testCase);
        Assumptions.assumeTrue(r.verdict() != Result.Verdict.SKIP, r.line());
        assertThat(r.verdict()).as("%s\nrequirement (%s §%s): %s", r.line(), testCase.rfc(), testCase.section(), testCase.requirement())
                .isEqualTo(Result.Verdict.PASS);
    }

    @AfterAll
    static void stopServers() {
        CelerisServers.closeAll();
    }
}
