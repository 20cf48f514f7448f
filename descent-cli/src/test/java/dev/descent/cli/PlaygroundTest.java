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
                double before = Math.abs(number(start, "a") - 3) + Math.abs(number(start, "b") - 8);
                double after = Math.abs(number(later, "a") - 3) + Math.abs(number(later, "b") - 8);
                assertTrue(after < before / 2, "the line approaches y = 3x + 8: " + later);
                assertTrue(driver.findElement(By.id("status")).getText().startsWith("epoch "));
                // each point's own part of the gradient: the chain rule on one point, as the server computed it
                @SuppressWarnings("unchecked")
                java.util.List<java.util.List<Number>> parts = (java.util.List<java.util.List<Number>>) later.get("contributions");
                @SuppressWarnings("unchecked")
                java.util.List<Number> xs = (java.util.List<Number>) driver.executeScript("return data.x");
                @SuppressWarnings("unchecked")
                java.util.List<Number> ys = (java.util.List<Number>) driver.executeScript("return data.y");
                for (int i = 0; i < xs.size(); i++) {
                    double dLdy = 2 * (number(later, "a") * xs.get(i).doubleValue() + number(later, "b") - ys.get(i).doubleValue());
                    assertEquals(dLdy, parts.get(i).get(0).doubleValue(), 1e-9 * Math.max(1, Math.abs(dLdy)));
                    assertEquals(xs.get(i).doubleValue() * dLdy, parts.get(i).get(1).doubleValue(), 1e-9 * Math.max(1, Math.abs(dLdy)));
                    assertEquals(dLdy, parts.get(i).get(2).doubleValue(), 1e-9 * Math.max(1, Math.abs(dLdy)));
                }
                driver.executeScript("hovered = 0; showGradient();");
                assertTrue(driver.findElement(By.id("gradient")).getText().contains("of dL/da = x * dL/dy_pred"));
                assertTrue(((Number) driver.executeScript("return data.contour.segments.length")).intValue() > 50,
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
                waitFor(() -> ((Number) driver.executeScript("return data.x.length")).intValue() == 50, "the file's rows");
                driver.findElement(By.id("play")).click();
                waitFor(() -> number(frame(driver), "epoch") >= 100, "a hundred epochs on the file");
                assertTrue(Math.abs(number(frame(driver), "a") - 2) < Math.abs(-1 - 2), "the line approaches y = 2x + 1");
                driver.findElement(By.id("pause")).click();
                driver.findElement(By.id("csv")).sendKeys(bad.toAbsolutePath().toString());
                waitFor(() -> !driver.findElement(By.id("message")).getText().isEmpty(), "the bad file's message");
                String message = driver.findElement(By.id("message")).getText();
                assertTrue(message.startsWith("broken.csv line 3") && message.contains("oops"), message);
                driver.findElement(By.id("generate")).click();
                waitFor(() -> ((Number) driver.executeScript("return data.x.length")).intValue() == 30, "generated again");
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
