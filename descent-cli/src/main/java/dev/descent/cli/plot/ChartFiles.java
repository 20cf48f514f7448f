package dev.descent.cli.plot;

import dev.descent.io.AtomicFile;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.svg.SVGGraphics2D;

/** A chart as a PNG and an SVG file, each written whole or not at all. */
public final class ChartFiles {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private ChartFiles() {
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    static void write(JFreeChart chart, Path dir, String name) throws IOException {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AtomicFile.writeBinary(dir.resolve(name + ".png"), out -> out.write(ByteBuffer.wrap(png.toByteArray())));
        AtomicFile.write(dir.resolve(name + ".svg"), out -> out.write(draw(chart, name, null).getSVGDocument()));
    }

    /**
     * A chart drawn as an {@code <svg>} element, with where its values are: the plot's area in the SVG's pixels
     * (x, y, width, height) and each axis's label, range and whether it is logarithmic. A page maps a pointer to
     * values, or values to a mark, with them.
     */
    public record Drawn(String element, double[] area, Axis x, Axis y) {
    }

    /** An axis as drawn: its label and the values at its two ends. */
    public record Axis(String label, double low, double high, boolean log) {
        static Axis of(ValueAxis axis) {
            return new Axis(axis.getLabel(), axis.getLowerBound(), axis.getUpperBound(), axis instanceof LogAxis);
        }
    }

    /**
     * The chart as an {@code <svg>} element, to place inside an HTML page; {@code name} keeps its ids (clip paths)
     * apart from those of other charts on the page.
     */
    public static Drawn svgElement(JFreeChart chart, String name) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        SVGGraphics2D g = draw(chart, name, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        return new Drawn(g.getSVGElement(), new double[] {area.getX(), area.getY(), area.getWidth(), area.getHeight()},
                Axis.of(plot.getDomainAxis()), Axis.of(plot.getRangeAxis()));
    }

    private static SVGGraphics2D draw(JFreeChart chart, String name, ChartRenderingInfo info) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        // the chart's name, not the default's clock-based prefix: the same chart gives the same bytes, and two
        // charts on one page never share a clip path
        g.setDefsKeyPrefix("descent-" + name + "-");
        chart.draw(g, new java.awt.Rectangle(0, 0, WIDTH, HEIGHT), info);
        return g;
    }
}
