package dev.descent.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.svg.SVGGraphics2D;
import org.junit.jupiter.api.Test;

/** The contour view and its level curves, checked against where they must be drawn. */
class FitPlotsTest {

    @Test
    void levelCurvesOfAConeAreCircles() {
        double[] xs = new double[81];
        double[] ys = new double[81];
        for (int i = 0; i < 81; i++) {
            xs[i] = -2 + i * 0.05;
            ys[i] = -2 + i * 0.05;
        }
        double[][] z = new double[81][81];
        for (int j = 0; j < 81; j++) {
            for (int i = 0; i < 81; i++) {
                z[j][i] = Math.hypot(xs[i], ys[j]); // linear between grid points along rays: crossings land on the circle
            }
        }
        List<Contours.Segment> segments = Contours.at(xs, ys, z, 1.0);
        assertTrue(segments.size() > 100, segments.size() + " segments");
        double length = 0;
        for (Contours.Segment s : segments) {
            assertEquals(1, Math.hypot(s.x1(), s.y1()), 2e-3);
            assertEquals(1, Math.hypot(s.x2(), s.y2()), 2e-3);
            length += Math.hypot(s.x2() - s.x1(), s.y2() - s.y1());
        }
        assertEquals(2 * Math.PI, length, 0.01); // one closed curve, no piece missing or twice
    }

    @Test
    void theContoursPathEndsAtTheFittedParameters() {
        List<double[]> path = new ArrayList<>();
        double a = -1;
        double b = 1;
        for (int k = 0; k < 40; k++) { // a path that closes in on (3, 8)
            path.add(new double[] {a, b});
            a += 0.2 * (3 - a);
            b += 0.3 * (8 - b);
        }
        path.add(new double[] {3, 8});
        FitPlots.Inputs in = new FitPlots.Inputs(List.of("a", "b"), path, null, null, "y", null, null, new int[] {0, 1},
                (u, v) -> (u - 3) * (u - 3) + 4 * (v - 8) * (v - 8), null, null, null, null);
        JFreeChart chart = FitPlots.contour(in);
        SVGGraphics2D g = new SVGGraphics2D(ChartFiles.WIDTH, ChartFiles.HEIGHT);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, new Rectangle(0, 0, ChartFiles.WIDTH, ChartFiles.HEIGHT), info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        double x = plot.getDomainAxis().valueToJava2D(3, area, RectangleEdge.BOTTOM);
        double y = plot.getRangeAxis().valueToJava2D(8, area, RectangleEdge.LEFT);
        double startX = plot.getDomainAxis().valueToJava2D(-1, area, RectangleEdge.BOTTOM);
        double startY = plot.getRangeAxis().valueToJava2D(1, area, RectangleEdge.LEFT);
        String svg = g.getSVGDocument();
        Matcher paths = Pattern.compile("<path[^>]*d='([^']+)'").matcher(svg);
        boolean found = false;
        while (paths.find()) {
            String d = paths.group(1);
            double[] numbers = Pattern.compile("-?[0-9.]+(?:[eE]-?[0-9]+)?").matcher(d).results()
                    .mapToDouble(m -> Double.parseDouble(m.group())).toArray();
            if (numbers.length >= 4 && Math.abs(numbers[numbers.length - 2] - x) < 0.5
                    && Math.abs(numbers[numbers.length - 1] - y) < 0.5
                    && Math.abs(numbers[0] - startX) < 0.5 && Math.abs(numbers[1] - startY) < 0.5) {
                found = true;
            }
        }
        assertTrue(svg.contains("rgb(214,39,40)"), "the path's colour");
        assertTrue(found, "no path from (-1, 1) at (" + startX + ", " + startY + ") to (3, 8) at (" + x + ", " + y
                + ") in the SVG");
        assertTrue(svg.contains("<line") || svg.contains("<path"), "level curves drawn");
    }
}
