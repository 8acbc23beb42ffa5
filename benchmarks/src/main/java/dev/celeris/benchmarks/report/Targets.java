package dev.celeris.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The performance targets checked against a run. A target is <em>met</em> only when every round's
 * ratio reaches it, <em>unmet</em> when no round does, and <em>undecided</em> when the rounds
 * straddle it; rows the run did not measure are left out.
 */
final class Targets {

    static final List<String> THROUGHPUT_SCENARIOS = List.of("hello", "json", "params");
    static final List<String> THROUGHPUT_LEVELS = List.of("-c 8 -m 32", "-c 256 -m 10");
    /** Ratios whose spread across rounds must stay within this to be trusted. */
    static final double SPREAD = 0.10;

    private Targets() {
    }

    record Check(String what, String scenario, String level, Ratio ratio, double target) {
        String verdict() {
            if (ratio.min() >= target) return "met";
            if (ratio.max() < target) return "unmet";
            return "undecided";
        }
    }

    static List<Check> evaluate(List<Summary> all) {
        Set<String> transports = new LinkedHashSet<>();
        for (Summary s : all) {
            if (s.server().startsWith("celeris-") && !s.server().startsWith("celeris-router-")) {
                transports.add(s.server().substring("celeris-".length()));
            }
        }
        List<Check> out = new ArrayList<>();
        for (String t : transports) {
            String engine = "celeris-" + t;
            String router = "celeris-router-" + t;
            for (String sc : THROUGHPUT_SCENARIOS) {
                for (String level : THROUGHPUT_LEVELS) {
                    add(out, all, engine + " ≥ 1.5× netty-native, requests per server CPU-s", engine,
                            ReportMain.BASELINE, sc, level, true, 1.5);
                    add(out, all, router + " ≥ 0.9× " + engine + ", req/s", router, engine, sc, level, false, 0.9);
                }
            }
            for (String level : THROUGHPUT_LEVELS) {
                add(out, all, engine + " ≥ 1.0× netty-native on HTTP/1.1, req/s", engine, ReportMain.BASELINE,
                        "h1-hello", level, false, 1.0);
            }
        }
        for (String sc : THROUGHPUT_SCENARIOS) {
            for (String level : THROUGHPUT_LEVELS) {
                add(out, all, "celeris-router-nio (virtual threads) ≥ 1.5× helidon-native, req/s", "celeris-router-nio",
                        "helidon-native", sc, level, false, 1.5);
            }
        }
        return out;
    }

    private static void add(List<Check> out, List<Summary> all, String what, String a, String b, String scenario,
                            String level, boolean perCpu, double target) {
        Summary sa = Summary.find(all, a, scenario, level);
        Summary sb = Summary.find(all, b, scenario, level);
        if (sa == null || sb == null) return;
        Ratio r = sa.over(sb, perCpu);
        if (r != null) out.add(new Check(what, scenario, level, r, target));
    }

    static String markdown(List<Summary> all) {
        List<Check> checks = evaluate(all);
        if (checks.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("## Targets\n\n")
                .append("Met only when every round's ratio reaches the target; unmet when no round does; ")
                .append("undecided when the rounds straddle it. `spread` is the farthest round from the median; ")
                .append(String.format(Locale.ROOT, "the method aims at ±%.0f %%.%n%n", SPREAD * 100))
                .append("| target | scenario | level | ratio (min–max) | spread | verdict |\n|---|---|---|---:|---:|---|\n");
        for (Check c : checks) {
            sb.append("| ").append(c.what()).append(" | ").append(c.scenario()).append(" | `").append(c.level())
                    .append("` | ").append(c.ratio().plain()).append(" | ")
                    .append(String.format(Locale.ROOT, "±%.0f %%", c.ratio().spread() * 100)).append(" | ")
                    .append(c.verdict()).append(" |\n");
        }
        return sb.append('\n').toString();
    }
}
