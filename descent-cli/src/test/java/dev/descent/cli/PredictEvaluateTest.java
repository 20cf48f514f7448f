package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code predict} and {@code evaluate} with models saved by {@code fit}, against scikit-learn and hand computations. */
class PredictEvaluateTest {
    @TempDir
    Path dir;

    /** The logistic model of breast_cancer_logistic.json, fitted and saved. */
    private Path logisticModel() {
        JsonNode ref = Reference.json("breast_cancer_logistic.json");
        Path model = dir.resolve("logistic.json");
        Reference.descentJson("fit", Reference.file("breast_cancer.csv").toString(), "--target", "benign", "--loss",
                "logistic", "--l2", ref.get("l2").asText(), "--optimizer", "lbfgs", "--epochs", "1000", "--out",
                model.toString(), "--format", "json");
        return model;
    }

    /** The ridge model of diabetes_ridge.json, solved exactly and saved. */
    private Path ridgeModel() {
        JsonNode ref = Reference.json("diabetes_ridge.json");
        Path model = dir.resolve("ridge.json");
        Reference.descentJson("fit", Reference.file("diabetes.csv").toString(), "--target", "progression", "--l2",
                ref.get("l2").asText(), "--solver", "exact", "--out", model.toString(), "--format", "json");
        return model;
    }

    @Test
    void evaluatingTheLogisticModelGivesScikitLearnsMetrics() {
        Path model = logisticModel();
        JsonNode metrics = Reference.descentJson("evaluate", model.toString(), Reference.file("breast_cancer.csv").toString(),
                "--target", "benign", "--format", "json");
        JsonNode ref = Reference.json("breast_cancer_logistic.json").get("metrics");
        assertEquals(569, metrics.get("rows").asInt());
        // The model matches scikit-learn's to ~1e-9 or better (FitOptionsTest asserts 1e-6); the log-loss moves by its
        // gradient (= -l2 w at the penalised optimum, |l2 w| <= 0.01) times that: far below 1e-7 relative.
        double logLoss = ref.get("log_loss").asDouble();
        assertEquals(logLoss, metrics.get("log_loss").asDouble(), 1e-7 * logLoss, "log_loss");
        // The same labels are predicted, so these ratios of counts are the same fractions (to rounding).
        for (String key : new String[] {"accuracy", "precision", "recall", "f1", "roc_auc"}) {
            assertEquals(ref.get(key).asDouble(), metrics.get(key).asDouble(), 1e-12, key);
        }
    }

    @Test
    void evaluatingTheRidgeModelGivesScikitLearnsMetrics() {
        Path model = ridgeModel();
        JsonNode metrics = Reference.descentJson("evaluate", model.toString(), Reference.file("diabetes.csv").toString(),
                "--target", "progression", "--format", "json");
        JsonNode ref = Reference.json("diabetes_ridge.json").get("metrics");
        // The exact ridge solution agrees with scikit-learn's Cholesky one to ~1e-12; the metrics are smooth in it.
        for (String key : new String[] {"mse", "rmse", "mae", "r2"}) {
            double expected = ref.get(key).asDouble();
            assertEquals(expected, metrics.get(key).asDouble(), 1e-8 * Math.abs(expected), key);
        }
        assertFalse(metrics.has("accuracy"), "no classification metrics for a regression model");
    }

