package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.examples.DemoApp;
import dev.celeris.examples.DemoMetrics;
import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack cases of the compliance suite (group {@code limits}) against the demo with
 * {@code --metrics}: every flood limit that cuts a connection shows up by name in
 * {@code celeris.limit.trips}, with the resets and GOAWAYs they caused.
 */
@Timeout(180)
class AttackMetricsTest {

    @Test
    void attackCasesShowUpAsLimitTripsResetsAndGoAways() {
        ServerBuilder builder = Celeris.server().host("127.0.0.1").port(0).transport("nio").shutdownGrace(Duration.ZERO);
        Router router = DemoApp.router(CelerisServers.TOKEN);
        PrometheusMeterRegistry registry = DemoMetrics.install(router, builder);
        List<ComplianceCase> attacks = Catalogue.all().stream().filter(c -> c.group().equals("limits")).toList();
        try (Server server = builder.start(router)) {
            Runner runner = new Runner(new Target("127.0.0.1", server.port(), "/", Duration.ofSeconds(5)));
            List<Result> results = runner.runAll(attacks, r -> { });
            assertThat(results).allSatisfy(r -> assertThat(r.verdict()).as(r.line()).isEqualTo(Result.Verdict.PASS));
        }
        Set<String> tripped = new TreeSet<>();
        for (Counter c : registry.find("celeris.limit.trips").counters()) {
            if (c.count() > 0) tripped.add(c.getId().getTag("celeris.limit"));
        }
        assertThat(tripped).containsAll(Set.of("maxResetsPerWindow", "maxServerResetsPerWindow",
                "maxContinuationFrames", "maxHeaderListSize", "maxPingsPerSecond", "maxSettingsPerSecond",
                "maxEmptyDataFrames"));
        assertThat(count(registry, "celeris.http2.resets", "peer", "CANCEL")).isPositive();
        assertThat(count(registry, "celeris.http2.resets", "server", "PROTOCOL_ERROR")).isPositive();
        assertThat(count(registry, "celeris.http2.goaways", "server", "ENHANCE_YOUR_CALM"))
                .isGreaterThanOrEqualTo(tripped.size());
    }

    private static double count(PrometheusMeterRegistry registry, String name, String origin, String code) {
        Counter c = registry.find(name).tag("celeris.origin", origin).tag("http2.error_code", code).counter();
        return c == null ? 0 : c.count();
    }
}
