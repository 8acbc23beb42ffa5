package dev.celeris.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Medians over rounds for one server × scenario × level. */
record Summary(String server, String scenario, String level, double rps, double p50ms, double p99ms,
               double cpuSeconds, double rssMb, long failed, int rounds) {

    /** Groups samples by server, scenario and level (first-seen order) and takes medians. */
    static List<Summary> of(List<Sample> samples) {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : samples) {
            groups.computeIfAbsent(s.server() + '\0' + s.scenario() + '\0' + s.level(), k -> new ArrayList<>()).add(s);
        }
        List<Summary> out = new ArrayList<>();
        for (List<Sample> g : groups.values()) {
            Sample first = g.get(0);
            long failed = 0;
            for (Sample s : g) {
                try {
                    failed += Long.parseLong(s.failed());
                } catch (NumberFormatException e) {
                    failed = -1;
                    break;
                }
            }
            out.add(new Summary(first.server(), first.scenario(), first.level(), median(g, Sample::rps),
                    median(g, s -> s.p50us() / 1000.0), median(g, s -> s.p99us() / 1000.0),
                    median(g, Sample::cpuSeconds), g.stream().mapToLong(Sample::rssKb).max().orElse(0) / 1024.0,
                    failed, g.size()));
        }
        return out;
    }

    static double median(List<Sample> g, ToDoubleFunction<Sample> f) {
        double[] v = g.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) return 0;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static Comparator<Summary> byServerOrder(List<String> order) {
        return Comparator.comparingInt(s -> {
            int i = order.indexOf(s.server());
            return i < 0 ? Integer.MAX_VALUE : i;
        });
    }
}