    @Test
    void predictWritesTheLogisticProbabilityAndLabelOfEveryRow() throws IOException {
        Path model = logisticModel();
        Path data = Reference.file("breast_cancer.csv");
        Run run = Run.descent("predict", model.toString(), data.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("probability,label", lines.get(0));
        double[] p = probabilities(model, Reference.Table.read(data));
        assertEquals(p.length + 1, lines.size());
        assertRowsAreProbabilities(lines, p);

        // Columns are found by name: reversed, without the target, the same predictions, here written to --out.
        Reference.Table table = Reference.Table.read(data);
        List<String> reversed = new ArrayList<>(table.header().subList(0, 30));
        Collections.reverse(reversed);
        Path shuffled = dir.resolve("reversed.csv");
        new Reference.Table(reversed, table.columns(reversed)).write(shuffled);
        Path out = dir.resolve("predictions.csv");
        Run toFile = Run.descent("predict", model.toString(), shuffled.toString(), "--out", out.toString());
        assertEquals(0, toFile.exitCode(), toFile.err());
        assertEquals("", toFile.out(), "nothing on standard output with --out");
        List<String> written = Files.readAllLines(out);
        assertEquals("probability,label", written.get(0));
        assertEquals(p.length + 1, written.size());
        assertRowsAreProbabilities(written, p);
    }

    private static void assertRowsAreProbabilities(List<String> lines, double[] p) {
        for (int i = 0; i < p.length; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(2, cells.length, lines.get(i + 1));
            // sigma'(z) <= 1/4, and w . x + b summed in another order differs by a few ulps of its terms (<~1e-15).
            assertEquals(p[i], Double.parseDouble(cells[0]), 1e-14, "row " + (i + 1));
            assertEquals(p[i] >= 0.5 ? "1" : "0", cells[1], "label of row " + (i + 1));
        }
    }

    /** 1 / (1 + exp(-(w . x + b))) for every row, from the weights in the saved model file. */
    private static double[] probabilities(Path model, Reference.Table table) {
        JsonNode saved = Reference.read(model);
        assertEquals("logistic", saved.get("loss").asText());
        List<String> features = new ArrayList<>();
        saved.get("features").forEach(f -> features.add(f.asText()));
        double[] w = Reference.doubles(saved.get("weights"));
        double b = saved.get("bias").asDouble();
        double[][] x = table.columns(features);
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += w[j] * x[i][j];
            }
            p[i] = 1 / (1 + Math.exp(-z));
        }
        return p;
    }

    @Test
    void predictWritesTheRegressionPredictionOfEveryRow() throws IOException {
        Path model = ridgeModel();
        Path data = Reference.file("diabetes.csv");
        Run run = Run.descent("predict", model.toString(), data.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("prediction", lines.get(0));
        JsonNode saved = Reference.read(model);
        double[] w = Reference.doubles(saved.get("weights"));
        double b = saved.get("bias").asDouble();
        Reference.Table table = Reference.Table.read(data);
        double[][] x = table.columns(table.header().subList(0, 10));
        assertEquals(x.length + 1, lines.size());
        for (int i = 0; i < x.length; i++) {
            double expected = b;
            for (int j = 0; j < w.length; j++) {
                expected += w[j] * x[i][j];
            }
            // Terms up to ~100 summed in another order: a few ulps of 100, ~1e-13 absolute.
            assertEquals(expected, Double.parseDouble(lines.get(i + 1)), 1e-12 * Math.max(1, Math.abs(expected)),
                    "row " + (i + 1));
        }
    }

    @Test
    void aPolynomialModelPredictsFromItsOneColumn() throws Exception {
        Path pontius = Path.of(getClass().getResource("/strd/pontius.csv").toURI());
        Path model = dir.resolve("poly.json");
        Reference.descentJson("fit", pontius.toString(), "--target", "y", "--degree", "2", "--solver", "exact", "--out",
                model.toString(), "--format", "json");
        Run run = Run.descent("predict", model.toString(), pontius.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode saved = Reference.read(model);
        double[] w = Reference.doubles(saved.get("weights"));
        double b = saved.get("bias").asDouble();
        Reference.Table table = Reference.Table.read(pontius);
        double[] x = table.column(table.column("x"));
        List<String> lines = run.out().lines().toList();
        assertEquals("prediction", lines.get(0));
        for (int i = 0; i < x.length; i++) {
            double expected = b + w[0] * x[i] + w[1] * x[i] * x[i];
            assertEquals(expected, Double.parseDouble(lines.get(i + 1)), 1e-12 * Math.abs(expected), "row " + (i + 1));
        }
    }

    // ---------------------------------------------------------------- errors

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"predict", "evaluate"})
    void aMissingFeatureColumnIsAnInputErrorNamingTheDataFile(String command) throws IOException {
        Path model = ridgeModel();
        Reference.Table table = Reference.Table.read(Reference.file("diabetes.csv"));
        List<String> columns = new ArrayList<>(table.header());
        columns.remove("x3");
        Path data = dir.resolve("no-x3.csv");
        new Reference.Table(columns, table.columns(columns)).write(data);
        Run run = run(command, model, data);
        run.assertOneLineError(command);
        assertTrue(run.err().contains(data.toString()), run.err());
        assertTrue(run.err().contains("x3"), "names the missing column: " + run.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"predict", "evaluate"})
    void aDamagedModelIsAnInputErrorNamingTheModelFile(String command) throws IOException {
        Path model = ridgeModel();
        String text = Files.readString(model);
        Path damaged = dir.resolve("damaged.json");
        Files.writeString(damaged, text.substring(0, text.length() / 2));
        Run run = run(command, damaged, Reference.file("diabetes.csv"));
        run.assertOneLineError(command);
        assertTrue(run.err().contains(damaged.toString()), run.err());

        // Valid JSON, but a weight that is not a number.
        ObjectNode json = (ObjectNode) Reference.read(model);
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("weights")).set(2, "heavy");
        Path wrongWeight = dir.resolve("wrong-weight.json");
        Files.writeString(wrongWeight, json.toString());
        Run run2 = run(command, wrongWeight, Reference.file("diabetes.csv"));
        run2.assertOneLineError(command);
        assertTrue(run2.err().contains(wrongWeight.toString()) && run2.err().contains("weights[2]"), run2.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"predict", "evaluate"})
    void aModelFromANewerFormatIsAnInputErrorNamingTheModelFile(String command) throws IOException {
        Path model = ridgeModel();
        ObjectNode json = (ObjectNode) Reference.read(model);
        json.put("format_version", ModelFile.FORMAT_VERSION + 1);
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, json.toString());
        Run run = run(command, newer, Reference.file("diabetes.csv"));
        run.assertOneLineError(command);
        assertTrue(run.err().contains(newer.toString()), run.err());
        assertTrue(run.err().contains("format " + (json.get("format_version").asInt())), run.err());
    }

    private static Run run(String command, Path model, Path data) {
        return command.equals("predict") ? Run.descent("predict", model.toString(), data.toString())
                : Run.descent("evaluate", model.toString(), data.toString(), "--target", "progression");
    }

}
