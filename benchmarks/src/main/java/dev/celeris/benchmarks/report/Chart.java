package dev.celeris.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Req/s of every server relative to the baseline (Netty's native server) in each scenario at one
 * concurrency level: ratios keep every scenario readable on one axis, where absolute req/s would
 * flatten the 1 MiB download next to hello. A line marks 1.0.
 */
final class Chart {

    private Chart() {
    }

    static void write(List<Summary> summaries, String baseline, String level, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            if (!s.level().equals(level)) continue;
            Ratio r = s.over(Summary.find(summaries, baseline, s.scenario(), level), false);
            if (r != null) data.addValue(r.median(), s.server(), s.scenario());
        }
        NumberAxis axis = new NumberAxis("req/s ÷ " + baseline + " (median over rounds)");
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("scenario"), axis, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker one = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f));
        plot.addRangeMarker(one);
        JFreeChart chart = new JFreeChart("Throughput relative to " + baseline + " (" + level + ", higher is better)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 600);
    }
}
