package dev.celeris.benchmarks.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians, minima and maxima over rounds. */
final class Stats {

    private Stats() {
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) return 0;
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double[] sorted(List<Sample> g, ToDoubleFunction<Sample> f) {
        return g.stream().mapToDouble(f).sorted().toArray();
    }

    static double median(List<Sample> g, ToDoubleFunction<Sample> f) {
        return median(sorted(g, f));
    }

    static double min(List<Sample> g, ToDoubleFunction<Sample> f) {
        return g.stream().mapToDouble(f).min().orElse(0);
    }

    static double max(List<Sample> g, ToDoubleFunction<Sample> f) {
        return g.stream().mapToDouble(f).max().orElse(0);
    }
}
