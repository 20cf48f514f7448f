package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.optim.GradientDescent;
import dev.descent.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets on ordinary data with the defaults: each answer says what happened and what to do. */
class FirstRunTest {
    @TempDir
    Path dir;

    /** 200 rows of x1 in [0, 1) and x2 in [0, 1000): y = 3 x1 + 0.01 x2 + noise. */
    private Path unscaled(double[][] x, double[] y) throws Exception {
        Random random = new Random(2);
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 200; i++) {
            x[i][0] = random.nextDouble();
            x[i][1] = 1000 * random.nextDouble();
            y[i] = 3 * x[i][0] + 0.01 * x[i][1] + 0.1 * random.nextGaussian();
            csv.append(x[i][0]).append(',').append(x[i][1]).append(',').append(y[i]).append('\n');
        }
        Path file = dir.resolve("unscaled.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static double populationSd(double[][] x, int j) {
        double mean = 0;
        for (double[] row : x) {
            mean += row[j] / x.length;
        }
        double squares = 0;
        for (double[] row : x) {
            squares += (row[j] - mean) * (row[j] - mean);
        }
        return Math.sqrt(squares / x.length);
    }

    @Test
    void aDivergenceOnUnscaledFeaturesNamesTheirSpreadsAndTheCures() throws Exception {
        double[][] x = new double[200][2];
        Path file = unscaled(x, new double[200]);
        Run run = Run.descent("fit", file.toString(), "--target", "y");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("The features' standard deviations range from " + Text.number(populationSd(x, 0))
                + " (x1) to " + Text.number(populationSd(x, 1)) + " (x2): --standardize puts every feature on one scale,"
                + " or --lr auto picks a stable rate for these"), run.err());
        assertEquals(0, Run.descent("fit", file.toString(), "--target", "y", "--standardize").exitCode());
    }

    @Test
    void theHeldOutRowsAreScored() throws Exception {
        double[][] x = new double[200][2];
        double[] y = new double[200];
        Path file = unscaled(x, y);
        Run run = Run.descent("fit", file.toString(), "--target", "y", "--standardize", "--validation", "0.2",
                "--epochs", "50", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        // the rows held out, as the trainer of the same seed and fraction holds them out; the loss written out
        int[] held = Trainer.builder().optimizer(new GradientDescent(0.1)).validation(0.2, 10).seed(42).build()
                .validationRowIndices(200);
        double squares = 0;
        for (int i : held) {
            double predicted = json.get("weights").get(0).asDouble() * x[i][0] + json.get("weights").get(1).asDouble() * x[i][1]
                    + json.get("bias").asDouble();
            squares += (predicted - y[i]) * (predicted - y[i]);
        }
        assertEquals(40, json.get("validation").get("rows").asInt());
        assertEquals(squares / 40, json.get("validation").get("loss").asDouble(), 1e-12 * squares);
        assertEquals(Math.sqrt(squares / 40), json.get("validation").get("rmse").asDouble(), 1e-12 * Math.sqrt(squares));
        Run text = Run.descent("fit", file.toString(), "--target", "y", "--standardize", "--validation", "0.2",
                "--epochs", "50");
        assertTrue(text.out().contains("On the 40 validation rows (held out of training): MSE "
                + Text.number(squares / 40)), text.out());
    }

    @Test
    void aClassifierThatFoundNoAnswerSaysWhy() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i / 10.0).append(',').append(i >= 25 ? 1 : 0).append('\n');
        }
        Path file = dir.resolve("separable.csv");
        Files.writeString(file, csv);
        Path history = dir.resolve("history.csv");
        Run capped = Run.descent("fit", file.toString(), "--target", "y", "--loss", "logistic", "--epochs", "50",
                "--history", history.toString());
        assertEquals(0, capped.exitCode(), capped.err());
        List<String> lines = Files.readAllLines(history);
        double before = Double.parseDouble(lines.get(49).split(",")[1]);
        double last = Double.parseDouble(lines.get(50).split(",")[1]);
        String fall = String.format(Locale.ROOT, "%.2g%%", 100 * (before - last) / before);
        assertTrue(capped.err().contains("warning: training stopped at the last of its 50 epochs while the loss still fell by "
                + fall + " an epoch"), capped.err() + " (" + fall + ")");
        Run separable = Run.descent("fit", file.toString(), "--target", "y", "--loss", "logistic", "--epochs", "5000",
                "--lr", "1");
        assertTrue(separable.err().contains("warning: the classes are separable"), separable.err());
        Run penalised = Run.descent("fit", file.toString(), "--target", "y", "--loss", "logistic", "--epochs", "5000",
                "--lr", "1", "--l2", "0.01");
        assertFalse(penalised.err().contains("separable"), penalised.err());
    }

    @Test
    void missingValuesAreDroppedOrFilledAndTheOutputSaysHowMany() throws Exception {
        Path file = dir.resolve("gaps.csv");
        // y = 2x + 1 where both are given; the gaps are filled or their rows left out
        Files.writeString(file, "x,y\n1,3\n2,\nNA,7\n4,9\n5,11\n6,13\n");
        Run drop = Run.descent("fit", file.toString(), "--target", "y", "--missing", "drop", "--solver", "exact");
        assertEquals(0, drop.exitCode(), drop.err());
        assertTrue(drop.out().contains(": 4 rows, target y\nMissing values: 2 missing values (x 1, y 1); left out 2 rows."),
                drop.out());
        Run mean = Run.descent("fit", file.toString(), "--target", "y", "--missing", "mean", "--solver", "exact",
                "--format", "json");
        assertEquals(0, mean.exitCode(), mean.err());
        JsonNode json = new ObjectMapper().readTree(mean.out());
        assertEquals("mean", json.get("missing").get("policy").asText());
        assertEquals(1, json.get("missing").get("rows_dropped").asInt());
        assertEquals(1, json.get("missing").get("cells").get("x").asInt());
        assertEquals(5, json.get("rows").asInt()); // the row without y goes; NA becomes x's mean, (1+4+5+6)/4 = 4
        double[] x = {1, 4, 4, 5, 6};
        double[] y = {3, 7, 9, 11, 13};
        double mx = 4;
        double my = 43.0 / 5;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < 5; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        assertEquals(sxy / sxx, json.get("weights").get(0).asDouble(), 1e-12);
        assertEquals(my - sxy / sxx * mx, json.get("bias").asDouble(), 1e-12);
        Run refused = Run.descent("fit", file.toString(), "--target", "y", "--missing", "mean", "--cache");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--cache keeps the data of a whole file; --missing mean"), refused.err());
    }

    @Test
    void streamingTakesAByteOrderMarkAndRefusesWhatItCannotDo() throws Exception {
        Path bom = dir.resolve("bom.csv");
        StringBuilder csv = new StringBuilder("\uFEFFx,y\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i / 100.0).append(',').append(2 * i / 100.0 + 1).append('\n');
        }
        Files.writeString(bom, csv);
        Run stream = Run.descent("fit", bom.toString(), "--target", "y", "--features", "x", "--stream", "--batch-size",
                "10", "--epochs", "200", "--lr", "0.1", "--format", "json");
        assertEquals(0, stream.exitCode(), stream.err());
        JsonNode json = new ObjectMapper().readTree(stream.out());
        assertEquals("x", json.get("features").get(0).asText());
        assertEquals(2, json.get("weights").get(0).asDouble(), 0.05);
        Run shuffle = Run.descent("fit", bom.toString(), "--target", "y", "--stream", "--batch-size", "10", "--shuffle",
                "none");
        assertEquals(2, shuffle.exitCode());
        assertTrue(shuffle.err().contains("--stream shuffles the rows of each chunk"), shuffle.err());
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "x,y\n");
        Run empty = Run.descent("fit", header.toString(), "--target", "y", "--stream", "--batch-size", "10");
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains(header + ": the file has a header but no data rows"), empty.err());
        Path huge = dir.resolve("huge.csv");
        Files.writeString(huge, "x,y\n1e308,1\n-1.7e308,2\n1.5e308,3\n");
        Run big = Run.descent("fit", huge.toString(), "--target", "y", "--stream", "--batch-size", "2", "--standardize");
        assertEquals(2, big.exitCode());
        assertTrue(big.err().contains("has values too large to standardise in one pass"), big.err());
    }

    @Test
    void aFormulaFitScoresItsHeldOutRowsToo() throws Exception {
        double[][] x = new double[200][2];
        double[] y = new double[200];
        Path file = unscaled(x, y);
        Run run = Run.descent("fit", file.toString(), "--target", "y", "--model", "a*x1 + b", "--lr", "0.1", "--epochs",
                "50", "--validation", "0.2", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        int[] held = Trainer.builder().optimizer(new GradientDescent(0.1)).validation(0.2, 10).seed(42).build()
                .validationRowIndices(200);
        double a = json.get("params").get("a").asDouble();
        double b = json.get("params").get("b").asDouble();
        double squares = 0;
        for (int i : held) {
            squares += (a * x[i][0] + b - y[i]) * (a * x[i][0] + b - y[i]);
        }
        assertEquals(squares / 40, json.get("validation").get("loss").asDouble(), 1e-12 * squares);
    }

    @Test
    void aLibsvmFileTrainsByStreamingToo() throws Exception {
        Random random = new Random(3);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            double a = random.nextGaussian();
            double c = random.nextGaussian();
            text.append(2 * a - c + 1 + 0.1 * random.nextGaussian()).append(" 1:").append(a).append(" 3:").append(c)
                    .append('\n');
        }
        Path file = dir.resolve("rows.svm");
        Files.writeString(file, text);
        Run run = Run.descent("fit", file.toString(), "--stream", "--batch-size", "32", "--epochs", "30", "--lr", "0.05",
                "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(3000, json.get("rows").asInt());
        assertEquals(2, json.get("weights").get(0).asDouble(), 0.02);
        assertEquals(0, json.get("weights").get(1).asDouble(), 0.0);
        assertEquals(-1, json.get("weights").get(2).asDouble(), 0.02);
        assertEquals(1, json.get("bias").asDouble(), 0.02);
        Run standardize = Run.descent("fit", file.toString(), "--stream", "--batch-size", "32", "--standardize");
        assertEquals(2, standardize.exitCode());
    }
}
