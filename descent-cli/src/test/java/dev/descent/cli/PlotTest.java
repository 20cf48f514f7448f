package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --plot DIR}: every picture written, as PNG and SVG, with content. */
class PlotTest {
    @TempDir
    Path dir;

    private Path lesson() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 30; i++) {
            double x = random.nextDouble();
            csv.append(x).append(',').append(3 * x + 8).append('\n');
        }
        Path file = dir.resolve("lesson.csv");
        Files.writeString(file, csv);
        return file;
    }

    /** A PNG of the charts' size with more than a blank page in it. */
    private static void assertDrawn(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth(), png.toString());
        assertEquals(500, image.getHeight(), png.toString());
        Set<Integer> colours = new HashSet<>();
        int inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                inked += rgb == 0xFFFFFF ? 0 : 1;
            }
        }
        assertTrue(colours.size() > 5 && inked > 1000, png + ": " + colours.size() + " colours, " + inked + " inked");
    }

    @Test
    void aLinearFitWritesEveryPicture() throws Exception {
        Path plots = Files.createDirectory(dir.resolve("plots"));
        Run run = Run.descent("fit", lesson().toString(), "--target", "y", "--init-weights", "-1", "--init-bias", "1",
                "--lr", "0.1", "--epochs", "300", "--plot", plots.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("[\"loss\",\"fitted\",\"residuals\",\"parameters\",\"contour\",\"curve\"]", json.get("plots").toString());
        for (JsonNode name : json.get("plots")) {
            assertDrawn(plots.resolve(name.asText() + ".png"));
            String svg = Files.readString(plots.resolve(name.asText() + ".svg"));
            assertTrue(svg.contains("<svg") && svg.strip().endsWith("</svg>"), name.asText());
        }
        assertTrue(Files.readString(plots.resolve("contour.svg")).contains("rgb(214,39,40)"), "the path is drawn");
        try (var files = Files.list(plots)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
    }

    @Test
    void aFormulaFitByLevenbergMarquardtHasNoLossCurveButItsCurve() throws Exception {
        Path plots = Files.createDirectory(dir.resolve("plots"));
        Run run = Run.descent("fit", FormulaFitTest.nls("misra1a.csv").toString(), "--target", "y", "--model",
                "b1*(1-exp(-b2*x))", "--init", "b1=500,b2=0.0001", "--optimizer", "lm", "--plot", plots.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Wrote 5 pictures (PNG and SVG) to " + plots + ": fitted, residuals, parameters,"
                + " contour, curve."), run.out());
        for (String name : List.of("fitted", "residuals", "parameters", "contour", "curve")) {
            assertDrawn(plots.resolve(name + ".png"));
        }
        assertFalse(Files.exists(plots.resolve("loss.png")));
    }

    @Test
    void mistakesAreFoundBeforeTraining() throws Exception {
        Run missing = Run.descent("fit", lesson().toString(), "--target", "y", "--plot", dir.resolve("nowhere").toString());
        missing.assertOneLineError("fit");
        assertTrue(missing.err().contains("no such folder"), missing.err());
        Run contour = Run.descent("fit", lesson().toString(), "--target", "y", "--contour", "x,bias");
        contour.assertOneLineError("fit");
        Run name = Run.descent("fit", lesson().toString(), "--target", "y", "--plot", dir.toString(), "--contour", "x,q");
        name.assertOneLineError("fit");
        assertTrue(name.err().contains("the parameters are x, bias"), name.err());
    }

    @Test
    void aReportIsOnePageThatLoadsNothingAndHoldsEveryPicture() throws Exception {
        Path report = dir.resolve("report.html");
        Run run = Run.descent("fit", lesson().toString(), "--target", "y", "--lr", "0.1", "--epochs", "200", "--report",
                report.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Wrote the report to " + report), run.out());
        String page = Files.readString(report);
        for (String heading : List.of("Settings and results", "Data", "The fit", "The learning rate and the curvature",
                "The fit, epoch by epoch", "Pictures")) {
            assertTrue(page.contains("<h2>" + heading + "</h2>"), heading);
        }
        for (String figure : List.of("loss", "fitted", "residuals", "parameters", "contour", "curve")) {
            assertTrue(page.matches("(?s).*<figure id=\"" + figure + "\" data-axes=\"[^\"]+\"><svg.*"), figure);
        }
        assertTrue(page.contains("2/L"), "the stable learning rate");
        assertFalse(page.matches("(?s).*(src|href)\\s*=\\s*[\"']?https?:.*"), "nothing is loaded from a network");
        Path formula = dir.resolve("formula.html");
        Run lm = Run.descent("fit", FormulaFitTest.nls("misra1a.csv").toString(), "--target", "y", "--model",
                "b1*(1-exp(-b2*x))", "--init", "b1=500,b2=0.0001", "--optimizer", "lm", "--report", formula.toString());
        assertEquals(0, lm.exitCode(), lm.err());
        String estimates = Files.readString(formula);
        assertTrue(estimates.contains("std. error") && estimates.contains("b1") && estimates.contains("<figure id=\"curve\""),
                "the estimates and the curve");
        // a column named to end the page's script early is only data in it
        Path odd = dir.resolve("odd.csv");
        Files.writeString(odd, Files.readString(lesson()).replaceFirst("x", "<!--<script>"));
        Path oddReport = dir.resolve("odd.html");
        assertEquals(0, Run.descent("fit", odd.toString(), "--target", "y", "--epochs", "5", "--report",
                oddReport.toString()).exitCode());
        String oddPage = Files.readString(oddReport);
        String element = "<script type=\"application/json\" id=\"run\">";
        int json = oddPage.indexOf(element) + element.length();
        String numbers = oddPage.substring(json, oddPage.indexOf("</script>", json));
        assertFalse(numbers.contains("<"), numbers.substring(0, 80));
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(numbers).get("names").get(0).asText()
                .equals("<!--<script>"), numbers.substring(0, 80));
        Run unwritable = Run.descent("fit", lesson().toString(), "--target", "y", "--report",
                dir.resolve("nowhere/report.html").toString());
        unwritable.assertOneLineError("fit");
    }
}
