package dev.celeris.benchmarks.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** A grouped bar chart of req/s per scenario and server at one concurrency level. */
final class Chart {

    private Chart() {
    }

    static void write(List<Summary> summaries, String level, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            if (s.level().equals(level)) data.addValue(s.rps(), s.server(), s.scenario());
        }
        JFreeChart chart = ChartFactory.createBarChart("Requests per second (" + level + ", higher is better)",
                "scenario", "req/s", data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 550);
    }
}
