package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code predict} and {@code evaluate} on LIBSVM files: against the same rows written as a CSV file (the
 * dense path, checked against scikit-learn elsewhere), against models and metrics worked out by hand,
 * and the files and options they refuse.
 */
class SparsePredictEvaluateTest {
    private static final int N = 60;
    private static final int D = 7;

    @TempDir
    Path dir;

    private Path svm;
    private Path csv;

    /** The same rows as LIBSVM and as CSV (columns f1..f7, label); labels 0/1, some rows empty. */
    @BeforeEach
    void writeTheSameRowsBothWays() throws Exception {
        Random random = new Random(11);
        StringBuilder libsvm = new StringBuilder("# label index:value ...\n");
        StringBuilder table = new StringBuilder("f1,f2,f3,f4,f5,f6,f7,label\n");
        for (int i = 0; i < N; i++) {
            double[] x = new double[D];
            for (int j = 0; j < D; j++) {
                x[j] = random.nextInt(3) == 0 ? Math.round(random.nextGaussian() * 1000) / 100.0 : 0;
            }
            int label = x[0] - x[2] + random.nextGaussian() > 0 ? 1 : 0;
            libsvm.append(label);
            for (int j = 0; j < D; j++) {
                if (x[j] != 0) {
                    libsvm.append(' ').append(j + 1).append(':').append(x[j]);
                }
                table.append(x[j]).append(',');
            }
            libsvm.append(i % 7 == 3 ? "  # a comment\n" : "\n");
            table.append(label).append('\n');
        }
        svm = dir.resolve("rows.svm");
        csv = dir.resolve("rows.csv");
        Files.writeString(svm, libsvm);
        Files.writeString(csv, table);
    }

