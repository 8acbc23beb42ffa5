package dev.celeris.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Summarises {@code warmup.csv}: how many warm-ups reached a stable window and which did not. */
final class Warmup {

    private Warmup() {
    }

    static String markdown(Path dir) {
        Path csv = dir.resolve("warmup.csv");
        if (!Files.exists(csv)) return "";
        try {
            List<String> rows = Files.readAllLines(csv);
            int total = 0;
            int windows = 0;
            List<String> unstable = new ArrayList<>();
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                if (f.length != 6) continue;
                total++;
                windows += Integer.parseInt(f[3]);
                if (!"yes".equals(f[4])) unstable.add(f[0] + " " + f[2] + " (round " + f[1] + ")");
            }
            if (total == 0) return "";
            StringBuilder sb = new StringBuilder("- warm-up: ").append(total - unstable.size()).append(" of ").append(total)
                    .append(" server × scenario warm-ups reached two 1 s windows within 5 %, ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", windows / (double) total))
                    .append(" windows on average");
            if (!unstable.isEmpty()) {
                sb.append("; stopped at the cap without settling: ")
                        .append(String.join(", ", unstable.subList(0, Math.min(unstable.size(), 12))))
                        .append(unstable.size() > 12 ? ", …" : "");
            }
            return sb.append('\n').toString();
        } catch (IOException | RuntimeException e) {
            return "- warm-up: warmup.csv unreadable (" + e.getMessage() + ")\n";
        }
    }
}
