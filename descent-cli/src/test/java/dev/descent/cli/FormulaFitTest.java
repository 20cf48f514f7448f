package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fit --model}: formula models from the command line, against NIST's certified answers and by hand. */
class FormulaFitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** NIST's nonlinear sets, from descent-core's test resources (the build names the folder, as for the references). */
    static Path nls(String file) {
        return Path.of(System.getProperty("descent.nls", "../descent-core/src/test/resources/nls"), file);
    }

    private static String init(JsonNode set, String start) {
        List<String> items = new ArrayList<>();
        for (int k = 0; k < set.get("params").size(); k++) {
            items.add(set.get("params").get(k).asText() + "=" + set.get(start + "_text").get(k).asText());
        }
        return String.join(",", items);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"Misra1a, start1", "Misra1a, start2", "MGH09, start2", "Thurber, start1", "Thurber, start2",
        "Eckerle4, start2"})
    void levenbergMarquardtReachesTheCertifiedValues(String name, String start) throws Exception {
        JsonNode set = JSON.readTree(nls("certified.json").toFile()).get(name);
        Run run = Run.descent("fit", nls(set.get("file").asText()).toString(), "--target", "y", "--model",
                set.get("formula").asText(), "--init", init(set, start), "--optimizer", "lm", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fit = JSON.readTree(run.out());
        for (int k = 0; k < set.get("params").size(); k++) {
            String b = set.get("params").get(k).asText();
            double certified = set.get("certified_params").get(k).asDouble();
            double digits = -Math.log10(Math.abs(fit.get("params").get(b).asDouble() - certified) / Math.abs(certified));
            assertTrue(digits >= 6, name + " " + b + ": " + digits + " digits");
            double sd = set.get("certified_sd").get(k).asDouble();
            double sdDigits = -Math.log10(Math.abs(fit.get("standard_errors").get(b).asDouble() - sd) / sd);
            assertTrue(sdDigits >= 4, name + " " + b + " standard error: " + sdDigits + " digits");
        }
        assertEquals(set.get("residual_ss").asDouble(), fit.get("residual_sum_of_squares").asDouble(),
                1e-6 * set.get("residual_ss").asDouble());
        assertEquals(set.get("n").asInt() - set.get("p").asInt(), fit.get("degrees_of_freedom").asInt());
        assertEquals(set.get("residual_sd").asDouble(), fit.get("residual_standard_deviation").asDouble(),
                1e-6 * set.get("residual_sd").asDouble());
        int p = set.get("p").asInt();
        JsonNode correlation = fit.get("correlation");
        for (int i = 0; i < p; i++) {
            assertEquals(1, correlation.get(i).get(i).asDouble(), 1e-12);
            double se = fit.get("standard_errors").get(set.get("params").get(i).asText()).asDouble();
            assertEquals(se * se, fit.get("covariance").get(i).get(i).asDouble(), 1e-12 * se * se);
        }
    }

    @Test
    void parametersLeftOutStartAtOneAndTheOutputSaysWhich() throws Exception {
        Run run = Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--model", "b1*(1-exp(-b2*x))",
                "--init", "b2=0.0005", "--optimizer", "lm", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fit = JSON.readTree(run.out());
        assertEquals("[\"b1\"]", fit.get("defaulted_params").toString());
        assertEquals(1.0, fit.get("initial_params").get("b1").asDouble());
        Run text = Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--model", "b1*(1-exp(-b2*x))",
                "--init", "b2=0.0005", "--optimizer", "lm");
        assertTrue(text.out().contains("Started at 1 (no --init given): b1"), text.out());
        assertTrue(text.out().contains("std. error") && text.out().contains("t value"), text.out());
    }

    /** y = a*exp(b*x1) - c*x2 with a little noise: two columns, any optimizer. */
    private Path twoColumns(int n) throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("x1,x2,unused,y\n");
        for (int i = 0; i < n; i++) {
            double x1 = random.nextDouble();
            double x2 = random.nextDouble();
            double y = 2 * Math.exp(0.5 * x1) - 3 * x2 + 0.01 * (random.nextDouble() - 0.5);
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s%n", x1, x2, "text", y));
        }
        Path file = dir.resolve("two.csv");
        Files.writeString(file, csv);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lbfgs", "adam", "gd", "momentum"})
    void everyOptimizerFitsAFormulaOfTwoColumns(String optimizer) throws Exception {
        List<String> args = new ArrayList<>(List.of("fit", twoColumns(500).toString(), "--target", "y", "--model",
                "a*exp(b*x1) - c*x2", "--optimizer", optimizer, "--format", "json"));
        args.addAll(switch (optimizer) {
            case "adam" -> List.of("--lr", "0.05", "--epochs", "3000", "--batch-size", "50");
            case "gd", "momentum" -> List.of("--lr", "0.1", "--epochs", "20000");
            default -> List.of("--epochs", "500");
        });
        Run run = Run.descent(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fit = JSON.readTree(run.out());
        assertEquals("[\"x1\",\"x2\"]", fit.get("features").toString());
        double tolerance = optimizer.equals("lbfgs") ? 5e-3 : 5e-2;
        assertEquals(2, fit.get("params").get("a").asDouble(), tolerance * 2);
        assertEquals(0.5, fit.get("params").get("b").asDouble(), tolerance * 2);
        assertEquals(3, fit.get("params").get("c").asDouble(), tolerance * 2);
    }

    @Test
    void aSavedFormulaModelPredictsAndReadsBackToTheSameBits() throws Exception {
        Path data = twoColumns(200);
        Path model = dir.resolve("m.json");
        Run fit = Run.descent("fit", data.toString(), "--target", "y", "--model", "a*exp(b*x1) - c*x2", "--optimizer",
                "lm", "--out", model.toString(), "--format", "json");
        assertEquals(0, fit.exitCode(), fit.err());
        JsonNode saved = JSON.readTree(model.toFile());
        assertEquals(3, saved.get("format_version").asInt());
        assertEquals("formula", saved.get("type").asText());
        assertEquals(JSON.readTree(fit.out()).get("params"), saved.get("params"));
        double a = saved.get("params").get("a").asDouble();
        double b = saved.get("params").get("b").asDouble();
        double c = saved.get("params").get("c").asDouble();
        Run predict = Run.descent("predict", model.toString(), data.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = predict.out().lines().toList();
        List<String> rows = Files.readAllLines(data);
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            double expected = a * Math.exp(b * Double.parseDouble(cells[0])) - c * Double.parseDouble(cells[1]);
            assertEquals(expected, Double.parseDouble(lines.get(i)), 1e-13 * Math.max(1, Math.abs(expected)));
        }
        Run evaluate = Run.descent("evaluate", model.toString(), data.toString(), "--target", "y", "--format", "json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        double rmse = JSON.readTree(evaluate.out()).get("rmse").asDouble();
        assertEquals(JSON.readTree(fit.out()).get("rmse").asDouble(), rmse, 1e-12);
        // a warm start from the file continues from its values: lm is already at the optimum
        Run again = Run.descent("fit", data.toString(), "--target", "y", "--model", "a*exp(b*x1) - c*x2", "--optimizer",
                "lm", "--init-model", model.toString(), "--format", "json");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(a, JSON.readTree(again.out()).get("initial_params").get("a").asDouble());
    }

    @Test
    void sigmaWeighsRowsAsCurveFitDoes() throws Exception {
        // Weights 1/sigma^2 with sigma = 1 on every row give the unweighted fit; doubling one half's sigma moves it.
        StringBuilder csv = new StringBuilder("x,s,t,y\n");
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 60; i++) {
            double x = i / 10.0;
            csv.append(String.format(Locale.ROOT, "%s,1,%s,%s%n", x, i < 30 ? 1 : 4, 1.5 * x + 2 + random.nextGaussian()));
        }
        Path file = dir.resolve("w.csv");
        Files.writeString(file, csv);
        JsonNode plain = JSON.readTree(Run.descent("fit", file.toString(), "--target", "y", "--features", "x",
                "--solver", "exact", "--format", "json").out());
        JsonNode ones = JSON.readTree(Run.descent("fit", file.toString(), "--target", "y", "--model", "a*x + b",
                "--optimizer", "lm", "--sigma", "s", "--format", "json").out());
        assertEquals(plain.get("weights").get(0).asDouble(), ones.get("params").get("a").asDouble(), 1e-9);
        assertEquals(plain.get("bias").asDouble(), ones.get("params").get("b").asDouble(), 1e-9);
        // weighted least squares by hand, about the weighted means: rows with t = 4 count 1/16
        List<double[]> rows = new ArrayList<>();
        double sw = 0;
        double mx = 0;
        double my = 0;
        for (String line : Files.readAllLines(file).subList(1, 61)) {
            String[] c = line.split(",");
            double[] row = {Double.parseDouble(c[0]), Double.parseDouble(c[3]), 1 / Math.pow(Double.parseDouble(c[2]), 2)};
            rows.add(row);
            sw += row[2];
            mx += row[2] * row[0];
            my += row[2] * row[1];
        }
        mx /= sw;
        my /= sw;
        double sxy = 0;
        double sxx = 0;
        for (double[] row : rows) {
            sxy += row[2] * (row[0] - mx) * (row[1] - my);
            sxx += row[2] * (row[0] - mx) * (row[0] - mx);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        JsonNode weighted = JSON.readTree(Run.descent("fit", file.toString(), "--target", "y", "--model", "a*x + b",
                "--optimizer", "lm", "--sigma", "t", "--format", "json").out());
        assertEquals(slope, weighted.get("params").get("a").asDouble(), 1e-9);
        assertEquals(intercept, weighted.get("params").get("b").asDouble(), 1e-9);
    }

    @Test
    void boundsHoldAParameterInItsBox() throws Exception {
        JsonNode free = JSON.readTree(Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--model",
                "b1*(1-exp(-b2*x))", "--init", "b1=250,b2=0.0005", "--optimizer", "lm", "--format", "json").out());
        assertTrue(free.get("params").get("b1").asDouble() > 230);
        Run run = Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--model", "b1*(1-exp(-b2*x))",
                "--init", "b1=200,b2=0.0005", "--optimizer", "lm", "--bounds", "b1=-inf:220", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode bounded = JSON.readTree(run.out());
        assertEquals(220, bounded.get("params").get("b1").asDouble(), 1e-9);
        assertTrue(bounded.get("residual_sum_of_squares").asDouble() > free.get("residual_sum_of_squares").asDouble());
    }

    @Test
    void aHistoryOfAFormulaRunNamesItsParameters() throws Exception {
        Path history = dir.resolve("h.csv");
        Run run = Run.descent("fit", twoColumns(100).toString(), "--target", "y", "--model", "a*exp(b*x1) - c*x2",
                "--optimizer", "lbfgs", "--epochs", "20", "--history", history.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(history);
        assertEquals("epoch,loss,a,b,c", lines.get(0));
        assertFalse(lines.size() < 2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--model;a*exp(b*x;descent fit: --model: formula \"a*exp(b*x\" at column 10: expected ')'",
        "--model;a*foo(x);descent fit: --model: formula \"a*foo(x)\" at column 3: unknown function 'foo'",
        "--model;a*x + y;descent fit: --model names the target y",
        "--model;a*z;descent fit: --model a*z names no column of",
        "--init;q=1;descent fit: --init q: the formula has no parameter q; its parameters are a, b",
        "--init;x=1;descent fit: --init x: x is a column of the data, not a parameter",
        "--init;a;descent fit: --init a: expected NAME=VALUE",
        "--bounds;a=1:0;descent fit: --bounds a=1:0: the low bound must be at most the high one",
        "--standardize;;descent fit: --standardize rescales a linear model's features",
        "--solver;exact;descent fit: --solver exact solves linear least squares",
        "--lr;auto;descent fit: --lr auto computes 1/L for a linear model"})
    void mistakesGetOneLine(String option, String value, String message) throws Exception {
        List<String> args = new ArrayList<>(List.of("fit", nls("misra1a.csv").toString(), "--target", "y"));
        if (!option.equals("--model")) {
            args.addAll(List.of("--model", "a*x + b"));
        }
        args.add(option);
        if (value != null) {
            args.add(value);
        }
        if (option.equals("--bounds")) {
            args.addAll(List.of("--optimizer", "lm"));
        }
        Run run = Run.descent(args.toArray(String[]::new));
        run.assertOneLineError("fit");
        assertTrue(run.err().startsWith(message), run.err());
    }

    @Test
    void leavingTheRealNumbersNamesTheRowAndTheParameters() throws Exception {
        for (String optimizer : List.of("adam", "lm")) {
            Run run = Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--model", "b1*log(b2*x)",
                    "--init", "b2=-1", "--optimizer", optimizer);
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("descent fit: the starting parameters take the formula out of the real numbers at row 1 (x = 77.6):"
                    + " log(b2*x) = log(-77.6) is not a number, with b1 = 1.0, b2 = -1.0\n", run.err());
        }
    }

    @Test
    void aLinearFitRefusesTheFormulaOptions() throws Exception {
        Run run = Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--optimizer", "lm");
        run.assertOneLineError("fit");
        assertTrue(run.err().contains("--optimizer lm fits a formula model"), run.err());
        Run init = Run.descent("fit", nls("misra1a.csv").toString(), "--target", "y", "--init", "a=1");
        init.assertOneLineError("fit");
    }

    @Test
    void aFormulaMatchesTheLinearModelItWritesOut() throws Exception {
        Path data = twoColumns(300);
        JsonNode linear = JSON.readTree(Run.descent("fit", data.toString(), "--target", "y", "--features", "x1,x2",
                "--optimizer", "gd", "--lr", "0.1", "--epochs", "200", "--format", "json").out());
        JsonNode formula = JSON.readTree(Run.descent("fit", data.toString(), "--target", "y", "--model",
                "w1*x1 + w2*x2 + b", "--init", "w1=0,w2=0,b=0", "--optimizer", "gd", "--lr", "0.1", "--epochs", "200",
                "--format", "json").out());
        assertArrayEquals(new double[] {linear.get("weights").get(0).asDouble(), linear.get("weights").get(1).asDouble(),
                linear.get("bias").asDouble()}, new double[] {formula.get("params").get("w1").asDouble(),
                formula.get("params").get("w2").asDouble(), formula.get("params").get("b").asDouble()}, 1e-12);
    }

    @Test
    void aColumnMisspeltInTheFormulaIsPointedOut() throws Exception {
        Run run = Run.descent("fit", twoColumns(100).toString(), "--target", "y", "--model", "a*exp(b*x1) - c*X2",
                "--optimizer", "lm");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: X2 is not a column of") && run.err().contains("did you mean the column x2?"),
                run.err());
    }

    @Test
    void theTrainersOtherSettingsWorkOnAFormula() throws Exception {
        Run run = Run.descent("fit", twoColumns(2000).toString(), "--target", "y", "--model", "a*exp(b*x1) - c*x2",
                "--optimizer", "adam", "--lr", "0.05", "--batch-size", "64", "--schedule", "cosine:300", "--loss", "huber",
                "--validation", "0.2", "--patience", "20", "--epochs", "300", "--l2", "0.0001", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fit = JSON.readTree(run.out());
        assertEquals("huber", fit.get("loss_name").asText());
        assertEquals(64, fit.get("batch_size").asInt());
        assertFalse(fit.has("standard_errors")); // not least squares: no such statistics
        assertEquals(2, fit.get("params").get("a").asDouble(), 0.2);
        assertEquals(3, fit.get("params").get("c").asDouble(), 0.2);
    }

    @Test
    void whatTheReviewFoundIsRefusedOrWarnedOfInOneLine() throws Exception {
        Path misra = nls("misra1a.csv");
        Run outside = Run.descent("fit", misra.toString(), "--target", "y", "--model", "b1*(1-exp(-b2*x))", "--init",
                "b1=500,b2=1", "--bounds", "b2=0:0.1", "--optimizer", "lm");
        outside.assertOneLineError("fit");
        assertTrue(outside.err().contains("the start b2 = 1.0 is outside --bounds b2=0.0:0.1"), outside.err());
        Run sigma = Run.descent("fit", misra.toString(), "--target", "y", "--model", "a*x", "--sigma", "y", "--optimizer",
                "lm");
        sigma.assertOneLineError("fit");
        assertTrue(sigma.err().contains("--sigma y is the target"), sigma.err());
        Run deep = Run.descent("fit", misra.toString(), "--target", "y", "--model", "(".repeat(400) + "a*x" + ")".repeat(400));
        deep.assertOneLineError("fit");
        assertTrue(deep.err().contains("nested more than 256 deep"), deep.err());
        Run noParameters = Run.descent("explain", "--model", "2*x");
        noParameters.assertOneLineError("explain");
        assertTrue(noParameters.err().contains("has no parameter to fit"), noParameters.err());
    }

    @Test
    void parametersTheDataCannotTellApartAreNamedAndTheirErrorsAreNull() throws Exception {
        Run run = Run.descent("fit", twoColumns(100).toString(), "--target", "y", "--model", "a*b*x1 + c*x2",
                "--optimizer", "lm", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: the data cannot tell b apart"), run.err());
        JsonNode fit = JSON.readTree(run.out());
        assertTrue(fit.get("standard_errors").get("b").isNull(), run.out());
        assertTrue(fit.get("covariance").get(0).get(0).isNull(), run.out());
    }

    @Test
    void anInfiniteDerivativeAtARowOfZeroDoesNotStopTheFit() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 30; i++) {
            double x = i / 3.0;
            csv.append(x).append(',').append(Math.sqrt(2.5 * x)).append('\n');
        }
        Path file = dir.resolve("sqrt.csv");
        Files.writeString(file, csv);
        for (String optimizer : List.of("lm", "lbfgs")) {
            Run run = Run.descent("fit", file.toString(), "--target", "y", "--model", "sqrt(a*x)", "--optimizer", optimizer,
                    "--format", "json");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(2.5, JSON.readTree(run.out()).get("params").get("a").asDouble(), 1e-9, optimizer);
        }
    }

    @Test
    void rowsOutsideTheFormulasDomainAreNamedByTheirRowInTheFile() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 1; i <= 60; i++) {
            double x = i == 30 ? -1 : i;
            csv.append(x).append(',').append(2 * Math.log(Math.abs(x)) + 1).append('\n');
        }
        Path file = dir.resolve("log.csv");
        Files.writeString(file, csv);
        Run run = Run.descent("fit", file.toString(), "--target", "y", "--model", "a*log(x) + b", "--validation", "0.2");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("at row 30 (x = -1.0): log(x) = log(-1) is not a number"), run.err());
        Path good = dir.resolve("good.csv");
        Files.writeString(good, csv.toString().replace("-1.0,", "1.0,"));
        Path model = dir.resolve("log.json");
        assertEquals(0, Run.descent("fit", good.toString(), "--target", "y", "--model", "a*log(x) + b", "--optimizer", "lm",
                "--out", model.toString()).exitCode());
        Run predict = Run.descent("predict", model.toString(), file.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.err().contains("warning:") && predict.err().contains("at row 30 (x = -1.0)"), predict.err());
        assertEquals("NaN", predict.out().lines().toList().get(30));
        Run evaluate = Run.descent("evaluate", model.toString(), file.toString(), "--target", "y");
        evaluate.assertOneLineError("evaluate");
        assertTrue(evaluate.err().contains("at row 30 (x = -1.0)"), evaluate.err());
    }
}
