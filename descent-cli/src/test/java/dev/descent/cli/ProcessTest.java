package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a process of its own: what only a real process shows (its standard output, its parent). */
class ProcessTest {
    @TempDir
    Path dir;

    /** {@code java -cp <this test's class path> dev.descent.cli.Descent ARGS}, with properties before the class. */
    private static List<String> descent(List<String> properties, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(properties);
        command.add(Descent.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void aFullDiskOnStandardOutputIsAFailureWithAMessage() throws Exception {
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Process process = new ProcessBuilder(descent(List.of(), "fit", data.toString(), "--target", "y", "--epochs", "5"))
                .redirectOutput(new File("/dev/full")).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), err);
        assertTrue(err.contains("descent: cannot write to standard output"), err);
    }

    @Test
    void theJvmStopsWhenItsLauncherIsKilled() throws Exception {
        // a shell stands in for the launcher: it starts the JVM with its own process id, then is killed with -9
        String java = String.join(" ", descent(List.of("-Ddescent.launcher=$$"), "serve", "--port", "0").stream()
                .map(word -> word.endsWith("=$$") ? word : "'" + word.replace("'", "'\\''") + "'").toList());
        Process shell = new ProcessBuilder("bash", "-c", java + " > /dev/null 2>&1 & wait").start();
        ProcessHandle jvm = null;
        for (int i = 0; i < 300 && jvm == null; i++) {
            jvm = shell.toHandle().children().findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertTrue(jvm != null, "the JVM started");
        Thread.sleep(1000); // serving
        assertTrue(jvm.isAlive());
        shell.destroyForcibly().waitFor();
        ProcessHandle orphan = jvm;
        for (int i = 0; i < 300 && orphan.isAlive(); i++) {
            Thread.sleep(100);
        }
        boolean stopped = !orphan.isAlive();
        orphan.destroyForcibly();
        assertTrue(stopped, "the JVM outlived its launcher by 30 s");
    }

    @Test
    void dataFromAPipeIsReadAndItsMistakesNamedByThePathGiven() throws Exception {
        Process good = new ProcessBuilder(descent(List.of(), "fit", "/dev/stdin", "--target", "y", "--solver", "exact"))
                .start();
        try (var in = good.getOutputStream()) {
            in.write(new Lesson(30, 3, 8, 42).csv().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(good.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(good.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, good.exitValue(), out);
        assertTrue(out.contains("/dev/stdin: 30 rows"), out);
        Process bad = new ProcessBuilder(descent(List.of(), "fit", "/dev/stdin", "--target", "y")).start();
        try (var in = bad.getOutputStream()) {
            in.write("x,y\n1,2\n3,oops\n".getBytes(StandardCharsets.UTF_8));
        }
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), err);
        assertEquals("descent fit: /dev/stdin line 3, column 2 (y): expected a number, found \"oops\"", err.strip());
    }

    @Test
    void aRunKilledAtRandomAndResumedEndsWithTheSameModelToTheBit() throws Exception {
        // 20,000 rows of 6 features, Adam in mini-batches: a few seconds of training, checkpointed every 5 epochs
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("a,b,c,d,e,f,y\n");
        for (int i = 0; i < 20_000; i++) {
            double y = 0;
            for (int j = 0; j < 6; j++) {
                double x = random.nextGaussian();
                y += (j + 1) * x;
                csv.append(x).append(',');
            }
            csv.append(y + random.nextGaussian()).append('\n');
        }
        Path data = dir.resolve("data.csv");
        Files.writeString(data, csv);
        Path reference = dir.resolve("reference.json");
        long begun = System.nanoTime();
        Process whole = new ProcessBuilder(descent(List.of(), fit(data, reference, null))).redirectErrorStream(true).start();
        String wholeOut = new String(whole.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(whole.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, whole.exitValue(), wholeOut);
        long took = (System.nanoTime() - begun) / 1_000_000;
        JsonNode expected = new ObjectMapper().readTree(reference.toFile());
        int killed = 0;
        for (int attempt = 0; killed < 3 && attempt < 20; attempt++) {
            Path checkpoint = dir.resolve("checkpoint-" + attempt);
            Path model = dir.resolve("model-" + attempt + ".json");
            Process run = new ProcessBuilder(descent(List.of(), fit(data, model, checkpoint)))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // once its first checkpoint is there, a random moment in what is left of the run
            for (int i = 0; i < 3000 && run.isAlive() && !Files.exists(checkpoint.resolve("checkpoint.json")); i++) {
                Thread.sleep(10);
            }
            long wait = (long) (took * 0.6 * random.nextDouble());
            Thread.sleep(wait);
            run.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finally
            if (Files.exists(model)) { // it reached its end (its model is written whole) first: not the case tested
                continue;
            }
            killed++;
            Process resumed = new ProcessBuilder(descent(List.of(), "fit", "--resume", checkpoint.toString()))
                    .redirectErrorStream(true).start();
            String out = new String(resumed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(resumed.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, resumed.exitValue(), out);
            JsonNode got = new ObjectMapper().readTree(model.toFile());
            for (String key : List.of("weights", "bias", "optimizer")) {
                assertEquals(expected.get(key), got.get(key), key + " after a kill " + wait + " ms after the first"
                        + " checkpoint, of " + took + " ms a run");
            }
        }
        assertEquals(3, killed, "runs killed between their first checkpoint and their end (" + took + " ms a run)");
    }

    private static String[] fit(Path data, Path out, Path checkpoint) {
        List<String> args = new ArrayList<>(List.of("fit", data.toString(), "--target", "y", "--optimizer", "adam",
                "--batch-size", "64", "--lr", "0.01", "--epochs", "300", "--out", out.toString()));
        if (checkpoint != null) {
            args.addAll(List.of("--checkpoint", checkpoint.toString(), "--checkpoint-every", "5"));
        }
        return args.toArray(String[]::new);
    }

    /** One line of a large file from a row's features a, b, c and its target. */
    @FunctionalInterface
    private interface Line {
        String of(double a, double b, double c, double y);
    }

    /**
     * Writes 256 MB of {@code header} and lines of y = 3 a - 2 b + c + 5 plus noise, fits them streamed with a 64 MB
     * heap (to the generating line within 0.01, in one epoch) and read whole (out of memory); returns the streamed
     * fit's JSON. {@code columns} choose the target where the format needs it.
     */
    private JsonNode streamsFourTimesTheHeap(Path data, String header, Line line, List<String> columns) throws Exception {
        Random random = new Random(9);
        try (var out = new java.io.BufferedWriter(Files.newBufferedWriter(data), 1 << 16)) {
            out.write(header);
            while (Files.size(data) < (256L << 20) - (1 << 16)) {
                for (int i = 0; i < 10_000; i++) {
                    double a = random.nextGaussian();
                    double b = random.nextGaussian();
                    double c = random.nextGaussian();
                    out.write(line.of(a, b, c, 3 * a - 2 * b + c + 5 + 0.1 * random.nextGaussian()) + "\n");
                }
                out.flush();
            }
        }
        List<String> streamed = new ArrayList<>(List.of("fit", data.toString()));
        streamed.addAll(columns);
        streamed.addAll(List.of("--stream", "--batch-size", "256", "--epochs", "1", "--format", "json"));
        Process stream = new ProcessBuilder(descent(List.of("-Xmx64m"), streamed.toArray(String[]::new))).start();
        String out = new String(stream.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(stream.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stream.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, stream.exitValue(), err);
        JsonNode json = new ObjectMapper().readTree(out);
        double[] truth = {3, -2, 1};
        for (int j = 0; j < 3; j++) {
            assertEquals(truth[j], json.get("weights").get(j).asDouble(), 0.01, out);
        }
        assertEquals(5, json.get("bias").asDouble(), 0.01, out);
        // read whole, the same file does not fit: the heap is the limit streaming gets around
        List<String> whole = new ArrayList<>(List.of("fit", data.toString()));
        whole.addAll(columns);
        whole.addAll(List.of("--epochs", "1"));
        Process read = new ProcessBuilder(descent(List.of("-Xmx64m"), whole.toArray(String[]::new))).start();
        String readErr = new String(read.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(read.waitFor(300, TimeUnit.SECONDS));
        assertEquals(1, read.exitValue(), readErr);
        assertTrue(readErr.contains("out of memory"), readErr);
        return json;
    }

    @Test
    void aFileFourTimesTheHeapTrainsByStreaming() throws Exception {
        Path data = dir.resolve("large.csv");
        JsonNode json = streamsFourTimesTheHeap(data, "a,b,c,y\n", (a, b, c, y) -> a + "," + b + "," + c + "," + y,
                List.of("--target", "y"));
        assertTrue(json.get("rows").asLong() * 60 > Files.size(data) / 2, "read the whole file: " + json.get("rows"));
    }

    @Test
    void aLibsvmFileFourTimesTheHeapTrainsByStreaming() throws Exception {
        streamsFourTimesTheHeap(dir.resolve("large.svm"), "", (a, b, c, y) -> y + " 1:" + a + " 2:" + b + " 3:" + c,
                List.of());
    }
}
