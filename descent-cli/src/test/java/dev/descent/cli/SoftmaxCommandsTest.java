package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fit --loss softmax}, and {@code predict} and {@code evaluate} with softmax models: against scikit-learn's
 * multinomial logistic regression on iris (iris_softmax.json), and against softmax regression computed here.
 */
class SoftmaxCommandsTest {
    private static final List<String> IRIS_CLASSES = List.of("setosa", "versicolor", "virginica");
    private static final List<String> IRIS_FEATURES = List.of("x1", "x2", "x3", "x4");

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- fit against scikit-learn

    /*
     * Why the tolerances below hold. At scikit-learn's solution the gradient of Descent's objective, computed with
     * numpy, is below 4e-11 in every component, and the objective's Hessian there has eigenvalues from 0.01 (the l2
     * penalty) to 0.36, apart from the exactly flat direction of adding one constant to every bias (softmax is
     * invariant to it; hence the biases are compared centred). So scikit-learn's weights are within ~4e-9 of the
     * optimum, and a fit whose gradient components are all <= tol (15 parameters) is within sqrt(15) tol / 0.01 ~ 400
     * tol of it, with an objective at most |g|^2 / (2 * 0.01) = 750 tol^2 above the minimum.
     */

    @Test
    void softmaxByLbfgsReproducesScikitLearn() {
        JsonNode ref = Reference.json("iris_softmax.json");
        assertEquals(IRIS_CLASSES, texts(ref.get("classes")), "the reference file is what this test expects");
        JsonNode fit = Reference.descentJson("fit", iris().toString(), "--target", "species", "--loss", "softmax",
                "--l2", ref.get("l2").asText(), "--optimizer", "lbfgs", "--epochs", "500", "--format", "json");
        assertEquals("softmax", fit.get("loss_name").asText());
        assertEquals(IRIS_CLASSES, texts(fit.get("classes")), "sorted as text, not in the file's order (virginica first)");
        assertEquals(IRIS_FEATURES, texts(fit.get("features")));
        // L-BFGS on a smooth problem with condition ~36 near the optimum reaches the gradient's rounding floor in far
        // fewer than 500 epochs: the objective is then within ~1e-16 relative of the minimum.
        assertMatchesScikitLearn(fit, ref, 1e-10, 1e-5, "lbfgs");
    }

