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
        assertEquals(0, Run.descent("fit", lesson().toString(), "--target", "y", "--lr", "0.1", "--epochs", "200",
                "--report", report.toString()).exitCode());
        ChromeDriver driver = Browser.open();
        try {
            driver.get(report.toUri().toString());
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
