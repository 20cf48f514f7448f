package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The training options of {@code descent fit}, each checked against an answer computed outside the program. */
class FitOptionsTest {
    @TempDir
    Path dir;

    private final Lesson lesson = new Lesson(30, 3, 8, 42);

    // ---------------------------------------------------------------- scikit-learn references

    @Test
    void logisticRegressionWithL2ByLbfgsReproducesScikitLearn() {
        JsonNode ref = Reference.json("breast_cancer_logistic.json");
        double l2 = ref.get("l2").asDouble();
        Path data = Reference.file("breast_cancer.csv");
        JsonNode fit = Reference.descentJson("fit", data.toString(), "--target", "benign", "--loss", "logistic",
                "--l2", Double.toString(l2), "--optimizer", "lbfgs", "--epochs", "1000", "--format", "json");
        assertEquals("logistic", fit.get("loss_name").asText());
        double[] w = Reference.doubles(fit.get("weights"));
        double[] expected = Reference.doubles(ref.get("weights"));
        assertEquals(30, w.length);
        // scikit-learn solved to tol 1e-14 with Newton steps; the objective is strongly convex (curvature >= l2 =
        // 0.01), so parameters that agree to 1e-6 mean a gradient below ~1e-8: well within what L-BFGS reaches.
        for (int j = 0; j < w.length; j++) {
            assertEquals(expected[j], w[j], 1e-6, "weight " + j);
        }
        assertEquals(ref.get("bias").asDouble(), fit.get("bias").asDouble(), 1e-6, "bias");
        // At the optimum the objective is flat: a 1e-6 parameter error moves it by ~L/2 * 31 * 1e-12, far below 1e-8.
        double objective = ref.get("objective").asDouble();
        assertEquals(objective, fit.get("loss").asDouble(), 1e-8 * objective, "mean log-loss + l2/2 ||w||^2");

        // The reported loss is the objective at the reported weights: recompute it here from the data.
        Reference.Table table = Reference.Table.read(data);
        List<String> features = new ArrayList<>(table.header().subList(0, 30));
        double[][] x = table.columns(features);
        double[] y = table.column(table.column("benign"));
        double b = fit.get("bias").asDouble();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += w[j] * x[i][j];
            }
            sum += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z; // log(1 + e^z) - y z
        }
        double squares = Arrays.stream(w).map(v -> v * v).sum();
        double recomputed = sum / y.length + l2 / 2 * squares;
        // 569 terms of size <= ~10 summed naively here: relative rounding well under 1e-12.
        assertEquals(recomputed, fit.get("loss").asDouble(), 1e-12 * recomputed);
    }

    static Stream<Arguments> ridgeRuns() {
        return Stream.of(
                Arguments.of("lbfgs", List.of("--optimizer", "lbfgs", "--gradient-tol", "1e-9", "--epochs", "1000"),
                        Set.of("gradient_tolerance", "no_progress")),
                Arguments.of("gd, lr auto", List.of("--lr", "auto", "--gradient-tol", "1e-9", "--epochs", "200000"),
                        Set.of("gradient_tolerance")),
                Arguments.of("exact", List.of("--solver", "exact"), Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ridgeRuns")
    void ridgeReproducesScikitLearn(String name, List<String> how, Set<String> stopReasons) {
        JsonNode ref = Reference.json("diabetes_ridge.json");
        List<String> args = new ArrayList<>(List.of("fit", Reference.file("diabetes.csv").toString(), "--target",
                "progression", "--l2", ref.get("l2").asText(), "--format", "json"));
        args.addAll(how);
        JsonNode fit = Reference.descentJson(args.toArray(String[]::new));
        if (!stopReasons.isEmpty()) {
            assertTrue(stopReasons.contains(fit.get("stop_reason").asText()), fit.get("stop_reason").asText());
            assertTrue(fit.get("epochs").asInt() < fit.get("max_epochs").asInt(), "stopped by its tolerance");
        }
        // The features are centred, so the bias decouples (curvature 2) and the penalty gives every weight
        // direction curvature >= l2 = 0.5: the objective is 0.5-strongly convex, and a gradient with components
        // <= 1e-9 (11 of them) puts the parameters within sqrt(11) * 1e-9 / 0.5 < 7e-9 of the optimum.
        // scikit-learn's Cholesky solution is accurate to ~1e-12 on this well-conditioned system.
        double[] w = Reference.doubles(fit.get("weights"));
        double[] expected = Reference.doubles(ref.get("weights"));
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], w[j], 1e-8, name + ": weight " + j);
        }
        assertEquals(ref.get("bias").asDouble(), fit.get("bias").asDouble(), 1e-8, name + ": bias");
        // RMSE is first-order flat at the ridge optimum only for the penalised objective, not for the MSE, so a
        // 7e-9 parameter error changes it by at most |dRMSE/dw| * 7e-9 ~ 1e-9 absolute, ~2e-11 relative.
        double rmse = ref.get("metrics").get("rmse").asDouble();
        assertEquals(rmse, fit.get("rmse").asDouble(), 1e-8 * rmse, name + ": rmse");
    }

    @Test
    void lassoByProximalGradientReproducesScikitLearnIncludingItsExactZeros() {
        JsonNode ref = Reference.json("diabetes_lasso.json");
        double l1 = ref.get("l1").asDouble();
        Path data = Reference.file("diabetes.csv");
        JsonNode fit = Reference.descentJson("fit", data.toString(), "--target", "progression", "--l1",
                Double.toString(l1), "--lr", "auto", "--tol", "1e-16", "--epochs", "100000", "--format", "json");
        assertEquals("loss_tolerance", fit.get("stop_reason").asText());
        double[] w = Reference.doubles(fit.get("weights"));
        double[] expected = Reference.doubles(ref.get("weights"));
        double b = fit.get("bias").asDouble();
        for (int j = 0; j < expected.length; j++) {
            if (expected[j] == 0) {
                assertEquals(0.0, w[j], 0.0, "weight " + j + " is exactly zero, as scikit-learn's");
            } else {
                assertNotEquals(0.0, w[j], "weight " + j + " is not zero");
                // --tol 1e-16 stops once the loss (~3067) no longer changes by an ulp (~4.5e-13). A proximal step at
                // 1/L (L ~ 8.05 here) lowers the loss by >= |G|^2 / (2L), so the gradient mapping |G| <= sqrt(2 L 4.5e-13)
                // ~ 2.7e-6, and with the data's smallest curvature (2 lambda_min(X'X/n) ~ 0.017) the parameters are
                // within 2.7e-6 / 0.017 ~ 1.6e-4 of the optimum: a bound, not an estimate.
                assertEquals(expected[j], w[j], 2e-4, "weight " + j);
            }
        }
        assertEquals(ref.get("bias").asDouble(), b, 2e-4, "bias");

        // And the optimality conditions of the lasso, checked on the data here: the MSE's gradient g satisfies
        // g_j = -l1 sign(w_j) where w_j != 0, |g_j| <= l1 where w_j = 0, and g_bias = 0 (to |G| ~ 2.7e-6, see above).
        Reference.Table table = Reference.Table.read(data);
        double[][] x = table.columns(table.header().subList(0, 10));
        double[] y = table.column(table.column("progression"));
        double[] theta = Arrays.copyOf(w, 11);
        theta[10] = b;
        double[] g = Hand.gradient(x, y, theta);
        for (int j = 0; j < 10; j++) {
            if (w[j] != 0) {
                assertEquals(-l1 * Math.signum(w[j]), g[j], 1e-5, "stationarity of weight " + j);
            } else {
                assertTrue(Math.abs(g[j]) <= l1, "weight " + j + " is rightly 0: |g| = " + Math.abs(g[j]));
            }
        }
        assertEquals(0, g[10], 1e-5, "bias gradient");
    }

    // ---------------------------------------------------------------- standardisation

    /** Two features on very different scales (hundreds and thousandths), y linear in them plus noise. */
    private Reference.Table scaledData() {
        Random random = new Random(7);
        double[][] rows = new double[40][];
        for (int i = 0; i < rows.length; i++) {
            double x1 = 1000 + 500 * random.nextDouble();
            double x2 = 0.002 * random.nextGaussian();
            rows[i] = new double[] {x1, x2, 4 + 0.03 * x1 - 250 * x2 + 0.5 * random.nextGaussian()};
        }
        return new Reference.Table(List.of("x1", "x2", "y"), rows);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lbfgs, --optimizer=lbfgs, --gradient-tol=1e-12", "gd, --lr=auto, --gradient-tol=1e-12"})
    void standardizedTrainingGivesTheOriginalScaleLeastSquaresWeights(String name, String a, String b) {
        Reference.Table table = scaledData();
        Path data = dir.resolve("scaled.csv");
        table.write(data);
        double[][] x = table.columns(List.of("x1", "x2"));
        double[] y = table.column(2);
        double[] ols = Hand.ols2(x, y);
        JsonNode fit = Reference.descentJson("fit", data.toString(), "--target", "y", "--standardize", a, b,
                "--epochs", "100000", "--format", "json");
        assertTrue(fit.get("standardized").asBoolean());
        // In standardised coordinates the Hessian is 2 [[1, r], [r, 1]] (plus 2 for the bias), r the two features'
        // correlation (|r| < 0.5 here, asserted below): curvature >= 1, so a gradient <= 1e-12 leaves the standardised
        // parameters within ~2e-12; folding back divides by the features' scales (~144 and ~0.002), which keeps the
        // error ~1e-12 relative to each weight. 1e-9 relative also covers the closed form's rounding (condition ~3).
        double[] w = Reference.doubles(fit.get("weights"));
        assertTrue(Math.abs(correlation(x)) < 0.5, "the bound above assumes weakly correlated features");
        assertEquals(ols[0], w[0], 1e-9 * Math.abs(ols[0]), name + ": x1");
        assertEquals(ols[1], w[1], 1e-9 * Math.abs(ols[1]), name + ": x2");
        assertEquals(ols[2], fit.get("bias").asDouble(), 1e-9 * Math.abs(ols[2]), name + ": bias");
    }

    private static double correlation(double[][] x) {
        double m1 = Hand.mean(x, 0);
        double m2 = Hand.mean(x, 1);
        double c = 0;
        for (double[] row : x) {
            c += (row[0] - m1) * (row[1] - m2);
        }
        return c / x.length / (Hand.populationStd(x, 0) * Hand.populationStd(x, 1));
    }

    @Test
    void historyOfAStandardizedRunHoldsOriginalScaleParameters() throws IOException {
        Reference.Table table = scaledData();
        Path data = dir.resolve("scaled.csv");
        table.write(data);
        Path history = dir.resolve("history.csv");
        int epochs = 20;
        double lr = 0.1;
        Reference.descentJson("fit", data.toString(), "--target", "y", "--standardize", "--lr", Double.toString(lr),
                "--epochs", Integer.toString(epochs), "--history", history.toString(), "--format", "json");

        // Standardise here (mean, population standard deviation), run the lesson's GD on z, fold back w/s, b - sum(w m/s).
        double[][] x = table.columns(List.of("x1", "x2"));
        double[] y = table.column(2);
        double[] mean = {Hand.mean(x, 0), Hand.mean(x, 1)};
        double[] scale = {Hand.populationStd(x, 0), Hand.populationStd(x, 1)};
        double[][] z = new double[x.length][2];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 2; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
        }
        double[][] path = Hand.gd(z, y, new double[3], Hand.constant(lr, epochs));

        List<String> lines = Files.readAllLines(history);
        assertEquals("epoch,loss,bias,x1,x2", lines.get(0));
        assertEquals(epochs + 1, lines.size());
        for (int k : new int[] {1, 2, 7, epochs}) {
            double[] row = Arrays.stream(lines.get(k).split(",")).mapToDouble(Double::parseDouble).toArray();
            double w1 = path[k][0] / scale[0];
            double w2 = path[k][1] / scale[1];
            double b = path[k][2] - w1 * mean[0] - w2 * mean[1];
            assertEquals(k, (int) row[0]);
            // A few ulps of difference per epoch in the summation order, contracted by GD: 1e-12 relative is ample.
            assertEquals(b, row[2], 1e-12 * Math.abs(b), "bias after " + k + " epochs");
            assertEquals(w1, row[3], 1e-12 * Math.abs(w1), "x1 after " + k + " epochs");
            assertEquals(w2, row[4], 1e-12 * Math.abs(w2), "x2 after " + k + " epochs");
            double loss = Hand.mse(x, y, new double[] {w1, w2, b});
            assertEquals(loss, row[1], 1e-10 * loss, "loss after " + k + " epochs");
        }
    }

    // ---------------------------------------------------------------- the JSON report and the optimizers

    @Test
    void jsonReportsHowTrainingStoppedAndHowLongItTook() throws IOException {
        Path data = lessonCsv();
        JsonNode fit = Reference.descentJson("fit", data.toString(), "--target", "y", "--epochs", "7", "--format", "json");
        assertEquals("max_epochs", fit.get("stop_reason").asText());
        assertEquals(7, fit.get("epochs").asInt());
        assertEquals(7, fit.get("max_epochs").asInt());
        for (String key : new String[] {"load_seconds", "train_seconds"}) {
            assertTrue(fit.get(key).isNumber(), key);
            double seconds = fit.get(key).asDouble();
            assertTrue(seconds >= 0 && seconds < 600, key + " = " + seconds);
        }
        double[] expected = lesson.descend(0, 0, 0.01, 7);
        assertEquals(expected[0], fit.get("weights").get(0).asDouble(), 1e-12);
        assertEquals(expected[1], fit.get("bias").asDouble(), 1e-12);
        assertEquals(expected[2], fit.get("loss").asDouble(), 1e-10 * expected[2]);
    }

    /**
     * The lesson's data are exactly y = 3x + 8 (x uniform in [0, 1)), so the optimum is (3, 8) with zero loss. The
     * MSE's curvature lies between ~0.13 and ~2.5 there: GD at 0.5, momentum and Nesterov contract by a fixed factor
     * per epoch and, like L-BFGS and noise-free SGD, reach (3, 8) to rounding (1e-9 is loose). AdaGrad's steps shrink
     * as its squared gradients accumulate, so it is still ~1e-7 away: 1e-5. RMSprop, Adam and AdamW at a constant rate
     * take steps of about lr whatever the gradient's size, so they hover within ~lr of the optimum (0.01 and 0.05
     * here), and AdamW's decoupled decay (kept small, 1e-4) pulls its fixed point slightly towards 0: 0.02 for
     * those, against a start 8.5 away from (3, 8).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "gd,       0.5,  2000, 1e-9",
        "sgd,      0.1,  200,  1e-9",
        "momentum, 0.05, 2000, 1e-9",
        "nesterov, 0.05, 2000, 1e-9",
        "adagrad,  1,    5000, 1e-5",
        "rmsprop,  0.01, 3000, 0.02",
        "adam,     0.05, 3000, 0.02",
        "adamw,    0.05, 3000, 0.02",
        "lbfgs,    1,    100,  1e-9"})
    void everyOptimizerReachesTheLessonsOptimum(String optimizer, String lr, String epochs, double tolerance)
            throws IOException {
        JsonNode fit = Reference.descentJson("fit", lessonCsv().toString(), "--target", "y", "--optimizer", optimizer,
                "--lr", lr, "--epochs", epochs, "--weight-decay", "1e-4", "--format", "json");
        // Each optimizer is reported under the name it was asked for; sgd is GD on batches of one row.
        assertEquals(optimizer, fit.get("optimizer").asText());
        assertEquals(optimizer.equals("sgd") ? 1 : 0, fit.get("batch_size").asInt());
        assertEquals(3, fit.get("weights").get(0).asDouble(), tolerance, optimizer + ": a");
        assertEquals(8, fit.get("bias").asDouble(), tolerance, optimizer + ": b");
    }

    @Test
    void miniBatchesAreReproducibleForASeedAndDifferForAnother() throws IOException {
        String data = lessonCsv().toString();
        String[] common = {"fit", data, "--target", "y", "--batch-size", "5", "--lr", "0.1", "--epochs", "3",
            "--format", "json"};
        JsonNode first = Reference.descentJson(concat(common, "--seed", "1"));
        JsonNode again = Reference.descentJson(concat(common, "--seed", "1"));
        JsonNode other = Reference.descentJson(concat(common, "--seed", "2"));
        long[] a = bits(first);
        assertTrue(Arrays.equals(a, bits(again)), "the same seed gives the same bits");
        assertFalse(Arrays.equals(a, bits(other)), "another seed draws other batches");
        // Six updates per epoch instead of one: after 3 epochs mini-batches are much closer to (3, 8) than 3
        // full-batch updates at the same rate, which a constant number of updates per epoch would not explain.
        double[] fullBatch = lesson.descend(0, 0, 0.1, 3);
        double miniBatch = Math.hypot(first.get("weights").get(0).asDouble() - 3, first.get("bias").asDouble() - 8);
        assertTrue(miniBatch < Math.hypot(fullBatch[0] - 3, fullBatch[1] - 8), "mini-batches update more often");
    }

    private static long[] bits(JsonNode fit) {
        return new long[] {Double.doubleToLongBits(fit.get("weights").get(0).asDouble()),
            Double.doubleToLongBits(fit.get("bias").asDouble())};
    }

    // ---------------------------------------------------------------- schedules

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("step:10:0.5", 30, (IntToDoubleFunction) t -> Math.pow(0.5, t / 10)),
                Arguments.of("exponential:0.99", 30, (IntToDoubleFunction) t -> Math.pow(0.99, t)),
                Arguments.of("exponential:0.5", 3, (IntToDoubleFunction) t -> Math.pow(0.5, t)),
                Arguments.of("inverse-time:0.1", 30, (IntToDoubleFunction) t -> 1 / (1 + 0.1 * t)),
                Arguments.of("cosine:100", 100, (IntToDoubleFunction) t -> (1 + Math.cos(Math.PI * t / 100)) / 2),
                Arguments.of("cosine:40:0.2", 40, (IntToDoubleFunction) t -> 0.2 + 0.8 * (1 + Math.cos(Math.PI * t / 40)) / 2),
                // a linear warm-up to the full rate over 5 epochs ((t + 1) / 5), then the cosine from its start
                Arguments.of("warmup:5:cosine:100", 105, (IntToDoubleFunction) t -> t < 5 ? (t + 1) / 5.0
                        : (1 + Math.cos(Math.PI * (t - 5) / 100)) / 2));
    }

    /** Rate in epoch t (t = 0 first) = lr * factor(t); the history's rows must follow a hand loop at those rates. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void aScheduleChangesTheRateEpochByEpoch(String schedule, int epochs, IntToDoubleFunction factor) throws IOException {
        double lr = 0.5;
        Path history = dir.resolve("history.csv");
        Reference.descentJson("fit", lessonCsv().toString(), "--target", "y", "--lr", Double.toString(lr), "--schedule",
                schedule, "--epochs", Integer.toString(epochs), "--history", history.toString(), "--format", "json");
        double[] rates = new double[epochs];
        for (int t = 0; t < epochs; t++) {
            rates[t] = lr * factor.applyAsDouble(t);
        }
        assertHistoryFollows(history, Hand.gd(Hand.column(lesson.x), lesson.y, new double[2], rates), schedule);
        // The schedule matters: at a constant rate the path is another one.
        double[][] constant = Hand.gd(Hand.column(lesson.x), lesson.y, new double[2], Hand.constant(lr, epochs));
        List<String> lines = Files.readAllLines(history);
        double a = Double.parseDouble(lines.get(epochs).split(",")[3]);
        assertTrue(Math.abs(a - constant[epochs][0]) > 1e-9, schedule + " differs from a constant rate");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cosine:10, 15", "warmup:2:cosine:10, 15", "exponential:0.5, 1100"})
    void aScheduleThatDecaysToZeroStopsUpdatingInsteadOfFailing(String schedule, int epochs) throws IOException {
        Path history = dir.resolve("history.csv");
        Run run = Run.descent("fit", lessonCsv().toString(), "--target", "y", "--lr", "0.5", "--schedule", schedule,
                "--epochs", Integer.toString(epochs), "--history", history.toString());
        assertEquals(0, run.exitCode(), run.err());
        // With factor 0 (cosine past its period with floor 0) the parameters stay where they are.
        List<String> lines = Files.readAllLines(history);
        String[] last = lines.get(epochs).split(",");
        String[] before = lines.get(epochs - 1).split(",");
        assertEquals(Double.parseDouble(before[3]), Double.parseDouble(last[3]), 1e-12);
    }

    private void assertHistoryFollows(Path history, double[][] path, String what) throws IOException {
        List<String> lines = Files.readAllLines(history);
        assertEquals(path.length, lines.size(), "one row per epoch after the header");
        for (int k = 1; k < path.length; k++) {
            String[] row = lines.get(k).split(",");
            assertEquals(k, Integer.parseInt(row[0]));
            // Different summation orders leave a few ulps per epoch, and GD contracts them: 1e-12 on values <= 8.
            assertEquals(path[k][1], Double.parseDouble(row[2]), 1e-12, what + ": b after " + k + " epochs");
            assertEquals(path[k][0], Double.parseDouble(row[3]), 1e-12, what + ": a after " + k + " epochs");
        }
    }

    // ---------------------------------------------------------------- stopping rules

    @Test
    void lossToleranceStopsAtTheFirstEpochWhoseLossChangeIsSmallEnough() throws IOException {
        double tol = 1e-6;
        double lr = 0.1;
        JsonNode fit = Reference.descentJson("fit", lessonCsv().toString(), "--target", "y", "--lr", Double.toString(lr),
                "--tol", Double.toString(tol), "--epochs", "100000", "--format", "json");
        assertEquals("loss_tolerance", fit.get("stop_reason").asText());
        // The hand loop's first epoch k with |L_k - L_{k-1}| <= tol * max(1, |L_k|).
        double previous = lesson.mse(0, 0);
        double a = 0;
        double b = 0;
        int stop = 0;
        for (int k = 1; k <= 100000; k++) {
            double[] next = lesson.descend(a, b, lr, 1);
            a = next[0];
            b = next[1];
            if (Math.abs(previous - next[2]) <= tol * Math.max(1, next[2])) {
                stop = k;
                break;
            }
            previous = next[2];
        }
        assertTrue(stop > 0 && stop < 100000);
        assertEquals(stop, fit.get("epochs").asInt());
        assertEquals(a, fit.get("weights").get(0).asDouble(), 1e-12);
        assertEquals(b, fit.get("bias").asDouble(), 1e-12);
    }

    @Test
    void validationStopsEarlyWhenTheHeldOutLossStopsImprovingAndKeepsTheBestParameters() throws IOException {
        // 25 rows, 12 features of pure noise but one: gradient descent first learns y ~ x1, then fits the noise of the
        // 20 training rows with its 13 parameters, and the held-out rows' loss rises again.
        Random random = new Random(3);
        List<String> header = new ArrayList<>();
        for (int j = 1; j <= 12; j++) {
            header.add("x" + j);
        }
        header.add("y");
        double[][] rows = new double[25][13];
        for (double[] row : rows) {
            for (int j = 0; j < 12; j++) {
                row[j] = random.nextGaussian();
            }
            row[12] = row[0] + random.nextGaussian();
        }
        Path data = dir.resolve("noisy.csv");
        new Reference.Table(header, rows).write(data);
        Path history = dir.resolve("history.csv");
        int patience = 3;
        JsonNode fit = Reference.descentJson("fit", data.toString(), "--target", "y", "--validation", "0.2", "--patience",
                Integer.toString(patience), "--lr", "auto", "--epochs", "100000", "--history", history.toString(),
                "--format", "json");
        assertEquals("early_stopping", fit.get("stop_reason").asText());
        int epochs = fit.get("epochs").asInt();
        assertTrue(epochs > patience && epochs < 100000, "epochs " + epochs);
        // The best epoch is the last one before `patience` epochs without improvement; its parameters are kept.
        String[] best = Files.readAllLines(history).get(epochs - patience).split(",");
        assertEquals(Double.parseDouble(best[2]), fit.get("bias").asDouble(), 0.0);
        for (int j = 0; j < 12; j++) {
            assertEquals(Double.parseDouble(best[3 + j]), fit.get("weights").get(j).asDouble(), 0.0, "x" + (j + 1));
        }
    }

    @Test
    void aTimeLimitStopsTraining() throws IOException {
        JsonNode fit = Reference.descentJson("fit", lessonCsv().toString(), "--target", "y", "--time-limit", "0.000001",
                "--epochs", "100000000", "--format", "json");
        assertEquals("time_limit", fit.get("stop_reason").asText());
        int epochs = fit.get("epochs").asInt();
        assertTrue(epochs >= 1 && epochs < 100000000, "epochs " + epochs);
        double[] expected = lesson.descend(0, 0, 0.01, epochs);
        assertEquals(expected[0], fit.get("weights").get(0).asDouble(), 1e-12);
        assertEquals(expected[1], fit.get("bias").asDouble(), 1e-12);
    }

    @Test
    void aVeryLongTimeLimitNeverStopsTraining() throws IOException {
        JsonNode fit = Reference.descentJson("fit", lessonCsv().toString(), "--target", "y", "--time-limit", "1e10",
                "--epochs", "50", "--format", "json");
        assertEquals("max_epochs", fit.get("stop_reason").asText());
        assertEquals(50, fit.get("epochs").asInt());
        double[] expected = lesson.descend(0, 0, 0.01, 50);
        assertEquals(expected[0], fit.get("weights").get(0).asDouble(), 1e-12);
    }

    // ---------------------------------------------------------------- helpers

    private Path lessonCsv() throws IOException {
        Path data = dir.resolve("lesson.csv");
        if (!Files.exists(data)) {
            Files.writeString(data, lesson.csv());
        }
        return data;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