    static Stream<Arguments> otherRuns() {
        return Stream.of(
                // iris.csv was standardised by numpy (population std), so --standardize learns means ~1e-17 and
                // scales 1 to an ulp or so: the same problem to ~1e-16, and the same tolerances as unstandardised.
                Arguments.of("lbfgs, standardized", List.of("--optimizer", "lbfgs", "--epochs", "500", "--standardize")),
                // Gradient components <= 1e-8: parameters within ~4e-6 and an objective within 7.5e-14 (3e-13
                // relative) of the minimum (see above). GD at 1/L (L <= 1.47) with curvature >= 0.01 contracts by
                // <= 1 - 0.01/1.47 per epoch: ~3000 epochs suffice, 100000 leave room.
                Arguments.of("gd, lr auto", List.of("--lr", "auto", "--gradient-tol", "1e-8", "--epochs", "100000")),
                Arguments.of("gd, lr auto, standardized",
                        List.of("--lr", "auto", "--gradient-tol", "1e-8", "--epochs", "100000", "--standardize")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherRuns")
    void softmaxByOtherRunsReproducesScikitLearn(String name, List<String> how) {
        JsonNode ref = Reference.json("iris_softmax.json");
        List<String> args = new ArrayList<>(List.of("fit", iris().toString(), "--target", "species", "--loss", "softmax",
                "--l2", ref.get("l2").asText(), "--format", "json"));
        args.addAll(how);
        JsonNode fit = Reference.descentJson(args.toArray(String[]::new));
        assertEquals(IRIS_CLASSES, texts(fit.get("classes")), name);
        if (how.contains("--gradient-tol")) {
            assertEquals("gradient_tolerance", fit.get("stop_reason").asText(), name);
        }
        assertEquals(how.contains("--standardize"), fit.get("standardized").asBoolean(), name);
        // 1e-10 relative is 2.4e-11 absolute: L-BFGS reaches rounding level; gd's 7.5e-14 bound is far inside it.
        assertMatchesScikitLearn(fit, ref, 1e-10, 1e-5, name);
    }

    @Test
    void softmaxByAdamApproachesScikitLearn() {
        JsonNode ref = Reference.json("iris_softmax.json");
        JsonNode fit = Reference.descentJson("fit", iris().toString(), "--target", "species", "--loss", "softmax",
                "--l2", ref.get("l2").asText(), "--optimizer", "adam", "--lr", "0.01", "--epochs", "20000",
                "--gradient-tol", "1e-7", "--format", "json");
        // Adam with a constant rate has no convergence guarantee to arbitrary precision, so this only asks it to get
        // where its gradient is <= 1e-7 (parameters within ~4e-5, objective within 7.5e-12 of the minimum).
        assertEquals("gradient_tolerance", fit.get("stop_reason").asText());
        assertMatchesScikitLearn(fit, ref, 1e-9, 1e-4, "adam");
    }

    static Stream<Arguments> everyOptimizer() {
        return Stream.of(
                Arguments.of("sgd", List.of("--optimizer", "sgd", "--batch-size", "10", "--lr", "0.05")),
                Arguments.of("momentum", List.of("--optimizer", "momentum", "--lr", "auto")),
                Arguments.of("nesterov", List.of("--optimizer", "nesterov", "--lr", "auto")),
                Arguments.of("adagrad", List.of("--optimizer", "adagrad", "--lr", "0.5")),
                Arguments.of("rmsprop", List.of("--optimizer", "rmsprop", "--lr", "0.01")),
                // without its decoupled weight decay AdamW minimises the same objective as the others
                Arguments.of("adamw", List.of("--optimizer", "adamw", "--lr", "0.01", "--weight-decay", "0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOptimizer")
    void everyOptimizerTrainsSoftmaxTowardsScikitLearnsMinimum(String name, List<String> how) {
        JsonNode ref = Reference.json("iris_softmax.json");
        List<String> args = new ArrayList<>(List.of("fit", iris().toString(), "--target", "species", "--loss", "softmax",
                "--l2", ref.get("l2").asText(), "--epochs", "3000", "--format", "json"));
        args.addAll(how);
        JsonNode fit = Reference.descentJson(args.toArray(String[]::new));
        assertEquals(IRIS_CLASSES, texts(fit.get("classes")), name);
        // No rate here is tuned for high precision (stochastic batches and adaptive steps hover near the minimum), so
        // only: at or above the minimum, and within 0.1% of it after 3000 epochs (from ln 3 = 1.0986 at the zero
        // start, 4.5 times the minimum). A wrong gradient for any class or bias block would stall far from it.
        double objective = ref.get("objective").asDouble();
        double loss = fit.get("loss").asDouble();
        assertTrue(loss >= objective * (1 - 1e-12), name + ": below the minimum: " + loss);
        assertEquals(objective, loss, 1e-3 * objective, name);
    }

    @Test
    void validationHoldsOutRowsAndStopsEarly() {
        JsonNode ref = Reference.json("iris_softmax.json");
        JsonNode fit = Reference.descentJson("fit", iris().toString(), "--target", "species", "--loss", "softmax", "--l2",
                ref.get("l2").asText(), "--optimizer", "lbfgs", "--validation", "0.2", "--format", "json");
        assertEquals(IRIS_CLASSES, texts(fit.get("classes")));
        assertEquals("early_stopping", fit.get("stop_reason").asText());
        // Trained on 80% of the rows, so on all 150 its objective (the one reported) is above the full-data minimum,
        // yet well below ln 3, the objective at the zero start.
        double loss = fit.get("loss").asDouble();
        assertTrue(loss > ref.get("objective").asDouble(), "above the full-data minimum: " + loss);
        assertTrue(loss < 0.3, "trained: " + loss);
        Iris iris = Iris.read(iris());
        double recomputed = objective(matrix(fit.get("weights")), Reference.doubles(fit.get("bias")), iris.x,
                iris.classIndex(IRIS_CLASSES), ref.get("l2").asDouble());
        assertEquals(recomputed, loss, 1e-12 * recomputed, "the reported loss is the objective on all rows");
    }

    private static void assertMatchesScikitLearn(JsonNode fit, JsonNode ref, double objectiveTol, double paramTol,
                                                 String name) {
        double objective = ref.get("objective").asDouble();
        double loss = fit.get("loss").asDouble();
        assertTrue(loss >= objective * (1 - objectiveTol),
                name + ": the objective cannot be below the minimum: " + loss + " < " + objective);
        assertEquals(objective, loss, objectiveTol * objective, name + ": mean cross-entropy + l2/2 ||W||^2");

        double[][] w = matrix(fit.get("weights"));
        double[][] expected = matrix(ref.get("weights"));
        assertEquals(3, w.length, name);
        for (int c = 0; c < 3; c++) {
            assertEquals(4, w[c].length, name);
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[c][j], w[c][j], paramTol, name + ": weight " + IRIS_CLASSES.get(c) + ":x" + (j + 1));
            }
        }
        double[] b = centred(Reference.doubles(fit.get("bias")));
        double[] expectedB = centred(Reference.doubles(ref.get("bias")));
        assertEquals(3, b.length, name);
        for (int c = 0; c < 3; c++) {
            assertEquals(expectedB[c], b[c], paramTol, name + ": centred bias " + IRIS_CLASSES.get(c));
        }
        // Training accuracy: the same labels as scikit-learn's model (the top two probabilities differ by >= 0.017 on
        // every row, which a 1e-4 parameter difference cannot overturn), so the same fraction.
        assertEquals(ref.get("metrics").get("accuracy").asDouble(), fit.get("accuracy").asDouble(), 1e-12,
                name + ": accuracy");

        // The reported loss is the objective at the reported parameters, recomputed here with log-sum-exp.
        Iris iris = Iris.read(iris());
        double recomputed = objective(w, Reference.doubles(fit.get("bias")), iris.x, iris.classIndex(IRIS_CLASSES),
                ref.get("l2").asDouble());
        // 150 terms below ~5 summed in another order: rounding far below 1e-12 relative.
        assertEquals(recomputed, loss, 1e-12 * recomputed, name + ": the loss is the objective at the weights");
    }

    @Test
    void textOutputNamesEveryClassParameterAndTheAccuracy() {
        JsonNode ref = Reference.json("iris_softmax.json");
        Run run = Run.descent("fit", iris().toString(), "--target", "species", "--loss", "softmax", "--l2",
                ref.get("l2").asText(), "--optimizer", "lbfgs", "--epochs", "500");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        for (String c : IRIS_CLASSES) {
            for (String f : IRIS_FEATURES) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(c + ":" + f + " ")), c + ":" + f + " in\n" + run.out());
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(c + ":bias ")), c + ":bias in\n" + run.out());
        }
        // The table's value for virginica:x4 is scikit-learn's to 1e-5 (see above).
        String row = lines.stream().filter(l -> l.startsWith("virginica:x4 ")).findFirst().orElseThrow();
        double value = Double.parseDouble(row.trim().split("\\s+")[1]);
        assertEquals(ref.get("weights").get(2).get(3).asDouble(), value, 1e-5, row);
        String accuracy = lines.stream().filter(l -> l.contains("accuracy")).findFirst().orElseThrow(
                () -> new AssertionError("no accuracy line in\n" + run.out()));
        String[] words = accuracy.trim().split("\\s+");
        double shown = Double.parseDouble(words[Arrays.asList(words).indexOf("accuracy") + 1]);
        assertEquals(ref.get("metrics").get("accuracy").asDouble(), shown, 1e-9, accuracy);
    }

    // ---------------------------------------------------------------- predict

