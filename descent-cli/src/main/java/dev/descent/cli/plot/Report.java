package dev.descent.cli.plot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.data.DenseRows;
import dev.descent.data.Rows;
import dev.descent.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * {@code fit --report FILE.html}: one self-contained page (no request leaves it) with the run's
 * settings and results, a summary of the data, the estimates, the curvature and what it means for the
 * learning rate, and every picture of {@link FitPlots}, drawn inline as SVG (a click enlarges one).
 */
public final class Report {
    /** A titled block of text (preformatted), such as the curvature's explanation. */
    public record Section(String title, String text) {
    }

    private Report() {
    }

    /**
     * Writes the page to {@code file}, whole or not at all.
     *
     * @param results  the fit's JSON output: its scalar entries become the settings-and-results table
     * @param data     the data fitted, summarised column by column
     * @param sections further text, in order
     * @param charts   the pictures, by name
     */
    public static void write(Path file, String title, JsonNode results, Rows data, List<Section> sections,
                             Map<String, JFreeChart> charts) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body { font: 15px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }\n")
                .append("h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }\n")
                .append("table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #eee;"
                        + " text-align: left; font-variant-numeric: tabular-nums; }\n")
                .append("pre { background: #f7f7f7; padding: 10px; overflow-x: auto; }\n")
                .append("figure { margin: 16px 0; } figure svg { width: 560px; height: auto; cursor: zoom-in;"
                        + " border: 1px solid #ddd; }\n")
                .append("figure.large svg { width: 100%; cursor: zoom-out; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        html.append("<h2>Settings and results</h2>\n<table>\n");
        results.properties().forEach(e -> {
            if (e.getValue().isValueNode()) {
                html.append("<tr><th>").append(escape(e.getKey())).append("</th><td>")
                        .append(escape(e.getValue().asText())).append("</td></tr>\n");
            }
        });
        html.append("</table>\n");
        html.append("<h2>Data</h2>\n").append(summary(data));
        for (Section section : sections) {
            html.append("<h2>").append(escape(section.title())).append("</h2>\n<pre>").append(escape(section.text()))
                    .append("</pre>\n");
        }
        html.append("<h2>Pictures</h2>\n<p>Click a picture to enlarge it.</p>\n");
        for (Map.Entry<String, JFreeChart> chart : charts.entrySet()) {
            html.append("<figure id=\"").append(chart.getKey()).append("\">")
                    .append(ChartFiles.svgElement(chart.getValue(), chart.getKey())).append("</figure>\n");
        }
        html.append("<script>\ndocument.querySelectorAll('figure').forEach(f =>"
                + " f.addEventListener('click', () => f.classList.toggle('large')));\n</script>\n</body>\n</html>\n");
        AtomicFile.write(file, out -> out.write(html.toString()));
    }

    /** Each column's mean, standard deviation, smallest and largest value (the first 50 features). */
    private static String summary(Rows data) {
        StringBuilder s = new StringBuilder();
        s.append("<p>").append(data.rowCount()).append(" rows, ").append(data.featureCount())
                .append(data.featureCount() == 1 ? " feature" : " features").append(", target ")
                .append(escape(data.targetName())).append(".</p>\n");
        s.append("<table>\n<tr><th>column</th><th>mean</th><th>standard deviation</th><th>smallest</th><th>largest</th></tr>\n");
        List<String> names = new ArrayList<>(List.of(data.targetName()));
        if (data instanceof DenseRows) { // sparse rows are mostly zeros: their columns are not summarised
            names.addAll(data.featureNames().subList(0, Math.min(50, data.featureCount())));
        }
        for (int c = 0; c < names.size(); c++) {
            double sum = 0;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            int n = data.rowCount();
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = c == 0 ? data.target(i) : ((DenseRows) data).feature(i, c - 1);
                sum += values[i];
                low = Math.min(low, values[i]);
                high = Math.max(high, values[i]);
            }
            double mean = sum / n;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            s.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.6g</td><td>%.6g</td><td>%.6g</td><td>%.6g</td></tr>%n",
                    escape(names.get(c)), mean, Math.sqrt(squares / Math.max(1, n - 1)), low, high));
        }
        return s.append("</table>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
