package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --solver normal} and {@code --solver auto}: NIST's certified values where the normal
 * equations can reach them, QR where they cannot, and L-BFGS or the chosen optimizer where no
 * solve applies, each checked against an answer from outside the route taken.
 */
class SolverChoiceTest {
    /** NIST StRD Norris, certified: B0 = -0.262323073774029, B1 = 1.00211681802045. */
    private static final double NORRIS_B0 = -0.262323073774029;
    private static final double NORRIS_B1 = 1.00211681802045;
    /** NIST StRD Filip, certified B0 .. B10 (degree 10: the normal equations square a condition number near 1e15). */
    private static final double[] FILIP = {-1467.48961422980, -2772.17959193342, -2316.37108160893, -1127.97394098372,
        -354.478233703349, -75.1242017393757, -10.8753180355343, -1.06221498588947, -0.670191154593408E-01,
        -0.246781078275479E-02, -0.402962525080404E-04};

    @TempDir
    Path dir;

    @Test
    void theNormalEquationsReachNistsCertifiedValuesOnNorris() throws Exception {
        for (String solver : new String[] {"normal", "auto"}) {
            JsonNode json = fit(norris(), "--solver", solver);
            assertEquals("normal", json.get("solver").asText());
            assertEquals(NORRIS_B1, json.get("weights").get(0).asDouble(), 1e-12 * NORRIS_B1, solver);
            assertEquals(NORRIS_B0, json.get("bias").asDouble(), 1e-11 * Math.abs(NORRIS_B0), solver);
            assertEquals(0, json.get("epochs").asInt());
        }
        JsonNode auto = fit(norris(), "--solver", "auto");
        assertTrue(auto.get("auto_choice").asText().contains("2 parameters"));
        assertTrue(auto.get("kernel").asText().contains("jdk.incubator.vector"), auto.toString());
        // Norris is 36 rows of one feature: the chosen kernel leaves it to plain Java, and says so.
        assertTrue(auto.get("kernel").asText().startsWith("plain Java: rows of fewer than 4 features"), auto.toString());
    }

    @Test
    void autoSolvesFilipByQrWhereTheNormalEquationsCannot() throws Exception {
        Path filip = dir.resolve("filip.csv");
        Files.copy(Path.of("../descent-core/src/test/resources/strd/filip.csv"), filip);
        Run normal = Run.descent("fit", filip.toString(), "--target", "y", "--degree", "10", "--solver", "normal");
        normal.assertOneLineError("fit");
        assertTrue(normal.err().contains("--solver exact"), normal.err());

        JsonNode auto = fit(filip, "--degree", "10", "--solver", "auto");
        assertEquals("exact", auto.get("solver").asText());
        assertTrue(auto.get("auto_choice").asText().contains("normal equations could not"), auto.toString());
        // Householder QR on Filip's doubles reaches 8.1 digits (../shared/data/strd/README.md).
        assertEquals(FILIP[0], auto.get("bias").asDouble(), 1e-7 * Math.abs(FILIP[0]));
        for (int k = 1; k < FILIP.length; k++) {
            assertEquals(FILIP[k], auto.get("weights").get(k - 1).asDouble(), 1e-7 * Math.abs(FILIP[k]), "B" + k);
        }
    }

    @Test
    void ridgeOnStandardisedFeaturesAgreesWithQr() throws Exception {
        Path data = wideData(9, 500);
        JsonNode normal = fit(data, "--standardize", "--l2", "0.3", "--loss", "sse", "--solver", "normal");
        JsonNode qr = fit(data, "--standardize", "--l2", "0.3", "--loss", "sse", "--solver", "exact");
        for (int k = 0; k < 9; k++) {
            double expected = qr.get("weights").get(k).asDouble();
            assertEquals(expected, normal.get("weights").get(k).asDouble(), 1e-12 * Math.abs(expected));
        }
        assertEquals(qr.get("loss").asDouble(), normal.get("loss").asDouble(), 1e-13 * qr.get("loss").asDouble());
    }

