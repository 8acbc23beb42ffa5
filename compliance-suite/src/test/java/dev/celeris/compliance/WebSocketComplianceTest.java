package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket groups — RFC 6455 over HTTP/1.1 ({@code websocket}) and over HTTP/2 extended
 * CONNECT ({@code websocket-h2}), permessage-deflate on both — against Celeris on every
 * transport, cleartext, with the default WebSocket limits. Every case must pass: a skip (e.g. a
 * declined permessage-deflate or an unknown limit) fails here too.
 */
@Timeout(60)
class WebSocketComplianceTest {

    static Stream<Arguments> cases() {
        List<String> transports = CelerisServers.transports();
        assertThat(transports).as("transports on the test class path").contains("nio", "netty", "jetty");
        List<ComplianceCase> ws = Catalogue.select(null, false, false, true).stream()
                .filter(c -> Catalogue.WEBSOCKET_GROUPS.contains(c.group())).toList();
        return transports.stream().flatMap(t -> ws.stream().map(c -> Arguments.of(t, c)));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("cases")
    void conforms(String transport, ComplianceCase testCase) {
        Result r = new Runner(CelerisServers.wsTarget(transport, false, CelerisComplianceTest.TIMEOUT)).run(testCase);
        assertThat(r.verdict()).as("%s\nrequirement (%s §%s): %s", r.line(), testCase.rfc(), testCase.section(), testCase.requirement())
                .isEqualTo(Result.Verdict.PASS);
    }

    @AfterAll
    static void stopServers() {
        CelerisServers.closeAll();
    }
}
