package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code descent fit} on LIBSVM files: against the normal equations of the same rows (solved here),
 * against the same rows as a CSV file (the dense path, checked against scikit-learn and NIST
 * elsewhere), and the options sparse rows cannot take.
 */
class SparseFitTest {
    private static final int N = 80;
    private static final int D = 7; // feature 6 is never used; many rows are empty or nearly

    @TempDir
    Path dir;

    private final double[][] x = new double[N][D];
    private final double[] y = new double[N];
    private Path svm;
    private Path csv;

    @BeforeEach
    void writeTheSameRowsBothWays() throws Exception {
        Random random = new Random(8);
        StringBuilder libsvm = new StringBuilder("# label index:value ...\n");
        StringBuilder table = new StringBuilder("f1,f2,f3,f4,f5,f6,f7,label\n");
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                if (j != 5 && random.nextInt(3) == 0) {
                    x[i][j] = Math.round(random.nextGaussian() * 1000) / 100.0;
                }
            }
            y[i] = Math.round((1.5 * x[i][0] - 2 * x[i][2] + x[i][6] + 3 + random.nextGaussian()) * 100) / 100.0;
            libsvm.append(y[i]);
            for (int j = 0; j < D; j++) {
                if (x[i][j] != 0) {
                    libsvm.append(' ').append(j + 1).append(':').append(x[i][j]);
                }
                table.append(x[i][j]).append(',');
            }
            libsvm.append('\n');
            table.append(y[i]).append('\n');
        }
        svm = dir.resolve("rows.svm");
        csv = dir.resolve("rows.csv");
        Files.writeString(svm, libsvm);
        Files.writeString(csv, table);
    }

    @Test
    void lbfgsReachesTheNormalEquationsOptimum() throws Exception {
        double alpha = 0.01;
        Run run = Run.descent("fit", svm.toString(), "--optimizer", "lbfgs", "--l2", String.valueOf(alpha), "--epochs", "500",
                "--gradient-tol", "1e-13", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        double[] optimum = Hand.ridge(x, y, alpha);
        for (int j = 0; j < D; j++) {
            assertEquals(optimum[j], json.get("weights").get(j).asDouble(), 1e-9, "weight " + j);
        }
        assertEquals(optimum[D], json.get("bias").asDouble(), 1e-9);
        assertEquals(0, json.get("weights").get(5).asDouble(), 1e-12, "the feature no row uses");
        assertEquals("label", json.get("target").asText());
        assertEquals("f1", json.get("features").get(0).asText());
        assertEquals(D, json.get("features").size());
        assertEquals(N, json.get("rows").asInt());
        assertTrue(json.get("optimum_weights") == null, "no exact optimum for sparse data");
    }

    @Test
    void textOutputSaysThereIsNoExactOptimum() {
        Run run = Run.descent("fit", svm.toString(), "--epochs", "5");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("There is no exact optimum to compare with: the exact solver takes dense (CSV) data"
                + " only."), run.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            logistic, adam, batches of 8, validation | --loss logistic --optimizer adam --batch-size 8 --validation 0.25 --epochs 15
            hinge, sgd                               | --loss hinge --optimizer sgd --lr 0.01 --epochs 3
            huber, momentum, lr auto                 | --loss huber --optimizer momentum --lr auto --epochs 40
            mse, gd, l1                              | --l1 0.05 --lr 0.005 --epochs 60
            """)
    void trainsAsTheSameRowsInACsvFileDo(String name, String options) throws Exception {
        boolean classes = options.contains("logistic") || options.contains("hinge");
        if (classes) {
            rewriteLabelsAsClasses();
        }
        String[] common = (options + " --format json").split(" ");
        Run sparse = Run.descent(Run.fitArgs(svm, common));
        Run dense = Run.descent(Run.fitArgs(csv, common, "--target", "label"));
        assertEquals(0, sparse.exitCode(), sparse.err());
        assertEquals(0, dense.exitCode(), dense.err());
        JsonNode s = new ObjectMapper().readTree(sparse.out());
        JsonNode d = new ObjectMapper().readTree(dense.out());
        // With --lr auto, sparse rows find 1/L by power iteration (to about 1e-10), dense rows with few
        // parameters exactly from A^T A: the rates, and so the paths, differ by that much.
        boolean auto = options.contains("--lr auto");
        double tolerance = auto ? 1e-8 : 1e-10;
        for (int j = 0; j < D; j++) {
            assertEquals(d.get("weights").get(j).asDouble(), s.get("weights").get(j).asDouble(), tolerance,
                    name + " weight " + j);
        }
        assertEquals(d.get("bias").asDouble(), s.get("bias").asDouble(), tolerance, name);
        assertEquals(d.get("epochs").asInt(), s.get("epochs").asInt(), name);
        assertEquals(d.get("learning_rate").asDouble(), s.get("learning_rate").asDouble(), tolerance / 100, name);
        String metric = classes ? "accuracy" : "rmse";
        assertEquals(d.get(metric).asDouble(), s.get(metric).asDouble(), auto ? tolerance : 1e-12, name + " " + metric);
    }

    /** Labels 0/1 in both files: 1 where the label was above 3. */
    private void rewriteLabelsAsClasses() throws Exception {
        List<String> svmLines = Files.readAllLines(svm);
        List<String> csvLines = Files.readAllLines(csv);
        for (int i = 0; i < N; i++) {
            String label = y[i] > 3 ? "1" : "0";
            String line = svmLines.get(i + 1);
            svmLines.set(i + 1, label + line.substring(line.indexOf(' ') < 0 ? line.length() : line.indexOf(' ')));
            String row = csvLines.get(i + 1);
            csvLines.set(i + 1, row.substring(0, row.lastIndexOf(',') + 1) + label);
        }
        Files.write(svm, svmLines);
        Files.write(csv, csvLines);
    }

    @Test
    void aWarmStartReadsAsManyFeaturesAsItsModelHas() throws Exception {
        Path model = dir.resolve("model.json");
        assertEquals(0, Run.descent("fit", svm.toString(), "--epochs", "3", "--out", model.toString()).exitCode());
        Path fewer = dir.resolve("fewer.txt");
        Files.writeString(fewer, "1 1:2\n0 2:1 3:1\n2\n");
        Run run = Run.descent("fit", fewer.toString(), "--input-format", "libsvm", "--init-model", model.toString(),
                "--epochs", "2", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(D, new ObjectMapper().readTree(run.out()).get("features").size());

        Path more = dir.resolve("more.svm");
        Files.writeString(more, "1 1:2\n0 2:1 9:1\n");
        Run refused = Run.descent("fit", more.toString(), "--init-model", model.toString());
        refused.assertOneLineError("fit");
        assertTrue(refused.err().contains(more + " line 2: feature index 9, but the data are read with 7 features"),
                refused.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --target        | --target label          | a LIBSVM file has its label first on each line and numbered features: drop --target
            --features      | --features f1,f2        | drop --features
            --degree        | --degree 2              | drop --degree
            --standardize   | --standardize           | --standardize would centre every feature and fill in the zeros of sparse data
            --solver exact  | --solver exact          | --solver exact takes dense (CSV) data
            softmax         | --loss softmax          | --loss softmax takes dense (CSV) data
            """)
    void refusesWhatSparseRowsCannotTake(String name, String options, String message) {
        Run run = Run.descent(Run.fitArgs(svm, options.split(" ")));
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void aBadLineIsOneErrorNamingFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.svm");
        Files.writeString(bad, "1 1:2\n0 3:1 2:1\n");
        Run run = Run.descent("fit", bad.toString());
        run.assertOneLineError("fit");
        assertEquals("descent fit: " + bad + " line 2: feature index 2 after 3; indices must increase along a line",
                run.err().strip());
    }

    @Test
    void aCommandThatTakesOnlyCsvSaysSo() {
        Run run = Run.descent("explain", "--data", svm.toString(), "--target", "label");
        run.assertOneLineError("explain");
        assertTrue(run.err().contains("is read as a LIBSVM file (sparse rows), which this command does not take"), run.err());
        Run forced = Run.descent("fit", svm.toString(), "--input-format", "csv", "--target", "label");
        forced.assertOneLineError("fit");
        assertTrue(forced.err().contains(svm + " line 1"), forced.err());
    }
}
