package dev.celeris.benchmarks.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A ratio between two servers' runs of one scenario and level, taken round by round (each round
 * measures both, close in time) and summarised as median, min and max over the rounds.
 */
record Ratio(double median, double min, double max, int rounds) {

    /** Pairs A's and B's samples by round; null when no round has both (or B measured 0). */
    static Ratio of(List<Sample> a, List<Sample> b, ToDoubleFunction<Sample> metric) {
        Map<Integer, Double> base = new HashMap<>();
        for (Sample s : b) base.put(s.round(), metric.applyAsDouble(s));
        List<Double> ratios = new ArrayList<>();
        for (Sample s : a) {
            Double d = base.get(s.round());
            if (d != null && d > 0) ratios.add(metric.applyAsDouble(s) / d);
        }
        if (ratios.isEmpty()) return null;
        double[] v = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Ratio(Stats.median(v), v[0], v[v.length - 1], v.length);
    }

    /** Whether the rounds disagree on which side is faster: the spread overlaps 1.0. */
    boolean tie() {
        return rounds > 1 && min <= 1.0 && max >= 1.0;
    }

    /** The larger distance of min or max from the median, as a fraction of the median. */
    double spread() {
        return median == 0 ? 0 : Math.max(max / median - 1, 1 - min / median);
    }

    /** {@code 1.52 (1.40–1.61)}, or {@code tie 0.98 (0.91–1.05)}; one round shows the value alone. */
    String format() {
        return (tie() ? "tie " : "") + plain();
    }

    /** {@code 1.52 (1.40–1.61)} without the tie mark (for comparisons against targets other than 1.0). */
    String plain() {
        String v = String.format(Locale.ROOT, "%.2f", median);
        return rounds < 2 ? v : v + String.format(Locale.ROOT, " (%.2f–%.2f)", min, max);
    }
}