    @Test
    void predictWritesScikitLearnsProbabilitiesAndTheMostProbableLabel() throws IOException {
        JsonNode ref = Reference.json("iris_softmax.json");
        Path model = dir.resolve("iris-model.json");
        Reference.descentJson("fit", iris().toString(), "--target", "species", "--loss", "softmax", "--l2",
                ref.get("l2").asText(), "--optimizer", "lbfgs", "--epochs", "500", "--out", model.toString(),
                "--format", "json");
        JsonNode saved = Reference.read(model);
        assertEquals(2, saved.get("format_version").asInt());
        assertEquals("softmax", saved.get("loss").asText());
        assertEquals(IRIS_CLASSES, texts(saved.get("classes")));
        assertEquals(3, saved.get("weights").size());
        assertEquals(3, saved.get("bias").size());

        Run run = Run.descent("predict", model.toString(), iris().toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertPredictions(lines, matrix(ref.get("probabilities")));

        Path out = dir.resolve("predictions.csv");
        Run toFile = Run.descent("predict", model.toString(), iris().toString(), "--out", out.toString());
        assertEquals(0, toFile.exitCode(), toFile.err());
        assertEquals("", toFile.out(), "nothing on standard output with --out");
        List<String> written = Files.readAllLines(out);
        assertPredictions(written, matrix(ref.get("probabilities")));
        assertEquals(lines, written, "--out writes what standard output shows");
    }

    private static void assertPredictions(List<String> lines, double[][] p) {
        assertEquals("probability_setosa,probability_versicolor,probability_virginica,label", lines.get(0));
        assertEquals(p.length + 1, lines.size());
        for (int i = 0; i < p.length; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(4, cells.length, lines.get(i + 1));
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                // The fitted parameters are within ~4e-9 of scikit-learn's (gradient floor, see above) and each
                // probability moves by at most ~|x| / 2 per unit of parameter: 1e-6 is a generous bound.
                double value = Double.parseDouble(cells[c]);
                assertEquals(p[i][c], value, 1e-6, "row " + (i + 1) + ", class " + IRIS_CLASSES.get(c));
                sum += value;
            }
            assertEquals(1, sum, 1e-12, "row " + (i + 1) + " sums to 1");
            assertEquals(IRIS_CLASSES.get(argmax(p[i])), cells[3], "label of row " + (i + 1));
        }
    }

    // ---------------------------------------------------------------- evaluate

    /** A model file written here with scikit-learn's own weights, in the format of fit --out for softmax. */
    private Path referenceModel() throws IOException {
        JsonNode ref = Reference.json("iris_softmax.json");
        ObjectNode model = new ObjectMapper().createObjectNode();
        model.put("format", "descent-model");
        model.put("format_version", 2);
        model.put("type", "linear");
        ArrayNode features = model.putArray("features");
        IRIS_FEATURES.forEach(features::add);
        model.put("target", "species");
        model.put("intercept", true);
        model.set("classes", ref.get("classes").deepCopy());
        model.set("weights", ref.get("weights").deepCopy());
        model.set("bias", ref.get("bias").deepCopy());
        model.put("loss", "softmax");
        Path file = dir.resolve("sklearn-model.json");
        Files.writeString(file, model.toPrettyString());
        return file;
    }

    @Test
    void evaluatingScikitLearnsModelGivesScikitLearnsMetrics() throws IOException {
        Path model = referenceModel();
        JsonNode metrics = Reference.descentJson("evaluate", model.toString(), iris().toString(), "--target", "species",
                "--format", "json");
        JsonNode ref = Reference.json("iris_softmax.json").get("metrics");
        assertEquals(150, metrics.get("rows").asInt());
        // The same model: probabilities agree to a few ulps, so the mean log-loss (0.15) does to ~1e-15 relative.
        double logLoss = ref.get("log_loss").asDouble();
        assertEquals(logLoss, metrics.get("log_loss").asDouble(), 1e-12 * logLoss, "log_loss");
        // Same predicted labels and the same ranking of each class's probability: the same fractions of counts.
        for (String key : new String[] {"accuracy", "precision", "recall", "f1", "roc_auc"}) {
            assertEquals(ref.get(key).asDouble(), metrics.get(key).asDouble(), 1e-12, key);
        }
        JsonNode perClass = metrics.get("per_class");
        assertEquals(IRIS_CLASSES, fieldNames(perClass), "one entry per class, in class order");
        for (String c : IRIS_CLASSES) {
            JsonNode expected = ref.get("per_class").get(c);
            JsonNode actual = perClass.get(c);
            for (String key : new String[] {"precision", "recall", "f1"}) {
                assertEquals(expected.get(key).asDouble(), actual.get(key).asDouble(), 1e-12, c + " " + key);
            }
            assertEquals(expected.get("support").asInt(), actual.get("support").asInt(), c + " support");
            assertTrue(actual.get("support").isIntegralNumber(), c + " support is a count");
        }
    }

    @Test
    void evaluateAsTextShowsTheMetricsAndOneRowPerClass() throws IOException {
        Path model = referenceModel();
        Run run = Run.descent("evaluate", model.toString(), iris().toString(), "--target", "species");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode ref = Reference.json("iris_softmax.json").get("metrics");
        List<String> lines = run.out().lines().map(String::trim).toList();
        for (String key : new String[] {"log_loss", "accuracy", "precision", "recall", "f1", "roc_auc"}) {
            String line = lines.stream().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow(
                    () -> new AssertionError("no " + key + " in\n" + run.out()));
            double shown = Double.parseDouble(line.substring(key.length()).trim());
            double expected = ref.get(key).asDouble();
            assertEquals(expected, shown, 1e-9 * Math.max(1, expected), line); // printed to 10 significant digits
        }
        for (String c : IRIS_CLASSES) {
            String line = lines.stream().filter(l -> l.startsWith(c + " ")).findFirst().orElseThrow(
                    () -> new AssertionError("no row for " + c + " in\n" + run.out()));
            String[] cells = line.split("\\s+");
            JsonNode expected = ref.get("per_class").get(c);
            assertEquals(expected.get("precision").asDouble(), Double.parseDouble(cells[1]), 1e-9, line);
            assertEquals(expected.get("recall").asDouble(), Double.parseDouble(cells[2]), 1e-9, line);
            assertEquals(expected.get("f1").asDouble(), Double.parseDouble(cells[3]), 1e-9, line);
            assertEquals(expected.get("support").asInt(), Integer.parseInt(cells[4]), line);
        }
    }

