package dev.descent.cli.plot;

import dev.descent.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
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
        AtomicFile.write(dir.resolve(name + ".svg"), out -> out.write(draw(chart, name).getSVGDocument()));
    }

    /**
     * The chart as an {@code <svg>} element, to place inside an HTML page; {@code name} keeps its ids (clip paths)
     * apart from those of other charts on the page.
     */
    public static String svgElement(JFreeChart chart, String name) {
        return draw(chart, name).getSVGElement();
    }

    private static SVGGraphics2D draw(JFreeChart chart, String name) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        // the chart's name, not the default's clock-based prefix: the same chart gives the same bytes, and two
        // charts on one page never share a clip path
        g.setDefsKeyPrefix("descent-" + name + "-");
        chart.draw(g, new java.awt.Rectangle(0, 0, WIDTH, HEIGHT));
        return g;
    }
}
