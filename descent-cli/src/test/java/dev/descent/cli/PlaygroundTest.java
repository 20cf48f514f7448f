package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** {@code descent serve}: the playground in a real browser, and its API refusing what it should. */
class PlaygroundTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frame(ChromeDriver driver) {
        return (Map<String, Object>) driver.executeScript("return lastFrame");
    }

    private static double number(Map<String, Object> frame, String key) {
        return ((Number) frame.get(key)).doubleValue();
    }

    /** Parameter k of a frame, in the data's units. */
    @SuppressWarnings("unchecked")
    private static double param(Map<String, Object> frame, int k) {
        return ((java.util.List<Number>) frame.get("params")).get(k).doubleValue();
    }

    /** Column j of every shown row. */
    @SuppressWarnings("unchecked")
    private static double[] column(ChromeDriver driver, int j) {
        return ((java.util.List<java.util.List<Number>>) driver.executeScript("return data.rows")).stream()
                .mapToDouble(row -> row.get(j).doubleValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    private static double[] targets(ChromeDriver driver) {
        return ((java.util.List<Number>) driver.executeScript("return data.y")).stream().mapToDouble(Number::doubleValue)
                .toArray();
    }

    /** Sets a control's value as a user would, then tells the page it changed. */
    private static void set(ChromeDriver driver, String id, Object value) {
        driver.executeScript("const e = document.getElementById(arguments[0]); if (e.type === 'checkbox') { e.checked = arguments[1]; }"
                + " else { e.value = arguments[1]; } e.dispatchEvent(new Event('change'));", id, value);
    }

    private static String message(ChromeDriver driver) {
        return driver.findElement(By.id("message")).getText();
    }

    /** Waits up to 30 s (a loaded machine is slow to start a browser and to see a connection close). */
    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void playingMakesTheLossFallAndTheLineApproachTheData() throws Exception {
        try (Playground playground = Playground.start("127.0.0.1", 0)) {
            ChromeDriver driver = Browser.open();
            try {
                driver.get(playground.address());
                waitFor(() -> driver.executeScript("return lastFrame") != null, "the first frame arrives");
                Map<String, Object> start = frame(driver);
                assertEquals(0, number(start, "epoch"));
                driver.findElement(By.id("play")).click();
                waitFor(() -> number(frame(driver), "epoch") >= 30, "thirty epochs played");
                Map<String, Object> later = frame(driver);
                assertTrue(number(later, "loss") < number(start, "loss") / 10, later + " after " + start);
                double before = Math.abs(param(start, 0) - 3) + Math.abs(param(start, 1) - 8);
                double after = Math.abs(param(later, 0) - 3) + Math.abs(param(later, 1) - 8);
                assertTrue(after < before / 2, "the line approaches y = 3x + 8: " + later);
                assertTrue(driver.findElement(By.id("status")).getText().startsWith("epoch "));
                // each point's own part of the gradient: the chain rule on one point, as the server computed it
                @SuppressWarnings("unchecked")
                java.util.List<java.util.List<Number>> parts = (java.util.List<java.util.List<Number>>) later.get("contributions");
                double[] xs = column(driver, 0);
                double[] ys = targets(driver);
                assertEquals(30, xs.length);
                for (int i = 0; i < xs.length; i++) {
                    double dLdy = 2 * (param(later, 0) * xs[i] + param(later, 1) - ys[i]);
                    assertEquals(dLdy, parts.get(i).get(0).doubleValue(), 1e-9 * Math.max(1, Math.abs(dLdy)));
                    assertEquals(xs[i] * dLdy, parts.get(i).get(1).doubleValue(), 1e-9 * Math.max(1, Math.abs(dLdy)));
                    assertEquals(dLdy, parts.get(i).get(2).doubleValue(), 1e-9 * Math.max(1, Math.abs(dLdy)));
                }
                driver.executeScript("hovered = 0; showGradient();");
                assertTrue(driver.findElement(By.id("gradient")).getText().contains("of dL/da = x * dL/dy_pred"));
                assertTrue(((Number) driver.executeScript("return data.surface.segments.length")).intValue() > 50,
                        "the loss surface's level curves");
                // a rate far above 2/L diverges, and the page says so, with the stable bound
                driver.findElement(By.id("pause")).click();
                driver.executeScript("const lr = document.getElementById('lr'); lr.value = 1.5;"
                        + " lr.dispatchEvent(new Event('change'));");
                Thread.sleep(300);
                driver.findElement(By.id("play")).click();
                waitFor(() -> driver.findElement(By.id("message")).getText().startsWith("Diverged"), "divergence shown");
                assertTrue(driver.findElement(By.id("message")).getText().contains("2/L"),
                        driver.findElement(By.id("message")).getText());
                java.nio.file.Files.write(Browser.screenshots().resolve("playground.png"),
                        driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
                assertEquals(1, playground.sessionCount());
                driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
                driver.get(playground.address());
                waitFor(() -> playground.sessionCount() == 2, "a second tab trains its own run");
                waitFor(() -> driver.executeScript("return lastFrame") != null, "the second tab listens to its events");
            } finally {
                driver.quit();
            }
            waitFor(() -> playground.sessionCount() == 0, "closing the tabs stops and frees their runs: "
                    + playground.sessionStates());
        }
    }

    @Test
    void aTypedFormulaTrainsAndABadOneIsNamedOnThePage() throws Exception {
        try (Playground playground = Playground.start("127.0.0.1", 0)) {
            ChromeDriver driver = Browser.open();
            try {
                driver.get(playground.address());
                waitFor(() -> driver.executeScript("return lastFrame") != null, "the first frame arrives");
                // a formula that does not parse: the message names the column, and the run is left as it was
                driver.findElement(By.id("model")).sendKeys("a*exp(b*x");
                driver.findElement(By.id("useModel")).click();
                waitFor(() -> !message(driver).isEmpty(), "the bad formula's message");
                assertEquals("model: formula \"a*exp(b*x\" at column 10: expected ')'", message(driver));
                assertEquals("y = a x + b", driver.executeScript("return data.model"));
                driver.findElement(By.id("model")).clear();
                driver.findElement(By.id("model")).sendKeys("a*z");
                driver.findElement(By.id("useModel")).click();
                waitFor(() -> message(driver).contains("names no column"), "a formula of no column: " + message(driver));
                // a formula that does: trained live, its curve and each point's gradient as the chain rule gives them
                driver.findElement(By.id("model")).clear();
                driver.findElement(By.id("model")).sendKeys("a*exp(b*x)");
                driver.findElement(By.id("init")).sendKeys("a=8, b=0.1");
                driver.findElement(By.id("useModel")).click();
                waitFor(() -> "y = a*exp(b*x)".equals(driver.executeScript("return data.model")), "the formula is used");
                assertTrue(message(driver).isEmpty(), message(driver));
                Map<String, Object> start = frame(driver);
                assertEquals(8, param(start, 0));
                assertEquals(0.1, param(start, 1));
                set(driver, "lr", 0.01); // below 2/L, about 0.047 here
                waitFor(() -> number(frame(driver), "epoch") == 0, "reset at the new rate");
                driver.findElement(By.id("play")).click();
                waitFor(() -> number(frame(driver), "epoch") >= 100, "a hundred epochs of the formula");
                driver.findElement(By.id("pause")).click();
                Thread.sleep(300);
                Map<String, Object> later = frame(driver);
                assertTrue(number(later, "loss") < number(start, "loss") / 4, later.get("loss") + " after " + start.get("loss"));
                double a = param(later, 0);
                double b = param(later, 1);
                double[] xs = column(driver, 0);
                double[] ys = targets(driver);
                @SuppressWarnings("unchecked")
                java.util.List<java.util.List<Number>> parts = (java.util.List<java.util.List<Number>>) later.get("contributions");
                for (int i = 0; i < xs.length; i++) {
                    double e = Math.exp(b * xs[i]);
                    double dLdy = 2 * (a * e - ys[i]);
                    double scale = 1e-9 * Math.max(1, Math.abs(dLdy) * (1 + a));
                    assertEquals(dLdy, parts.get(i).get(0).doubleValue(), scale);
                    assertEquals(e * dLdy, parts.get(i).get(1).doubleValue(), scale);
                    assertEquals(a * xs[i] * e * dLdy, parts.get(i).get(2).doubleValue(), scale);
                }
                @SuppressWarnings("unchecked")
                java.util.List<java.util.List<Number>> curve = (java.util.List<java.util.List<Number>>) later.get("curve");
                for (java.util.List<Number> point : curve) {
                    double x = point.get(0).doubleValue();
                    assertEquals(a * Math.exp(b * x), point.get(1).doubleValue(), 1e-12 * a * Math.exp(b * x));
                }
                driver.executeScript("hovered = 3; showGradient();");
                String gradient = driver.findElement(By.id("gradient")).getText();
                assertTrue(gradient.contains("of dL/da = exp(b x) * dL/dy_pred"), gradient);
                java.nio.file.Files.write(Browser.screenshots().resolve("playground-formula.png"),
                        driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
                // standardising a formula is refused, with the reason
                set(driver, "standardize", true);
                waitFor(() -> message(driver).startsWith("standardize applies to the linear model"), message(driver));
                set(driver, "standardize", false);
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void severalFeaturesShowPredictedAgainstActualAndStandardisingSpeedsTheDescent() throws Exception {
        try (Playground playground = Playground.start("127.0.0.1", 0)) {
            ChromeDriver driver = Browser.open();
            try {
                driver.get(playground.address());
                waitFor(() -> driver.executeScript("return lastFrame") != null, "the first frame arrives");
                set(driver, "features", 3);
                waitFor(() -> ((Number) driver.executeScript("return data.columns.length")).intValue() == 3, "three features");
                assertEquals(-1L, driver.executeScript("return data.curveColumn"));
                assertEquals("y = a1 x1 + a2 x2 + a3 x3 + b", driver.executeScript("return data.model"));
                double[][] x = {column(driver, 0), column(driver, 1), column(driver, 2)};
                double[] y = targets(driver);
                for (int i = 0; i < y.length; i++) {
                    // the generator's own rule, written out: feature j in [0, 2^(j-1)) with slope 3 / 2^(j-1)
                    assertEquals(3 * x[0][i] + 1.5 * x[1][i] + 0.75 * x[2][i] + 8, y[i], 1e-12);
                    assertTrue(x[2][i] >= 0 && x[2][i] < 4);
                }
                // fifty epochs at one rate, plain and standardised; the frames are the run's, whatever the clock did
                set(driver, "lr", 0.05);
                double[] after50 = new double[2];
                for (int run = 0; run < 2; run++) {
                    set(driver, "standardize", run == 1);
                    waitFor(() -> number(frame(driver), "epoch") == 0, "reset");
                    driver.findElement(By.id("play")).click();
                    waitFor(() -> number(frame(driver), "epoch") >= 50, "fifty epochs");
                    driver.findElement(By.id("pause")).click();
                    after50[run] = ((Number) driver.executeScript("return frames.find(f => f.epoch === 50).loss")).doubleValue();
                }
                assertTrue(after50[1] < after50[0] / 10, "standardised " + after50[1] + ", plain " + after50[0]);
                // standardised, the run reaches the generating line; the page shows it in the data's units
                set(driver, "lr", 0.3);
                waitFor(() -> number(frame(driver), "epoch") == 0, "reset");
                driver.findElement(By.id("play")).click();
                waitFor(() -> number(frame(driver), "epoch") >= 150, "150 epochs");
                driver.findElement(By.id("pause")).click();
                Thread.sleep(300);
                Map<String, Object> late = frame(driver);
                double[] truth = {3, 1.5, 0.75, 8};
                for (int k = 0; k < 4; k++) {
                    assertEquals(truth[k], param(late, k), 1e-6, "parameter " + k + " of " + late);
                }
                @SuppressWarnings("unchecked")
                java.util.List<Number> predicted = (java.util.List<Number>) late.get("predicted");
                for (int i = 0; i < y.length; i++) {
                    double byHand = param(late, 0) * x[0][i] + param(late, 1) * x[1][i] + param(late, 2) * x[2][i] + param(late, 3);
                    assertEquals(byHand, predicted.get(i).doubleValue(), 1e-12 * Math.abs(byHand));
                }
                // the surface over a chosen pair, the others held where the run is (at the generating line, to 1e-6)
                driver.executeScript("document.getElementById('contourP').value = 'a3';"
                        + " document.getElementById('contourP').dispatchEvent(new Event('change'));");
                waitFor(() -> "[2, 3]".equals(String.valueOf(driver.executeScript("return data.surface.params"))
                        .replace(" ", "").replace(",", ", ")), "the surface over a3 and b");
                assertTrue(((Number) driver.executeScript("return data.surface.segments.length")).intValue() > 50);
                assertEquals(3, ((Number) driver.executeScript("return data.surface.held[0]")).doubleValue(), 1e-6);
                assertEquals(150, number(frame(driver), "epoch"), 5, "choosing the pair leaves the run where it is");
                assertTrue(driver.findElement(By.id("contourCaption")).getText().contains("the others held at a1 = 3, a2 = 1.5"),
                        driver.findElement(By.id("contourCaption")).getText());
                java.nio.file.Files.write(Browser.screenshots().resolve("playground-features.png"),
                        driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void theApiRefusesWhatItShouldWithAMessage() throws Exception {
        try (Playground playground = Playground.start("127.0.0.1", 0)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = playground.address();
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(base + "api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"settings\": {\"lr\": -1}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertEquals("{\"error\":\"lr must be a number above 0 to 1000000, got -1\"}", bad.body());
            HttpResponse<String> yes = client.send(HttpRequest.newBuilder(URI.create(base + "api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"settings\": {\"lr\": true}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, yes.statusCode());
            assertEquals("{\"error\":\"lr must be a number above 0 to 1000000, got true\"}", yes.body());
            HttpResponse<String> file = client.send(HttpRequest.newBuilder(URI.create(base + "../../etc/passwd")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, file.statusCode());
            HttpResponse<String> large = client.send(HttpRequest.newBuilder(URI.create(base + "api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"x\": \"" + "a".repeat(70_000) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, large.statusCode());
            assertTrue(large.body().contains("larger than 65536 bytes"), large.body());
            String nobody = "00000000-0000-0000-0000-000000000000";
            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create(base + "api/session/" + nobody
                    + "/control")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"play\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("no session " + nobody), unknown.body());
            // what a page from another site could send is refused
            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create(base + "api/session"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, plain.statusCode());
            HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(URI.create(base + "api/session"))
                    .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode());
            HttpResponse<String> method = client.send(HttpRequest.newBuilder(URI.create(base + "api/session")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, method.statusCode());
            assertEquals("POST", method.headers().firstValue("Allow").orElse(""));
            HttpResponse<String> odd = client.send(HttpRequest.newBuilder(URI.create(base + "api/session/events")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, odd.statusCode());
        }
    }

    @Test
    void aTabTrainsOnItsOwnFileAndABadFileIsNamedOnThePage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        StringBuilder csv = new StringBuilder("size,price\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i / 10.0).append(',').append(2 * i / 10.0 + 1).append('\n');
        }
        java.nio.file.Path good = dir.resolve("prices.csv");
        java.nio.file.Files.writeString(good, csv);
        java.nio.file.Path bad = dir.resolve("broken.csv");
        java.nio.file.Files.writeString(bad, "x,y\n1,2\n3,oops\n");
        try (Playground playground = Playground.start("127.0.0.1", 0)) {
            ChromeDriver driver = Browser.open();
            try {
                driver.get(playground.address());
                waitFor(() -> driver.executeScript("return lastFrame") != null, "the first frame arrives");
                driver.findElement(By.id("csv")).sendKeys(good.toAbsolutePath().toString());
                waitFor(() -> ((Number) driver.executeScript("return data.rows.length")).intValue() == 50, "the file's rows");
                driver.findElement(By.id("play")).click();
                waitFor(() -> number(frame(driver), "epoch") >= 100, "a hundred epochs on the file");
                assertTrue(Math.abs(param(frame(driver), 0) - 2) < Math.abs(-1 - 2), "the line approaches y = 2x + 1");
                driver.findElement(By.id("pause")).click();
                driver.findElement(By.id("csv")).sendKeys(bad.toAbsolutePath().toString());
                waitFor(() -> !driver.findElement(By.id("message")).getText().isEmpty(), "the bad file's message");
                String message = driver.findElement(By.id("message")).getText();
                assertTrue(message.startsWith("broken.csv line 3") && message.contains("oops"), message);
                driver.findElement(By.id("generate")).click();
                waitFor(() -> ((Number) driver.executeScript("return data.rows.length")).intValue() == 30, "generated again");
            } finally {
                driver.quit();
            }
            HttpClient client = HttpClient.newHttpClient();
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(client.send(HttpRequest.newBuilder(
                    URI.create(playground.address() + "api/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
            // a file of 2 MB is refused on its length, before it is read (JDK 17's server answers at once, JDK 25's
            // once the body has come: the body is sent beside the reading, and a write the server cuts off is fine)
            String huge;
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", URI.create(playground.address()).getPort())) {
                socket.setSoTimeout(30_000);
                java.io.OutputStream out = socket.getOutputStream();
                out.write(("POST /api/session/" + id + "/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-File-Name: huge.csv\r\nContent-Length: 2097152\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread sender = new Thread(() -> {
                    try {
                        out.write(new byte[2097152]);
                        out.flush();
                    } catch (java.io.IOException e) {
                        // the server closed the connection after refusing: as it may
                    }
                });
                sender.setDaemon(true);
                sender.start();
                // the status line, the headers and the body of the reply (the server waits for no more of the request)
                java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder reply = new StringBuilder();
                int length = 0;
                for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                    reply.append(line).append('\n');
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    int n = reader.read(body, read, length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                huge = reply.append(body, 0, read).toString();
            }
            assertTrue(huge.startsWith("HTTP/1.1 413"), huge);
            assertTrue(huge.contains("larger than 1 MB"), huge);
        }
    }
}
