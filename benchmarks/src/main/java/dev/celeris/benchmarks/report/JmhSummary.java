package dev.celeris.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Summarises a JMH JSON result file ({@code -rf json}) as a markdown table: score, error and
 * the {@code -prof gc} normalised allocation per operation.
 * {@code java -cp celeris-benchmarks.jar dev.celeris.benchmarks.report.JmhSummary jmh.json jmh.md}
 */
public final class JmhSummary {

    private JmhSummary() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        StringBuilder sb = new StringBuilder("## JMH micro-benchmarks\n\n")
                .append("From `benchmarks/jmh.sh` (`-prof gc`). Lower is better for time per operation; ")
                .append("`B/op` is bytes allocated per operation.\n\n")
                .append("| benchmark | params | score | ± error | unit | B/op |\n|---|---|---:|---:|---|---:|\n");
        for (JsonNode r : results) {
            String name = r.path("benchmark").asString();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            JsonNode p = r.path("params");
            for (var e : p.properties()) {
                if (!params.isEmpty()) params.append(", ");
                params.append(e.getKey()).append('=').append(e.getValue().asString());
            }
            JsonNode primary = r.path("primaryMetric");
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            sb.append("| ").append(name).append(" | ").append(params).append(" | ")
                    .append(fmt(number(primary.path("score")))).append(" | ")
                    .append(fmt(number(primary.path("scoreError")))).append(" | ")
                    .append(primary.path("scoreUnit").asString()).append(" | ")
                    .append(alloc.isMissingNode() ? "n/a" : String.format(Locale.ROOT, "%.0f", number(alloc.path("score"))))
                    .append(" |\n");
        }
        Files.writeString(Path.of(args[1]), sb.toString());
    }

    /** JMH writes non-finite figures as strings ({@code "NaN"} for the error of a single iteration). */
    static double number(JsonNode n) {
        if (n.isNumber()) return n.asDouble();
        try {
            return Double.parseDouble(n.asString());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v);
    }
}