    /** Fits a model with {@code loss} on the LIBSVM rows and saves it. */
    private Path fitted(String loss) {
        Path model = dir.resolve(loss + ".json");
        Run fit = Run.descent("fit", svm.toString(), "--loss", loss, "--epochs", "30", "--lr", "0.01", "--out",
                model.toString());
        assertEquals(0, fit.exitCode(), fit.err());
        return model;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mse", "logistic", "hinge"})
    void predictionsOnLibsvmRowsAreThoseOnTheSameRowsAsCsv(String loss) throws Exception {
        Path model = fitted(loss);
        Run sparse = Run.descent("predict", model.toString(), svm.toString());
        Run dense = Run.descent("predict", model.toString(), csv.toString());
        assertEquals(0, sparse.exitCode(), sparse.err());
        assertEquals(0, dense.exitCode(), dense.err());
        // Both add w_j x_j in feature order and the bias last; the zeros the sparse rows skip add exactly 0.
        assertEquals(dense.out(), sparse.out());
        String header = sparse.out().lines().findFirst().orElseThrow();
        assertEquals(switch (loss) {
            case "logistic" -> "probability,label";
            case "hinge" -> "score,label";
            default -> "prediction";
        }, header);
        assertEquals(N + 1, sparse.out().lines().count());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mse", "logistic", "hinge"})
    void metricsOnLibsvmRowsAreThoseOnTheSameRowsAsCsv(String loss) {
        Path model = fitted(loss);
        JsonNode sparse = Reference.descentJson("evaluate", model.toString(), svm.toString(), "--format", "json");
        JsonNode dense = Reference.descentJson("evaluate", model.toString(), csv.toString(), "--target", "label",
                "--format", "json");
        assertEquals(dense, sparse);
        assertEquals(N, sparse.get("rows").asInt());
        assertTrue(sparse.has(loss.equals("mse") ? "r2" : "roc_auc"), sparse.toString());
    }

    /** A model file written by hand: features f1..f3 as a fit on a LIBSVM file names them. */
    private Path handModel(String loss, String weights, String bias) throws Exception {
        Path model = dir.resolve("hand-" + loss + ".json");
        Files.writeString(model, """
                {"format": "descent-model", "format_version": 1, "type": "linear", "features": ["f1", "f2", "f3"],
                 "target": "label", "intercept": true, "weights": [%s], "bias": %s, "loss": "%s"}
                """.formatted(weights, bias, loss));
        return model;
    }

    @Test
    void predictOnAFileWithFewerIndicesTakesTheMissingOnesAsZeros() throws Exception {
        Path model = handModel("mse", "1.5, -2, 4", "0.25");
        Path data = dir.resolve("fewer.txt"); // no index 3 anywhere, and not named as LIBSVM
        Files.writeString(data, "7 1:2\n-1 qid:4 2:0.5\n\n0\n3 1:-1 2:1\n");
        Run run = Run.descent("predict", model.toString(), data.toString(), "--input-format", "libsvm");
        assertEquals(0, run.exitCode(), run.err());
        // 1.5*2 + 0.25, -2*0.5 + 0.25, 0.25, 1.5*-1 - 2*1 + 0.25
        assertEquals(List.of("prediction", "3.25", "-0.75", "0.25", "-3.25"), run.out().lines().toList());
    }

    @Test
    void anExplicitZeroInTheTrainingFileGivesTheModelItsLastIndex() throws Exception {
        Path train = dir.resolve("train.svm");
        Files.writeString(train, "1 1:1 2:0.5\n0 2:1 9:0\n1 1:2\n");
        Path model = dir.resolve("nine.json");
        assertEquals(0, Run.descent("fit", train.toString(), "--loss", "logistic", "--epochs", "5", "--out",
                model.toString()).exitCode());
        JsonNode saved = Reference.read(model);
        assertEquals(9, saved.get("features").size());
        assertEquals(0, saved.get("weights").get(8).asDouble(), "no row moves the weight of f9");
        Path test = dir.resolve("test.svm");
        Files.writeString(test, "1 9:3\n");
        Run run = Run.descent("predict", model.toString(), test.toString());
        assertEquals(0, run.exitCode(), run.err());
        double z = saved.get("bias").asDouble(); // w9 * 3 is 0
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertEquals(1 / (1 + Math.exp(-z)), Double.parseDouble(lines.get(1).split(",")[0]), 1e-16);
    }

    @Test
    void evaluateGivesTheRegressionMetricsWorkedOutByHand() throws Exception {
        Path model = handModel("mse", "1, 2, 0", "1");
        Path data = dir.resolve("regression.svm");
        Files.writeString(data, "3 1:1\n5 2:1\n1\n10 1:2 2:3\n");
        JsonNode m = Reference.descentJson("evaluate", model.toString(), data.toString(), "--format", "json");
        // Predictions 2, 3, 1, 9 for 3, 5, 1, 10: errors -1, -2, 0, -1; the mean label is 4.75.
        assertEquals(4, m.get("rows").asInt());
        assertEquals(1.5, m.get("mse").asDouble(), 1e-15);
        assertEquals(Math.sqrt(1.5), m.get("rmse").asDouble(), 1e-15);
        assertEquals(1, m.get("mae").asDouble(), 1e-15);
        double total = 1.75 * 1.75 + 0.25 * 0.25 + 3.75 * 3.75 + 5.25 * 5.25;
        assertEquals(1 - 6 / total, m.get("r2").asDouble(), 1e-15);
    }

    @Test
    void evaluateGivesTheClassificationMetricsWorkedOutByHand() throws Exception {
        Path model = handModel("logistic", "2, -1, 0.5", "-0.5");
        Path data = dir.resolve("classes.svm");
        Files.writeString(data, """
                1 1:1
                0 2:1
                1 2:2
                0 1:0.5 3:1
                1 1:1 3:2
                0
                1 1:0.25
                0 3:2
                """);
        // Scores 1.5, -1.5, -2.5, 1, 2.5, -0.5, 0, 0.5: class 1 where the score is at least 0.
        double[] z = {1.5, -1.5, -2.5, 1, 2.5, -0.5, 0, 0.5};
        int[] y = {1, 0, 1, 0, 1, 0, 1, 0};
        double logLoss = 0;
        for (int i = 0; i < z.length; i++) {
            double p = 1 / (1 + Math.exp(-z[i]));
            logLoss -= (y[i] == 1 ? Math.log(p) : Math.log(1 - p)) / z.length;
        }
        JsonNode m = Reference.descentJson("evaluate", model.toString(), data.toString(), "--format", "json");
        assertEquals(logLoss, m.get("log_loss").asDouble(), 1e-15);
        // 3 true positives, 2 true negatives, 2 false positives (1 and 0.5), 1 false negative (-2.5).
        assertEquals(5 / 8.0, m.get("accuracy").asDouble(), 1e-15);
        assertEquals(3 / 5.0, m.get("precision").asDouble(), 1e-15);
        assertEquals(3 / 4.0, m.get("recall").asDouble(), 1e-15);
        assertEquals(2 * 0.6 * 0.75 / 1.35, m.get("f1").asDouble(), 1e-15);
        // Of the 16 (positive, negative) pairs, the positive scores higher in 4 + 0 + 4 + 2.
        assertEquals(10 / 16.0, m.get("roc_auc").asDouble(), 1e-15);

        Run text = Run.descent("evaluate", model.toString(), data.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith(model + " on " + data + " (8 rows, target label):"), text.out());
        assertTrue(text.out().contains("accuracy  0.625"), text.out());
    }

    @Test
    void predictIgnoresLabelsThatEvaluateRefusesAsFitDoes() throws Exception {
        Path model = handModel("logistic", "2, -1, 0.5", "-0.5");
        Path data = dir.resolve("plus-minus.svm");
        Files.writeString(data, "+1 1:1\n-1 2:1\n");
        Run predict = Run.descent("predict", model.toString(), data.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals(3, lines.size(), predict.out());
        assertEquals("probability,label", lines.get(0));
        // Scores 1.5 and -1.5; the probability of class 1 to within an ulp or two of 1 / (1 + e^-z).
        assertEquals(1 / (1 + Math.exp(-1.5)), Double.parseDouble(lines.get(1).split(",")[0]), 1e-16);
        assertEquals("1", lines.get(1).split(",")[1]);
        assertEquals(1 / (1 + Math.exp(1.5)), Double.parseDouble(lines.get(2).split(",")[0]), 1e-16);
        assertEquals("0", lines.get(2).split(",")[1]);

        Run evaluate = Run.descent("evaluate", model.toString(), data.toString());
        evaluate.assertOneLineError("evaluate");
        assertEquals("descent evaluate: " + data + ": data row 2 has label = -1, but a logistic model needs labels 0 or 1",
                evaluate.err().strip());
        Run fit = Run.descent("fit", data.toString(), "--loss", "logistic");
        fit.assertOneLineError("fit");
        assertTrue(fit.err().contains("data row 2 has label = -1"), fit.err());
    }

    // ---------------------------------------------------------------- errors

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"predict", "evaluate"})
    void anIndexPastTheModelsFeaturesIsAnErrorNamingFileAndLine(String command) throws Exception {
        Path model = fitted("mse");
        Path data = dir.resolve("wider.svm");
        Files.writeString(data, "1 1:2\n0 2:1 9:1\n");
        Path out = dir.resolve("out.csv");
        Run run = command.equals("predict")
                ? Run.descent("predict", model.toString(), data.toString(), "--out", out.toString())
                : Run.descent("evaluate", model.toString(), data.toString());
        run.assertOneLineError(command);
        assertEquals("descent " + command + ": " + data + " line 2: feature index 9, but " + model
                + " was fitted on 7 features (f1 to f7) and has no weight for it", run.err().strip());
        assertFalse(Files.exists(out), "no output file");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"predict", "evaluate"})
    void aMalformedLineIsAnErrorNamingFileAndLineAndLeavesTheOutputAlone(String command) throws Exception {
        Path model = fitted("mse");
        Path data = dir.resolve("bad.svm");
        Files.writeString(data, "1 1:2\n# fine so far\n0 2:1 7\n");
        Path out = dir.resolve("predictions.csv");
        Files.writeString(out, "an earlier run's\n");
        Run run = command.equals("predict")
                ? Run.descent("predict", model.toString(), data.toString(), "--out", out.toString())
                : Run.descent("evaluate", model.toString(), data.toString());
        run.assertOneLineError(command);
        assertEquals("descent " + command + ": " + data + " line 3: expected index:value, found \"7\"", run.err().strip());
        assertEquals("an earlier run's\n", Files.readString(out));
    }