    static Stream<Arguments> missingClasses() {
        return Stream.of(
                // virginica's bias lowered so far that it is never predicted, though it is half the labels
                Arguments.of("a class never predicted", -1000.0, false),
                // the rows without virginica: three of them are still predicted virginica (scikit-learn's errors)
                Arguments.of("a class never a label", 0.0, true),
                // neither: scikit-learn then averages over the other two classes only
                Arguments.of("a class neither predicted nor a label", -1000.0, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingClasses")
    void macroAveragesCountClassesAsScikitLearnDoes(String what, double virginicaShift, boolean withoutVirginica)
            throws IOException {
        JsonNode ref = Reference.json("iris_softmax.json");
        Path model = referenceModel();
        ObjectNode json = (ObjectNode) Reference.read(model);
        double[] bias = Reference.doubles(ref.get("bias"));
        bias[2] += virginicaShift;
        ArrayNode biasNode = json.putArray("bias");
        Arrays.stream(bias).forEach(biasNode::add);
        Files.writeString(model, json.toPrettyString());
        Path data = iris();
        if (withoutVirginica) {
            List<String> lines = Files.readAllLines(iris());
            List<String> kept = new ArrayList<>(List.of(lines.get(0)));
            lines.subList(1, lines.size()).stream().filter(l -> !l.endsWith(",virginica")).forEach(kept::add);
            data = dir.resolve("no-virginica.csv");
            Files.write(data, kept);
        }
        JsonNode metrics = Reference.descentJson("evaluate", model.toString(), data.toString(), "--target", "species",
                "--format", "json");

        // scikit-learn's conventions, computed here: predicted = argmax of the scores; precision (recall) 0 for a
        // class never predicted (never a label), its zero_division default; F1 = 2 tp / (predicted + support); macro
        // averages over the classes among the labels or the predictions (its default labels).
        Iris iris = Iris.read(data);
        int[] y = iris.classIndex(IRIS_CLASSES);
        double[][] w = matrix(ref.get("weights"));
        int n = y.length;
        int[] tp = new int[3];
        int[] predicted = new int[3];
        int[] support = new int[3];
        double logLoss = 0;
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] z = scores(w, bias, iris.x[i]);
            p[i] = softmax(z);
            int c = argmax(z);
            predicted[c]++;
            support[y[i]]++;
            tp[c] += c == y[i] ? 1 : 0;
            double max = Arrays.stream(z).max().orElseThrow();
            logLoss += max + Math.log(Arrays.stream(z).map(v -> Math.exp(v - max)).sum()) - z[y[i]];
        }
        logLoss /= n;
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        double auc = 0;
        int counted = 0;
        int labelled = 0;
        for (int c = 0; c < 3; c++) {
            JsonNode perClass = metrics.get("per_class").get(IRIS_CLASSES.get(c));
            assertEquals(support[c], perClass.get("support").asInt(), what + ": support of " + IRIS_CLASSES.get(c));
            if (predicted[c] > 0) {
                assertEquals(tp[c] / (double) predicted[c], perClass.get("precision").asDouble(), 1e-12, what);
            } else {
                assertTrue(perClass.get("precision").isNull(), what + ": an undefined precision is null, not " + perClass);
            }
            if (support[c] > 0) {
                assertEquals(tp[c] / (double) support[c], perClass.get("recall").asDouble(), 1e-12, what);
            } else {
                assertTrue(perClass.get("recall").isNull(), what + ": an undefined recall is null, not " + perClass);
            }
            double f1c = predicted[c] + support[c] == 0 ? 0 : 2.0 * tp[c] / (predicted[c] + support[c]);
            assertEquals(f1c, perClass.get("f1").asDouble(), 1e-12, what + ": f1 of " + IRIS_CLASSES.get(c));
            if (predicted[c] > 0 || support[c] > 0) {
                precision += predicted[c] == 0 ? 0 : tp[c] / (double) predicted[c];
                recall += support[c] == 0 ? 0 : tp[c] / (double) support[c];
                f1 += f1c;
                counted++;
            }
            if (support[c] > 0) {
                auc += rocAuc(p, y, c);
                labelled++;
            }
        }
        assertTrue(virginicaShift == 0 ? predicted[2] > 0 : predicted[2] == 0, what + ": the case is as described");
        assertEquals(withoutVirginica ? 0 : 50, support[2], what);
        assertEquals(withoutVirginica && virginicaShift != 0 ? 2 : 3, counted, what);
        assertEquals(n, metrics.get("rows").asInt(), what);
        assertEquals(logLoss, metrics.get("log_loss").asDouble(), 1e-12 * logLoss, what + ": log_loss");
        assertEquals((tp[0] + tp[1] + tp[2]) / (double) n, metrics.get("accuracy").asDouble(), 1e-12, what);
        assertEquals(precision / counted, metrics.get("precision").asDouble(), 1e-12, what + ": precision");
        assertEquals(recall / counted, metrics.get("recall").asDouble(), 1e-12, what + ": recall");
        assertEquals(f1 / counted, metrics.get("f1").asDouble(), 1e-12, what + ": f1");
        // One class against the rest, over the classes among the labels (scikit-learn refuses labels that lack a
        // class; Descent averages over those present, as it documents).
        assertEquals(auc / labelled, metrics.get("roc_auc").asDouble(), 1e-12, what + ": roc_auc");
    }

    /** The probability that a row of class c has a higher p_c than a row of another class (ties count half). */
    private static double rocAuc(double[][] p, int[] y, int c) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != c) {
                continue;
            }
            for (int j = 0; j < y.length; j++) {
                if (y[j] != c) {
                    wins += p[i][c] > p[j][c] ? 1 : p[i][c] == p[j][c] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }

    private static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double[] e = Arrays.stream(z).map(v -> Math.exp(v - max)).toArray();
        double sum = Arrays.stream(e).sum();
        return Arrays.stream(e).map(v -> v / sum).toArray();
    }

    // ---------------------------------------------------------------- labels and their order

