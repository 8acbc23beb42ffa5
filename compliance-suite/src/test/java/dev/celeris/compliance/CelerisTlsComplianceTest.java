package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Every case of the suite against Celeris over TLS (h2 by ALPN, the JDK TLS layer), on every
 * transport: the protocol engine must behave the same whatever carries its bytes.
 */
@Timeout(60)
class CelerisTlsComplianceTest {

    private static final Set<String> WARM = ConcurrentHashMap.newKeySet();

    static Stream<Arguments> cases() {
        List<String> transports = CelerisServers.transports();
        assertThat(transports).as("transports on the test class path").contains("nio", "netty", "jetty");
        List<ComplianceCase> all = Catalogue.select(null, true, true);
        return transports.stream().flatMap(t -> all.stream().map(c -> Arguments.of(t, c)));
    }

    @ParameterizedTest(name = "[{0} tls] {1}")
    @MethodSource("cases")
    void conforms(String transport, ComplianceCase testCase) {
        Runner runner = new Runner(CelerisServers.tlsTarget(transport, CelerisComplianceTest.TIMEOUT));
        if (WARM.add(transport)) runner.warmUp();
        Result r = runner.run(testCase);
        Assumptions.assumeTrue(r.verdict() != Result.Verdict.SKIP, r.line());
        assertThat(r.verdict()).as("%s\nrequirement (%s §%s): %s", r.line(), testCase.rfc(), testCase.section(),
                testCase.requirement()).isEqualTo(Result.Verdict.PASS);
    }

    @AfterAll
    static void stopServers() {
        CelerisServers.closeAll();
    }
}
