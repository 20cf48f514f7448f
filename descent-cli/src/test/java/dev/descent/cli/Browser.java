package dev.descent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its own chromedriver (never one downloaded at run time).
 * Where they are missing the browser tests are skipped, except under CI ({@code CI=true}), where
 * .ci/run installs them and their absence is a failure.
 */
final class Browser {
    private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Selenium warns, for every browser opened, that it has no DevTools bindings for Debian's Chromium version; the
     * tests use WebDriver alone, so the warning is noise. Held here: a logger's level lasts only while it is referenced.
     */
    private static final java.util.logging.Logger DEVTOOLS = quiet("org.openqa.selenium.devtools");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    private Browser() {
    }

    /** A headless Chromium, or the test skipped (failed under CI) when there is none. */
    static ChromeDriver open() {
        Path browser = BROWSERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        boolean present = browser != null && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true but Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "no chromium and chromedriver in /usr/bin: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Where screenshots go: under the build directory. */
    static Path screenshots() throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "screenshots"));
    }
}