    @Test
    void evaluateTakesItsTargetFromTheLibsvmLabelsOnly() {
        Path model = fitted("mse");
        Run run = Run.descent("evaluate", model.toString(), svm.toString(), "--target", "label");
        run.assertOneLineError("evaluate");
        assertTrue(run.err().startsWith("descent evaluate: a LIBSVM file has its label first on each line and numbered"
                + " features: drop --target"), run.err());

        Run csvWithoutTarget = Run.descent("evaluate", model.toString(), csv.toString());
        csvWithoutTarget.assertOneLineError("evaluate");
        assertTrue(csvWithoutTarget.err().contains("Missing required option: '--target=COLUMN'"), csvWithoutTarget.err());
    }

    @Test
    void aModelWithNamedColumnsIsRefusedOnLibsvmRows() throws Exception {
        Path table = dir.resolve("named.csv");
        Files.writeString(table, "f1,x,label\n1,2,3\n2,1,4\n3,3,8\n");
        Path model = dir.resolve("named.json");
        assertEquals(0, Run.descent("fit", table.toString(), "--target", "label", "--solver", "exact", "--out",
                model.toString()).exitCode());
        Run run = Run.descent("predict", model.toString(), svm.toString());
        run.assertOneLineError("predict");
        assertEquals("descent predict: " + model + ": feature 2 is x, but a LIBSVM file's features are f1, f2, ... by"
                + " index: give this model a CSV file with its columns", run.err().strip());
    }

    @Test
    void aSoftmaxModelIsRefusedOnLibsvmRows() throws Exception {
        Path table = dir.resolve("classes.csv");
        Files.writeString(table, "f1,f2,label\n1,0,a\n0,1,b\n1,1,c\n0,0,a\n");
        Path model = dir.resolve("softmax.json");
        assertEquals(0, Run.descent("fit", table.toString(), "--target", "label", "--loss", "softmax", "--epochs", "2",
                "--out", model.toString()).exitCode());
        Run run = Run.descent("evaluate", model.toString(), svm.toString());
        run.assertOneLineError("evaluate");
        assertTrue(run.err().contains(model + " is a softmax model, which reads CSV files only"), run.err());
    }

    @Test
    void inputFormatCsvReadsEvenADotSvmFileAsCsv() {
        Path model = fitted("mse");
        Run run = Run.descent("predict", model.toString(), svm.toString(), "--input-format", "csv");
        run.assertOneLineError("predict");
        assertTrue(run.err().contains(svm + " line 1"), run.err());
    }
}
