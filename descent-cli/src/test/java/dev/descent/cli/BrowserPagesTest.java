package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The pages Descent writes, opened in a real (headless) browser: drawn, and playing, offline. */
class BrowserPagesTest {
    @TempDir
    Path dir;

    private Path lesson() throws Exception {
        Path file = dir.resolve("lesson.csv");
        Files.writeString(file, new Lesson(30, 3, 8, 42).csv());
        return file;
    }

    /** A screenshot of the page under the build directory, which must show more than a blank page. */
    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.write(Browser.screenshots().resolve(name + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int inked = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                inked += (image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF ? 0 : 1;
            }
        }
        assertTrue(inked > 500, name + ": " + inked + " inked pixels of a sample");
    }

    @Test
    void theReportShowsEveryPicture() throws Exception {
        Path report = dir.resolve("report.html");
        Path history = dir.resolve("history.csv");
        assertEquals(0, Run.descent("fit", lesson().toString(), "--target", "y", "--lr", "0.1", "--epochs", "200",
                "--report", report.toString(), "--history", history.toString()).exitCode());
        List<String> epochs = Files.readAllLines(history); // epoch,loss,bias,x
        assertEquals("epoch,loss,bias,x", epochs.get(0));
        ChromeDriver driver = Browser.open();
        try {
            driver.get(report.toUri().toString());
            // the last frame is shown first: the fit's own numbers
            String[] last = epochs.get(200).split(",");
            String frame = driver.findElement(By.id("frameText")).getText();
            assertEquals("epoch 200, loss " + sixDigits(last[1]) + ": x = " + sixDigits(last[3]) + ", bias = "
                    + sixDigits(last[2]), frame);
            // the dot on the loss surface sits where JFreeChart's path ends, and at frame 0 where it starts
            double[] end = dot(driver);
            driver.executeScript("const s = document.getElementById('frame'); s.value = 0; s.dispatchEvent(new Event('input'));");
            double[] begin = dot(driver);
            @SuppressWarnings("unchecked")
            List<String> paths = (List<String>) driver.executeScript("return [...document.querySelectorAll('#contour svg path')]"
                    + ".map(p => p.getAttribute('d'))");
            boolean found = paths.stream().anyMatch(d -> {
                double[] n = java.util.regex.Pattern.compile("-?[0-9.]+(?:[eE]-?[0-9]+)?").matcher(d).results()
                        .mapToDouble(m -> Double.parseDouble(m.group())).toArray();
                return n.length >= 4 && Math.hypot(n[0] - begin[0], n[1] - begin[1]) < 1
                        && Math.hypot(n[n.length - 2] - end[0], n[n.length - 1] - end[1]) < 1;
            });
            assertTrue(found, "a path from " + java.util.Arrays.toString(begin) + " to " + java.util.Arrays.toString(end));
            // the animation plays, drawing the data and the line
            driver.findElement(By.id("play")).click();
            Thread.sleep(1000);
            assertNotEquals("start", driver.findElement(By.id("frameText")).getText().split(",")[0]);
            assertTrue(((Number) driver.executeScript("const c = document.getElementById('animation').getContext('2d');"
                    + " return c.getImageData(0, 0, 800, 420).data.filter((v, i) => i % 4 === 3 && v > 0).length")).intValue() > 1000,
                    "the animation's canvas is drawn on");
            // the values under the pointer: over epoch 100 of the loss, its loss from the history, to six digits
            String readout = (String) driver.executeScript("const f = document.getElementById('loss'), svg = f.querySelector('svg');"
                    + " const axes = JSON.parse(f.dataset.axes), p = svg.createSVGPoint();"
                    + " p.x = axes.area[0] + axes.area[2] * (100 - axes.x.low) / (axes.x.high - axes.x.low);"
                    + " p.y = axes.area[1] + axes.area[3] / 2;"
                    + " const c = p.matrixTransform(svg.getScreenCTM());"
                    + " svg.dispatchEvent(new MouseEvent('mousemove', {clientX: c.x, clientY: c.y, bubbles: true}));"
                    + " return f.querySelector('.readout').textContent");
            assertTrue(readout.contains("epoch 100: training loss " + sixDigits(epochs.get(100).split(",")[1])),
                    readout + " against " + epochs.get(100));
            // the wheel zooms about the pointer, a double click undoes it
            driver.executeScript("const svg = document.querySelector('#contour svg'); const r = svg.getBoundingClientRect();"
                    + " svg.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, clientX: r.x + r.width / 2,"
                    + " clientY: r.y + r.height / 2, bubbles: true, cancelable: true}));");
            assertEquals(640.0, ((Number) driver.executeScript("return document.querySelector('#contour svg').viewBox.baseVal.width"))
                    .doubleValue(), 1e-9);
            driver.executeScript("document.querySelector('#contour svg').dispatchEvent(new MouseEvent('dblclick', {bubbles: true}))");
            assertEquals(800.0, ((Number) driver.executeScript("return document.querySelector('#contour svg').viewBox.baseVal.width"))
                    .doubleValue(), 1e-9);
            List<WebElement> pictures = driver.findElements(By.cssSelector("figure > svg"));
            assertEquals(6, pictures.size());
            for (WebElement svg : pictures) {
                assertTrue(svg.getSize().getWidth() > 300 && svg.getSize().getHeight() > 150, svg.getSize().toString());
            }
            WebElement contour = driver.findElement(By.id("contour"));
            int before = contour.findElement(By.tagName("svg")).getSize().getWidth();
            contour.click(); // a click enlarges it
            assertTrue(contour.findElement(By.tagName("svg")).getSize().getWidth() > before);
            screenshot(driver, "report");
        } finally {
            driver.quit();
        }
    }

    /** A number as the page writes it: six significant digits, no trailing zeros. */
    private static String sixDigits(String value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** The centre of the frame's dot on the loss surface, in the SVG's pixels. */
    private static double[] dot(ChromeDriver driver) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) driver.executeScript("const d = document.querySelector('#contour .frame-mark');"
                + " return [Number(d.getAttribute('cx')), Number(d.getAttribute('cy'))]");
        return new double[] {at.get(0).doubleValue(), at.get(1).doubleValue()};
    }

    @Test
    void theDemoPlaysOfflineWithTheContourBelow() throws Exception {
        Path page = dir.resolve("demo.html");
        assertEquals(0, Run.descent("demo", "--out", page.toString(), "--compare", "momentum").exitCode());
        ChromeDriver driver = Browser.open();
        try {
            driver.get(page.toUri().toString());
            String first = driver.findElement(By.id("status")).getText();
            Thread.sleep(1500); // frames advance every 120 ms while it plays
            String later = driver.findElement(By.id("status")).getText();
            assertNotEquals(first, later, "the animation plays");
            assertEquals(1, driver.findElements(By.cssSelector(".contour svg")).size());
            screenshot(driver, "demo");
        } finally {
            driver.quit();
        }
    }
}