    @Test
    void autoTrainsSmoothLossesAndWideProblemsWithLbfgsToTheOptimum() throws Exception {
        JsonNode wide = fit(wideData(AutoSolver.MAX_NORMAL_PARAMETERS, 2000), "--solver", "auto", "--tol", "1e-14");
        assertEquals("gd", wide.get("solver").asText());
        assertEquals("lbfgs", wide.get("optimizer").asText());
        assertTrue(wide.get("auto_choice").asText().contains("L-BFGS"), wide.toString());
        assertTrue(wide.get("standardized").asBoolean(), "features of very different scales are trained standardised");
        // The optimum beside it comes from QR; L-BFGS must reach its loss to 1e-10 relative.
        double optimum = wide.get("optimum_loss").asDouble();
        assertEquals(optimum, wide.get("loss").asDouble(), 1e-10 * optimum);

        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "a,b,y\n1,2,0\n2,3,1\n4,1,1\n3,3,0\n5,2,1\n0,1,0\n6,1,1\n2,2,0\n");
        JsonNode logistic = fit(labels, "--loss", "logistic", "--l2", "0.1", "--solver", "auto");
        assertEquals("lbfgs", logistic.get("optimizer").asText());
        assertTrue(logistic.get("epochs").asInt() < logistic.get("max_epochs").asInt(), "stopped at the optimum: " + logistic);
        // At the optimum the gradient of mean log-loss + 0.05 ||w||^2, written out here, vanishes.
        double[][] x = {{1, 2}, {2, 3}, {4, 1}, {3, 3}, {5, 2}, {0, 1}, {6, 1}, {2, 2}};
        double[] y = {0, 1, 1, 0, 1, 0, 1, 0};
        double[] w = {logistic.get("weights").get(0).asDouble(), logistic.get("weights").get(1).asDouble()};
        double b = logistic.get("bias").asDouble();
        double[] gradient = {0.1 * w[0], 0.1 * w[1], 0};
        for (int i = 0; i < y.length; i++) {
            double residual = 1 / (1 + Math.exp(-(w[0] * x[i][0] + w[1] * x[i][1] + b))) - y[i];
            gradient[0] += residual * x[i][0] / y.length;
            gradient[1] += residual * x[i][1] / y.length;
            gradient[2] += residual / y.length;
        }
        for (double g : gradient) {
            assertEquals(0, g, 1e-7, "gradient at the fitted model");
        }
    }

    @Test
    void autoWithAWarmStartGoesOnAsItsModelWasTrained() throws Exception {
        Path data = wideData(3, 300);
        Path model = dir.resolve("m.json");
        JsonNode first = fit(data, "--loss", "huber", "--solver", "auto", "--epochs", "3", "--out", model.toString());
        assertEquals("lbfgs", first.get("optimizer").asText());
        JsonNode again = fit(data, "--loss", "huber", "--solver", "auto", "--init-model", model.toString());
        assertEquals("lbfgs", again.get("optimizer").asText(), again.toString());
        assertTrue(again.get("standardized").asBoolean(), "the saved model was trained standardised");
        assertTrue(again.get("auto_choice").asText().contains("warm start"), again.toString());
        assertTrue(again.get("loss").asDouble() <= first.get("loss").asDouble(), "going on does not undo the first fit");
        Run text = Run.descent("fit", data.toString(), "--target", "y", "--loss", "huber", "--solver", "auto");
        assertTrue(text.out().contains("--solver auto chose lbfgs:"), text.out());
    }

    @Test
    void autoLeavesNonSmoothLossesAndAskedForTrainingToTheOptimizer() throws Exception {
        Path data = norris();
        JsonNode mae = fit(data, "--loss", "mae", "--solver", "auto", "--epochs", "3");
        assertEquals("gd", mae.get("optimizer").asText());
        assertTrue(mae.get("auto_choice").asText().contains("not smooth"), mae.toString());

        JsonNode adam = fit(data, "--solver", "auto", "--optimizer", "adam", "--epochs", "3");
        assertEquals("adam", adam.get("optimizer").asText());
        assertEquals(3, adam.get("epochs").asInt());
        assertTrue(adam.get("auto_choice").asText().contains("training options"), adam.toString());
    }

    @Test
    void theKernelLabelCountsTheRowsThatTrainingPassesOver() throws Exception {
        // 10,000 x 7 = 70,000 values: enough for the Vector API's loops, but not the 56,000 left to train on
        // once --validation holds out a fifth, which run plain Java.
        Path data = wideData(7, 10_000);
        JsonNode whole = fit(data, "--solver", "gd", "--epochs", "2");
        assertFalse(whole.get("kernel").asText().startsWith("plain Java:"), whole.get("kernel").asText());
        JsonNode held = fit(data, "--solver", "gd", "--epochs", "2", "--validation", "0.2");
        assertTrue(held.get("kernel").asText().startsWith("plain Java: fewer than 65536 values"),
                held.get("kernel").asText());
    }

    private static JsonNode fit(Path data, String... options) {
        return Reference.descentJson(Run.fitArgs(data, new String[] {"--target", "y", "--format", "json"}, options));
    }

    private Path norris() throws Exception {
        Path norris = dir.resolve("norris.csv");
        if (!Files.exists(norris)) {
            Files.copy(Path.of(getClass().getResource("/strd/norris.csv").toURI()), norris);
        }
        return norris;
    }

    /** Features of very different scales and a noisy linear target. */
    private Path wideData(int d, int n) throws IOException {
        Random random = new Random(d);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < d; j++) {
            csv.append("x").append(j).append(',');
        }
        csv.append("y\n");
        for (int i = 0; i < n; i++) {
            double y = 1;
            for (int j = 0; j < d; j++) {
                double x = Math.pow(10, j % 5 - 2) * random.nextGaussian();
                y += x / Math.pow(10, j % 5 - 2) * (j % 3 - 1);
                csv.append(String.format(Locale.ROOT, "%.17g,", x));
            }
            csv.append(String.format(Locale.ROOT, "%.17g%n", y + random.nextGaussian()));
        }
        Path file = dir.resolve("wide" + d + ".csv");
        Files.writeString(file, csv);
        return file;
    }
}
