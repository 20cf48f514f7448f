package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code descent fit --float}: the same fit as on a file of the widened float values read as doubles
 * (those values made here by {@link Float#parseFloat}), to the bit, whatever the route; the least-squares
 * optimum of the widened values, not of the doubles in the file; an ordinary model file; and the
 * options float32 storage refuses, each with one line.
 */
class FloatFitTest {
    private static final int N = 600;
    private static final List<String> FEATURES = List.of("x1", "x2", "x3", "x4");
    private static final String[] SELECT = {"--features", String.join(",", FEATURES), "--format", "json"};

    @TempDir
    Path dir;

    private Path data;
    /** The same rows with every feature cell replaced by its float's value, written exactly as a double. */
    private Path widened;
    private final double[][] x = new double[N][FEATURES.size()];
    private final double[] y = new double[N];

    @BeforeEach
    void writeTheDataAndItsWidenedFloats() throws IOException {
        Random random = new Random(12);
        StringBuilder text = new StringBuilder("x1,x2,x3,x4,y,label\n");
        StringBuilder widenedText = new StringBuilder(text);
        for (int i = 0; i < N; i++) {
            double truth = 1.5;
            for (int j = 0; j < FEATURES.size(); j++) {
                // 17 digits, of which a float keeps about 7: the two optima differ visibly.
                String cell = String.format(Locale.ROOT, "%.17g", random.nextGaussian() * (j + 1) + j);
                x[i][j] = Float.parseFloat(cell);
                truth += (j - 1.5) * x[i][j];
                text.append(cell).append(',');
                widenedText.append(x[i][j]).append(',');
            }
            y[i] = truth + random.nextGaussian() * 0.01;
            String rest = y[i] + "," + (y[i] > 1.5 ? 1 : 0) + "\n";
            text.append(rest);
            widenedText.append(rest);
        }
        data = dir.resolve("data.csv");
        widened = dir.resolve("widened.csv");
        Files.writeString(data, text);
        Files.writeString(widened, widenedText);
    }

    private JsonNode fit(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of(Run.fitArgs(file, SELECT, options)));
        return Reference.descentJson(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--target y --epochs 40", "--target y --solver normal", "--target y --solver auto",
        "--target y --optimizer lbfgs --epochs 25", "--target y --optimizer sgd --batch-size 7 --shuffle rows --epochs 3",
        "--target y --optimizer adam --batch-size 32 --epochs 4 --lr 0.05", "--target y --validation 0.25 --epochs 30",
        "--target y --lr auto --epochs 30 --l2 0.1", "--target y --loss huber --delta 0.5 --epochs 30",
        "--target label --loss logistic --optimizer lbfgs --epochs 20"})
    void hasTheBitsOfTheFitOnTheWidenedValuesReadAsDoubles(String options) {
        String[] given = options.split(" ");
        JsonNode floats = fit(data, concat(given, "--float"));
        JsonNode doubles = fit(widened, given);
        assertEquals("float32", floats.get("storage").asText());
        assertEquals("double", doubles.get("storage").asText());
        assertArrayEquals(Reference.doubles(doubles.get("weights")), Reference.doubles(floats.get("weights")), 0);
        assertEquals(doubles.get("bias").asDouble(), floats.get("bias").asDouble(), 0);
        for (String key : List.of("loss", "epochs", "solver")) {
            assertTrue(doubles.has(key), key);
        }
        assertTrue(doubles.has("rmse") || doubles.has("accuracy"), doubles.toString());
        for (String key : List.of("loss", "rmse", "accuracy", "epochs", "solver", "distance_to_optimum")) {
            assertEquals(doubles.has(key), floats.has(key), key);
            assertEquals(String.valueOf(doubles.get(key)), String.valueOf(floats.get(key)), key);
        }
    }

    private static String[] concat(String[] options, String... more) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The least-squares optimum (weights, then bias) of the widened values, made here with Float.parseFloat. */
    private double[] widenedOptimum() {
        return Hand.ridge(x, y, 0);
    }

    private static double[] parameters(JsonNode fit) {
        double[] weights = Reference.doubles(fit.get("weights"));
        double[] parameters = Arrays.copyOf(weights, weights.length + 1);
        parameters[weights.length] = fit.get("bias").asDouble();
        return parameters;
    }

    @Test
    void reachesTheLeastSquaresOptimumOfTheWidenedValuesNotOfTheFile() {
        double[] optimum = widenedOptimum();
        double[] ofTheFile = parameters(fit(data, "--target", "y", "--solver", "normal"));
        JsonNode fitted = fit(data, "--target", "y", "--float", "--optimizer", "lbfgs", "--epochs", "100");
        double[] parameters = parameters(fitted);
        double gap = 0;
        double apart = 0;
        for (int k = 0; k < optimum.length; k++) {
            gap = Math.max(gap, Math.abs(parameters[k] - optimum[k]));
            apart = Math.max(apart, Math.abs(ofTheFile[k] - optimum[k]));
        }
        assertTrue(gap < 1e-10, "L-BFGS on float32 ends " + gap + " from the widened values' optimum");
        assertTrue(apart > 1000 * gap, "the file's doubles have their own optimum, " + apart + " away");
        assertTrue(fitted.get("distance_to_optimum").asDouble() < 1e-10, fitted.toString());
    }

    @Test
    void standardisedFloatsAreRoundedOnceMoreAndLandThatNearTheOptimum() {
        double[] optimum = widenedOptimum();
        JsonNode fitted = fit(data, "--target", "y", "--float", "--standardize", "--optimizer", "lbfgs", "--epochs", "100");
        assertTrue(fitted.get("standardized").asBoolean());
        double[] parameters = parameters(fitted);
        for (int k = 0; k < optimum.length; k++) {
            // Each standardised value is rounded to a float (2^-24 relative): the weights move by about that much.
            assertEquals(optimum[k], parameters[k], 1e-6 * Math.max(1, Math.abs(optimum[k])), "parameter " + k);
        }
    }

    @Test
    void aSavedFloatModelIsAnOrdinaryModelFileForPredictAndEvaluate() throws IOException {
        Path model = dir.resolve("model.json");
        Reference.descentJson(Run.fitArgs(data, SELECT, "--target", "y", "--float", "--solver", "normal", "--out",
                model.toString()));
        JsonNode saved = Reference.read(model);
        assertEquals("descent-model", saved.get("format").asText());
        assertEquals("float32", saved.get("training").get("storage").asText());
        double[] w = Reference.doubles(saved.get("weights"));
        double b = saved.get("bias").asDouble();

        // On the file's own doubles: predictions and their mean squared error, by hand.
        Reference.Table table = Reference.Table.read(data);
        double[][] rows = table.columns(FEATURES);
        double[] target = table.column(table.column("y"));
        Run predict = Run.descent("predict", model.toString(), data.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals("prediction", lines.get(0));
        double squares = 0;
        for (int i = 0; i < N; i++) {
            double expected = b;
            for (int j = 0; j < w.length; j++) {
                expected += w[j] * rows[i][j];
            }
            assertEquals(expected, Double.parseDouble(lines.get(i + 1)), 1e-12 * Math.max(1, Math.abs(expected)), "row " + i);
            squares += (expected - target[i]) * (expected - target[i]);
        }
        JsonNode metrics = Reference.descentJson("evaluate", model.toString(), data.toString(), "--target", "y",
                "--format", "json");
        assertEquals(squares / N, metrics.get("mse").asDouble(), 1e-12 * squares / N);
    }

    @Test
    void aWarmStartOnFloatsGoesOnToTheBitsOfOneRun() {
        Path model = dir.resolve("ten.json");
        String[] adam = {"--target", "y", "--float", "--optimizer", "adam", "--lr", "0.05", "--standardize", "--batch-size",
            "64"};
        fit(data, concat(adam, "--epochs", "10", "--out", model.toString()));
        JsonNode resumed = fit(data, concat(adam, "--epochs", "10", "--init-model", model.toString()));
        JsonNode twenty = fit(data, concat(adam, "--epochs", "20"));
        assertArrayEquals(parameters(twenty), parameters(resumed), 0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--solver exact|--solver exact answers for the numbers as written",
        "--cache|--cache keeps doubles", "--degree 2|--degree makes powers of x",
        "--loss softmax|--loss softmax trains on doubles"})
    void refusesWhatFloat32StorageCannotTakeInOneLine(String options) {
        String[] parts = options.split("\\|");
        Run run = Run.descent(concat(Run.fitArgs(data, new String[] {"--features", "x1", "--target", "label"},
                parts[0].split(" ")), "--float"));
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(parts[1]), run.err());
        assertTrue(run.err().contains("drop"), run.err());
    }

    @Test
    void refusesALibsvmFileAndAValueBeyondAFloatInOneLine() throws IOException {
        Path svm = dir.resolve("rows.svm");
        Files.writeString(svm, "1 1:0.5 2:1\n0 1:1.5\n");
        Run sparse = Run.descent("fit", svm.toString(), "--float");
        sparse.assertOneLineError("fit");
        assertTrue(sparse.err().contains("a LIBSVM file is read as sparse rows of doubles: drop --float"), sparse.err());

        Path huge = dir.resolve("huge.csv");
        Files.writeString(huge, "x,y\n1,2\n1e39,3\n2,4\n");
        Run beyond = Run.descent("fit", huge.toString(), "--target", "y", "--float");
        beyond.assertOneLineError("fit");
        assertTrue(beyond.err().contains("line 3, column 1 (x): expected a finite number, found 1e39 (too large for a"
                + " float32)"), beyond.err());
        assertEquals(0, Run.descent("fit", huge.toString(), "--target", "y", "--solver", "normal").exitCode());
    }
}