    /**
     * Three well-separated clusters in the plane, 10 points each, around (6, 0), (0, 6) and (-6, -6), written in
     * that label order, rows interleaved; the cluster a point is drawn from is its class.
     */
    private Path clusters(String name, String first, String second, String third) throws IOException {
        String[] labels = {first, second, third};
        double[][] centres = {{6, 0}, {0, 6}, {-6, -6}};
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 10; i++) {
            for (int c = 0; c < 3; c++) {
                // a deterministic spread of +-1 around each centre
                double da = ((i * 7 + c * 3) % 11) / 5.0 - 1;
                double db = ((i * 5 + c * 2) % 13) / 6.0 - 1;
                csv.append(centres[c][0] + da).append(',').append(centres[c][1] + db).append(',').append(labels[c])
                        .append('\n');
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    /** One point at each cluster's centre, in the order (-6, -6), (6, 0), (0, 6), with no label column. */
    private Path centres() throws IOException {
        Path file = dir.resolve("centres.csv");
        Files.writeString(file, "b,a\n-6,-6\n0,6\n6,0\n"); // columns swapped too: found by name
        return file;
    }

    static Stream<Arguments> labelSets() {
        return Stream.of(
                // scikit-learn (numpy.unique) sorts text by code point: upper case before lower case.
                Arguments.of("text", new String[] {"zebra", "ant", "Moose"}, List.of("Moose", "ant", "zebra")),
                // All numbers: sorted by value, not as text (which would give 10, 2, 9).
                Arguments.of("numbers", new String[] {"10", "9", "2"}, List.of("2", "9", "10")),
                Arguments.of("negative and decimal numbers", new String[] {"-1.5", "3", "-20"}, List.of("-20", "-1.5", "3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelSets")
    void classesAreSortedAsScikitLearnSortsThemAndPredictionsMapBackToTheirLabels(String what, String[] labels,
                                                                                 List<String> sorted) throws IOException {
        Path data = clusters("clusters.csv", labels[0], labels[1], labels[2]);
        Path model = dir.resolve("m.json");
        JsonNode fit = Reference.descentJson("fit", data.toString(), "--target", "kind", "--loss", "softmax", "--l2",
                "0.01", "--optimizer", "lbfgs", "--epochs", "300", "--out", model.toString(), "--format", "json");
        assertEquals(sorted, texts(fit.get("classes")), what);
        assertEquals(sorted, texts(Reference.read(model).get("classes")), what);
        // The clusters are 6+ apart with spread 1: a linear classifier separates them, so every training row is right.
        assertEquals(1.0, fit.get("accuracy").asDouble(), 0.0, what + ": accuracy");

        Run run = Run.descent("predict", model.toString(), centres().toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("probability_" + sorted.get(0) + ",probability_" + sorted.get(1) + ",probability_" + sorted.get(2)
                + ",label", lines.get(0), what);
        assertEquals(4, lines.size(), run.out());
        String[] expected = {labels[2], labels[0], labels[1]}; // the centres' clusters, by construction
        for (int i = 0; i < 3; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(expected[i], cells[3], what + ": label of centre " + (i + 1));
            // and the probability column of that label is the largest, above 0.9 at a cluster's centre
            double p = Double.parseDouble(cells[sorted.indexOf(expected[i])]);
            assertTrue(p > 0.9, what + ": probability " + p + " of " + expected[i] + " at its centre");
        }

        // evaluate reads the labels against the model's classes, whatever their order in the file
        JsonNode metrics = Reference.descentJson("evaluate", model.toString(), data.toString(), "--target", "kind",
                "--format", "json");
        assertEquals(1.0, metrics.get("accuracy").asDouble(), 0.0, what);
        assertEquals(sorted, fieldNames(metrics.get("per_class")), what);
        for (String label : sorted) {
            assertEquals(10, metrics.get("per_class").get(label).get("support").asInt(), what + ": support of " + label);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void anUnknownClassInEvaluateIsAnInputErrorNamingFileLineAndLabel() throws IOException {
        Path model = referenceModel();
        List<String> lines = new ArrayList<>(Files.readAllLines(iris()));
        String line7 = lines.get(6);
        lines.set(6, line7.substring(0, line7.lastIndexOf(',') + 1) + "daisy");
        Path data = dir.resolve("with-daisy.csv");
        Files.write(data, lines);
        Run run = Run.descent("evaluate", model.toString(), data.toString(), "--target", "species");
        run.assertOneLineError("evaluate");
        assertTrue(run.err().contains(data.toString()), "names the file: " + run.err());
        assertTrue(run.err().contains("line 7"), "names the line: " + run.err());
        assertTrue(run.err().contains("daisy"), "names the label: " + run.err());
    }

    @Test
    void aLabelColumnWithOneClassIsAnInputError() throws IOException {
        Path data = dir.resolve("one-class.csv");
        Files.writeString(data, "x,kind\n1,cat\n2,cat\n3,cat\n");
        Path model = dir.resolve("m.json");
        Run run = Run.descent("fit", data.toString(), "--target", "kind", "--loss", "softmax", "--out", model.toString());
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(data.toString()), run.err());
        assertTrue(run.err().contains("cat"), "names the one class: " + run.err());
        assertFalse(Files.exists(model), "no model is written");
    }

    static Stream<Arguments> singleOutputStarts() {
        return Stream.of(Arguments.of(List.of("--init-weights", "1,2"), "--init-weights"),
                Arguments.of(List.of("--init-bias", "1"), "--init-bias"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("singleOutputStarts")
    void singleOutputStartingValuesWithSoftmaxAreAUsageError(List<String> options, String named) throws IOException {
        Path data = clusters("clusters.csv", "a", "b", "c");
        Path model = dir.resolve("m.json");
        List<String> args = new ArrayList<>(List.of("fit", data.toString(), "--target", "kind", "--loss", "softmax",
                "--out", model.toString()));
        args.addAll(options);
        Run run = Run.descent(args.toArray(String[]::new));
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(named), run.err());
        assertFalse(Files.exists(model), "no model is written");
    }

    @Test
    void warmStartingAcrossSingleOutputAndSoftmaxModelsIsAUsageError() throws IOException {
        // Labels 0, 1, 2 are numbers to the mse loss and class labels to softmax.
        Path data = dir.resolve("numeric-labels.csv");
        Files.writeString(data, "a,b,y\n1,0,0\n0,1,1\n-1,-1,2\n2,0,0\n0,2,1\n-2,-1,2\n");
        Path mse = dir.resolve("mse.json");
        Reference.descentJson("fit", data.toString(), "--target", "y", "--epochs", "5", "--out", mse.toString(),
                "--format", "json");
        Path softmax = dir.resolve("softmax.json");
        Reference.descentJson("fit", data.toString(), "--target", "y", "--loss", "softmax", "--epochs", "5", "--out",
                softmax.toString(), "--format", "json");

        Path out = dir.resolve("out.json");
        Run fromMse = Run.descent("fit", data.toString(), "--target", "y", "--loss", "softmax", "--init-model",
                mse.toString(), "--out", out.toString());
        fromMse.assertOneLineError("fit");
        assertTrue(fromMse.err().contains("--init-model") && fromMse.err().contains(mse.toString()), fromMse.err());
        assertFalse(Files.exists(out));

        Run fromSoftmax = Run.descent("fit", data.toString(), "--target", "y", "--loss", "mse", "--init-model",
                softmax.toString(), "--out", out.toString());
        fromSoftmax.assertOneLineError("fit");
        assertTrue(fromSoftmax.err().contains("--init-model") && fromSoftmax.err().contains(softmax.toString()),
                fromSoftmax.err());
        assertFalse(Files.exists(out));
    }

    // ---------------------------------------------------------------- warm start

    @Test
    void aWarmStartContinuesGradientDescentWhereItStopped() throws IOException {
        JsonNode ref = Reference.json("iris_softmax.json");
        double l2 = ref.get("l2").asDouble();
        Path m1 = dir.resolve("m1.json");
        String[] gd = {"--target", "species", "--loss", "softmax", "--l2", Double.toString(l2), "--optimizer", "gd",
                "--lr", "0.5", "--epochs", "20", "--format", "json"};
        JsonNode first = Reference.descentJson(Run.fitArgs(iris(), gd, "--out", m1.toString()));
        JsonNode second = Reference.descentJson(Run.fitArgs(iris(), gd, "--init-model", m1.toString()));
        assertEquals(IRIS_CLASSES, texts(second.get("classes")));

        // 20 and then 20 more full-batch GD steps are 40 steps, computed here from the softmax gradient
        // (rate 0.5 < 2/L, L <= 1.47: a contraction, so summation-order differences stay at rounding level).
        Iris iris = Iris.read(iris());
        int[] y = iris.classIndex(IRIS_CLASSES);
        double[][] after20 = softmaxGd(iris.x, y, 3, l2, 0.5, 20, new double[3][5]);
        double[][] after40 = softmaxGd(iris.x, y, 3, l2, 0.5, 20, after20);
        assertParameters(after20, first, 1e-12, "after 20 epochs");
        assertParameters(after40, second, 1e-12, "after 20 + 20 epochs");
        double objective20 = objective(after20, iris.x, y, l2);
        double objective40 = objective(after40, iris.x, y, l2);
        assertEquals(objective20, first.get("loss").asDouble(), 1e-12 * objective20);
        assertEquals(objective40, second.get("loss").asDouble(), 1e-12 * objective40);
        assertTrue(second.get("loss").asDouble() < first.get("loss").asDouble(), "the continued run went further down");
        assertTrue(second.get("loss").asDouble() > ref.get("objective").asDouble(), "and not below the minimum");
    }

    @Test
    void aWarmStartKeepsTheModelsClassesWhenTheDataLacksOne() throws IOException {
        JsonNode ref = Reference.json("iris_softmax.json");
        double l2 = ref.get("l2").asDouble();
        Path m1 = dir.resolve("m1.json");
        String[] gd = {"--target", "species", "--loss", "softmax", "--l2", Double.toString(l2), "--optimizer", "gd",
                "--lr", "0.5", "--format", "json"};
        Reference.descentJson(Run.fitArgs(iris(), gd, "--epochs", "10", "--out", m1.toString()));

        // The rows without virginica: the model still has three classes, and one more step on these rows moves it
        // as the three-class gradient on them says.
        List<String> lines = Files.readAllLines(iris());
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        lines.subList(1, lines.size()).stream().filter(l -> !l.endsWith(",virginica")).forEach(kept::add);
        Path subset = dir.resolve("no-virginica.csv");
        Files.write(subset, kept);
        JsonNode next = Reference.descentJson(Run.fitArgs(subset, gd, "--epochs", "1", "--init-model", m1.toString()));
        assertEquals(IRIS_CLASSES, texts(next.get("classes")));
        assertEquals(100, next.get("rows").asInt());

        JsonNode saved = Reference.read(m1);
        double[][] start = new double[3][5];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 4; j++) {
                start[c][j] = saved.get("weights").get(c).get(j).asDouble();
            }
            start[c][4] = saved.get("bias").get(c).asDouble();
        }
        Iris data = Iris.read(subset);
        double[][] expected = softmaxGd(data.x, data.classIndex(IRIS_CLASSES), 3, l2, 0.5, 1, start);
        assertParameters(expected, next, 1e-12, "one step on the rows without virginica");

        // A label the model does not know is an input error when warm-starting, too.
        List<String> withRose = new ArrayList<>(kept);
        String line3 = withRose.get(2);
        withRose.set(2, line3.substring(0, line3.lastIndexOf(',') + 1) + "rose");
        Path roses = dir.resolve("roses.csv");
        Files.write(roses, withRose);
        Run run = Run.descent(Run.fitArgs(roses, gd, "--epochs", "1", "--init-model", m1.toString()));
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(roses.toString()) && run.err().contains("line 3") && run.err().contains("rose"),
                run.err());
    }

    @Test
    void aStandardizedRunFoldsBackToTheOriginalScaleAndResumesFromIt() throws IOException {
        // iris with its features rescaled and shifted far from mean 0, scale 1.
        double[] scale = {10, 0.1, 3, 0.02};
        double[] shift = {5, -3, 100, 0.7};
        Iris iris = Iris.read(iris());
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,species\n");
        double[][] x = new double[iris.x.length][4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = scale[j] * iris.x[i][j] + shift[j];
                csv.append(x[i][j]).append(',');
            }
            csv.append(iris.labels[i]).append('\n');
        }
        Path data = dir.resolve("scaled-iris.csv");
        Files.writeString(data, csv);
        double l2 = 0.01;
        Path m1 = dir.resolve("m1.json");
        Path history = dir.resolve("history.csv");
        String[] gd = {"--target", "species", "--loss", "softmax", "--l2", Double.toString(l2), "--optimizer", "gd",
                "--lr", "0.5", "--epochs", "20", "--standardize", "--format", "json"};
        JsonNode first = Reference.descentJson(Run.fitArgs(data, gd, "--out", m1.toString(), "--history", history.toString()));
        JsonNode second = Reference.descentJson(Run.fitArgs(data, gd, "--init-model", m1.toString()));

        // Standardised here (mean and population standard deviation), trained by hand there, folded back:
        // w = w' / s, b = b' - sum_j w'_j m_j / s_j for each class.
        double[] mean = new double[4];
        double[] std = new double[4];
        for (int j = 0; j < 4; j++) {
            mean[j] = Hand.mean(x, j);
            std[j] = Hand.populationStd(x, j);
        }
        double[][] z = new double[x.length][4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        int[] y = iris.classIndex(IRIS_CLASSES);
        double[][] after20 = softmaxGd(z, y, 3, l2, 0.5, 20, new double[3][5]);
        double[][] after40 = softmaxGd(z, y, 3, l2, 0.5, 20, after20);
        // The standardised data agree with the file's to rounding (~1e-16 relative), which GD at a contracting rate
        // keeps at that level; folding back divides by scales down to 0.02: 1e-10 absolute is ample.
        assertParameters(toOriginal(after20, mean, std), first, 1e-10, "after 20 standardised epochs, original scale");
        assertParameters(toOriginal(after40, mean, std), second, 1e-10, "after 20 + 20, original scale");
        // The reported objective is the one training minimises: the penalty is on the standardised weights.
        double objective20 = objective(after20, z, y, l2);
        assertEquals(objective20, first.get("loss").asDouble(), 1e-12 * objective20, "loss after 20");
        double objective40 = objective(after40, z, y, l2);
        assertEquals(objective40, second.get("loss").asDouble(), 1e-12 * objective40, "loss after 40");

        JsonNode saved = Reference.read(m1);
        for (int j = 0; j < 4; j++) {
            assertEquals(mean[j], saved.get("standardization").get("means").get(j).asDouble(), 1e-13 * Math.abs(mean[j]));
            assertEquals(std[j], saved.get("standardization").get("scales").get(j).asDouble(), 1e-13 * std[j]);
        }
        // The history's parameters are on the original scale too.
        List<String> lines = Files.readAllLines(history);
        double[] last = Arrays.stream(lines.get(20).split(",")).mapToDouble(Double::parseDouble).toArray();
        double[][] expected = toOriginal(after20, mean, std);
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[c][j], last[2 + 4 * c + j], 1e-10, "history, epoch 20, weight " + c + "," + j);
            }
            assertEquals(expected[c][4], last[14 + c], 1e-10, "history, epoch 20, bias " + c);
        }
        assertEquals(objective20, last[1], 1e-12 * objective20, "history, epoch 20, loss");
    }

    /** Parameters {@code theta[c] = w'_c..., b'_c} on standardised features, on the original scale. */
    private static double[][] toOriginal(double[][] theta, double[] mean, double[] std) {
        int d = mean.length;
        double[][] out = new double[theta.length][d + 1];
        for (int c = 0; c < theta.length; c++) {
            double b = theta[c][d];
            for (int j = 0; j < d; j++) {
                out[c][j] = theta[c][j] / std[j];
                b -= theta[c][j] * mean[j] / std[j];
            }
            out[c][d] = b;
        }
        return out;
    }

    @Test
    void fitReportsTheTrainingAccuracyOfABinaryClassifierToo() {
        JsonNode ref = Reference.json("breast_cancer_logistic.json");
        JsonNode fit = Reference.descentJson("fit", Reference.file("breast_cancer.csv").toString(), "--target", "benign",
                "--loss", "logistic", "--l2", ref.get("l2").asText(), "--optimizer", "lbfgs", "--epochs", "1000",
                "--format", "json");
        // The fit is scikit-learn's model to 1e-6 (FitOptionsTest), so it predicts the same labels.
        assertEquals(ref.get("metrics").get("accuracy").asDouble(), fit.get("accuracy").asDouble(), 1e-12);
        assertFalse(fit.has("classes"), "a binary model has no class list");
    }

    // ---------------------------------------------------------------- history

    @Test
    void theHistoryNamesEveryClassParameterAndItsLossFallsUnderGdAtAutoRate() throws IOException {
        JsonNode ref = Reference.json("iris_softmax.json");
        double l2 = ref.get("l2").asDouble();
        Path history = dir.resolve("history.csv");
        JsonNode fit = Reference.descentJson("fit", iris().toString(), "--target", "species", "--loss", "softmax", "--l2",
                Double.toString(l2), "--lr", "auto", "--epochs", "200", "--history", history.toString(), "--format",
                "json");
        // --lr auto is 1/L for the curvature bound L: the softmax Hessian is (1/n) sum (diag(p) - p p^T) (x) [x, 1] [x, 1]^T
        // + l2 on the weights, and diag(p) - p p^T <= I/2, so L = lambda_max([X, 1]^T [X, 1] / n) / 2 + l2 (= 1.469 here).
        // Descent estimates lambda_max iteratively (to ~1e-10), so 1/L to 1e-6; what matters below is that the rate is
        // well under 2/L, where gradient descent is stable.
        Iris iris = Iris.read(iris());
        double bound = largestEigenvalue(gram(iris.x)) / 2 + l2;
        double rate = fit.get("learning_rate").asDouble();
        assertEquals(1 / bound, rate, 1e-6 / bound, "--lr auto is 1/L");
        List<String> lines = Files.readAllLines(history);
        List<String> names = new ArrayList<>(List.of("epoch", "loss"));
        for (String c : IRIS_CLASSES) {
            IRIS_FEATURES.forEach(f -> names.add(c + ":" + f));
        }
        IRIS_CLASSES.forEach(c -> names.add(c + ":bias"));
        assertEquals(String.join(",", names), lines.get(0));
        assertEquals(201, lines.size(), "one row per epoch");

        int[] y = iris.classIndex(IRIS_CLASSES);
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 1; k < lines.size(); k++) {
            double[] row = Arrays.stream(lines.get(k).split(",")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(names.size(), row.length, lines.get(k));
            assertEquals(k, row[0], 0.0, "epoch");
            double loss = row[1];
            // GD on an L-smooth function at a rate below 2/L never goes up (the descent lemma): f falls by >= |g|^2 / (2L).
            assertTrue(loss <= previous * (1 + 1e-15), "epoch " + k + ": " + loss + " after " + previous);
            previous = loss;
            if (k == 1 || k == 100 || k == 200) {
                double[][] theta = new double[3][5];
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < 4; j++) {
                        theta[c][j] = row[2 + 4 * c + j];
                    }
                    theta[c][4] = row[14 + c];
                }
                double expected = objective(theta, iris.x, y, l2);
                assertEquals(expected, loss, 1e-12 * expected, "epoch " + k + ": the loss at the row's parameters");
            }
        }
        double firstLoss = Double.parseDouble(lines.get(1).split(",")[1]);
        assertTrue(previous < firstLoss, "it fell overall: " + firstLoss + " -> " + previous);
        // ln 3 at the zero start; one step can only lower it, and the minimum bounds it below.
        assertTrue(firstLoss < Math.log(3), "the first epoch's loss is below ln 3: " + firstLoss);
        assertTrue(previous > ref.get("objective").asDouble());
        assertEquals(fit.get("loss").asDouble(), previous, 1e-12 * previous, "the last row is the fitted model's loss");
    }

    // ---------------------------------------------------------------- helpers

    private static Path iris() {
        return Reference.file("iris.csv");
    }

    /** Checks the fit's weights (k arrays of d) and biases (k) against {@code expected[c] = w_c..., b_c}. */
    private static void assertParameters(double[][] expected, JsonNode fit, double tol, String what) {
        double[][] w = matrix(fit.get("weights"));
        double[] b = Reference.doubles(fit.get("bias"));
        for (int c = 0; c < expected.length; c++) {
            int d = expected[c].length - 1;
            assertEquals(d, w[c].length, what);
            for (int j = 0; j < d; j++) {
                assertEquals(expected[c][j], w[c][j], tol, what + ": weight " + c + "," + j);
            }
            assertEquals(expected[c][d], b[c], tol, what + ": bias " + c);
        }
    }

    /** The iris file read here: its features and its labels as written. */
    private record Iris(double[][] x, String[] labels) {
        static Iris read(Path file) {
            try {
                List<String> lines = Files.readAllLines(file);
                assertEquals("x1,x2,x3,x4,species", lines.get(0));
                List<double[]> x = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    String[] cells = line.split(",");
                    x.add(Arrays.stream(cells, 0, 4).mapToDouble(Double::parseDouble).toArray());
                    labels.add(cells[4]);
                }
                return new Iris(x.toArray(double[][]::new), labels.toArray(String[]::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int[] classIndex(List<String> classes) {
            int[] y = new int[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = classes.indexOf(labels[i]);
                assertTrue(y[i] >= 0, labels[i]);
            }
            return y;
        }
    }

    /** Mean cross-entropy of softmax(W x + b) over the rows, by log-sum-exp, plus l2/2 ||W||^2. */
    static double objective(double[][] w, double[] b, double[][] x, int[] y, double l2) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = scores(w, b, x[i]);
            double max = Arrays.stream(z).max().orElseThrow();
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            sum += max + Math.log(s) - z[y[i]];
        }
        double squares = 0;
        for (double[] row : w) {
            for (double v : row) {
                squares += v * v;
            }
        }
        return sum / x.length + l2 / 2 * squares;
    }

    /** The objective at parameters {@code theta[c] = w_c..., b_c}. */
    static double objective(double[][] theta, double[][] x, int[] y, double l2) {
        int d = x[0].length;
        double[][] w = new double[theta.length][];
        double[] b = new double[theta.length];
        for (int c = 0; c < theta.length; c++) {
            w[c] = Arrays.copyOf(theta[c], d);
            b[c] = theta[c][d];
        }
        return objective(w, b, x, y, l2);
    }

    private static double[] scores(double[][] w, double[] b, double[] x) {
        double[] z = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            z[c] = b[c];
            for (int j = 0; j < x.length; j++) {
                z[c] += w[c][j] * x[j];
            }
        }
        return z;
    }

    /**
     * Full-batch gradient descent on mean cross-entropy + l2/2 ||W||^2 (biases unpenalised) from {@code start}:
     * the gradient is (1/n) sum_i (p_i - e_{y_i}) [x_i, 1]^T, plus l2 W. Parameters as {@code theta[c] = w_c..., b_c}.
     */
    static double[][] softmaxGd(double[][] x, int[] y, int k, double l2, double lr, int epochs, double[][] start) {
        int d = x[0].length;
        double[][] theta = new double[k][];
        for (int c = 0; c < k; c++) {
            theta[c] = start[c].clone();
        }
        for (int t = 0; t < epochs; t++) {
            double[][] g = new double[k][d + 1];
            for (int i = 0; i < x.length; i++) {
                double[] z = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    z[c] = theta[c][d];
                    for (int j = 0; j < d; j++) {
                        z[c] += theta[c][j] * x[i][j];
                    }
                    max = Math.max(max, z[c]);
                }
                double s = 0;
                for (int c = 0; c < k; c++) {
                    z[c] = Math.exp(z[c] - max);
                    s += z[c];
                }
                for (int c = 0; c < k; c++) {
                    double r = z[c] / s - (c == y[i] ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        g[c][j] += r * x[i][j];
                    }
                    g[c][d] += r;
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j <= d; j++) {
                    double gradient = g[c][j] / x.length + (j < d ? l2 * theta[c][j] : 0);
                    theta[c][j] -= lr * gradient;
                }
            }
        }
        return theta;
    }

