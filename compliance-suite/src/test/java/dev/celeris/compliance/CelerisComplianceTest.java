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
 * the demo routes, on every transport ServiceLoader finds (one server per transport), in
 * cleartext (h2c prior knowledge) and over the JDK TLS layer (h2 by ALPN).
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
        return Stream.of(false, true).flatMap(tls -> transports.stream()
                .flatMap(t -> all.stream().map(c -> Arguments.of(t, tls, c))));
    }

    @ParameterizedTest(name = "[{0} tls={1}] {2}")
    @MethodSource("cases")
    void conforms(String transport, boolean tls, ComplianceCase testCase) {
        Runner runner = new Runner(tls ? CelerisServers.tlsTarget(transport, TIMEOUT) : CelerisServers.target(transport, TIMEOUT));
        if (WARM.add(transport + tls)) runner.warmUp();
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
