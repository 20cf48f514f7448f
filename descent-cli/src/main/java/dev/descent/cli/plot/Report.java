package dev.descent.cli.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.DenseRows;
import dev.descent.data.Rows;
import dev.descent.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * {@code fit --report FILE.html}: one self-contained page (no request leaves it) with the run's
 * settings and results, a summary of the data, the estimates, the curvature and what it means for the
 * learning rate, the fit played epoch by epoch ({@link Animation}), and every picture of {@link FitPlots},
 * drawn inline as SVG: a click enlarges one, the wheel zooms, and the values under the pointer are read out.
 */
public final class Report {
    /** A titled block of text (preformatted), such as the curvature's explanation. */
    public record Section(String title, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {
    }

    /**
     * Writes the page to {@code file}, whole or not at all.
     *
     * @param results  the fit's JSON output: its scalar entries become the settings-and-results table
     * @param data     the data fitted, summarised column by column
     * @param sections further text, in order
     * @param pictures what the pictures and the animation are drawn from
     */
    public static void write(Path file, String title, JsonNode results, Rows data, List<Section> sections,
                             FitPlots.Inputs pictures) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(resource("report.css"))
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
        ObjectNode animation = Animation.of(pictures);
        html.append("<h2>The fit, epoch by epoch</h2>\n<div class=\"player\"><button id=\"play\">Play</button>")
                .append(" <input id=\"frame\" type=\"range\" min=\"0\" max=\"")
                .append(animation.get("labels").size() - 1).append("\" value=\"0\"> <span id=\"frameText\"></span></div>\n");
        if (animation.has("rows")) {
            html.append("<canvas id=\"animation\" width=\"800\" height=\"420\" aria-label=\"the fit at the frame shown\">")
                    .append("</canvas>\n");
        }
        html.append("<p>The loss and the loss surface below mark the frame shown.</p>\n");
        html.append("<h2>Pictures</h2>\n<p>Click a picture to enlarge it; over a picture, the wheel zooms (a double")
                .append(" click undoes it) and the values under the pointer are read out below it.</p>\n");
        for (Map.Entry<String, JFreeChart> chart : FitPlots.charts(pictures).entrySet()) {
            ChartFiles.Drawn drawn = ChartFiles.svgElement(chart.getValue(), chart.getKey());
            html.append("<figure id=\"").append(chart.getKey()).append("\" data-axes=\"").append(escape(axes(drawn)))
                    .append("\">").append(drawn.element()).append("<figcaption class=\"readout\">&nbsp;</figcaption></figure>\n");
        }
        // the run's numbers as JSON the page reads, never as code: no "<" at all (it can stand only inside a JSON
        // string, where \u003c reads the same), so no name such as "<!--<script>" can end or bend the element
        html.append("<script type=\"application/json\" id=\"run\">").append(animation.toString().replace("<", "\\u003c"))
                .append("</script>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        AtomicFile.write(file, out -> out.write(html.toString()));
    }

    /** Where a chart's values are drawn, as JSON: {@code area} (x, y, width, height) and each axis. */
    private static String axes(ChartFiles.Drawn drawn) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode area = node.putArray("area");
        for (double v : drawn.area()) {
            area.add(v);
        }
        for (String side : List.of("x", "y")) {
            ChartFiles.Axis axis = side.equals("x") ? drawn.x() : drawn.y();
            node.putObject(side).put("label", axis.label()).put("low", axis.low()).put("high", axis.high())
                    .put("log", axis.log());
        }
        return node.toString();
    }

    private static String resource(String name) {
        try (InputStream in = Report.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