    /** [X, 1]^T [X, 1] / n. */
    private static double[][] gram(double[][] x) {
        int d = x[0].length + 1;
        double[][] g = new double[d][d];
        for (double[] row : x) {
            double[] r = Arrays.copyOf(row, d);
            r[d - 1] = 1;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    g[a][b] += r[a] * r[b] / x.length;
                }
            }
        }
        return g;
    }

    /** The largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration to convergence. */
    private static double largestEigenvalue(double[][] m) {
        double[] v = new double[m.length];
        Arrays.fill(v, 1);
        double lambda = 0;
        for (int it = 0; it < 10000; it++) {
            double[] next = new double[m.length];
            for (int a = 0; a < m.length; a++) {
                for (int b = 0; b < m.length; b++) {
                    next[a] += m[a][b] * v[b];
                }
            }
            double norm = Math.sqrt(Arrays.stream(next).map(t -> t * t).sum());
            for (int a = 0; a < m.length; a++) {
                v[a] = next[a] / norm;
            }
            if (Math.abs(norm - lambda) <= 1e-15 * norm) {
                return norm;
            }
            lambda = norm;
        }
        throw new AssertionError("power iteration did not converge");
    }

    private static double[] centred(double[] b) {
        double mean = Arrays.stream(b).average().orElseThrow();
        return Arrays.stream(b).map(v -> v - mean).toArray();
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double[][] matrix(JsonNode rows) {
        assertTrue(rows != null && rows.isArray(), "expected an array of arrays, got " + rows);
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = Reference.doubles(rows.get(i));
        }
        return m;
    }

    private static List<String> texts(JsonNode array) {
        assertTrue(array != null && array.isArray(), "expected a JSON array, got " + array);
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        assertTrue(object != null && object.isObject(), "expected a JSON object, got " + object);
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
