package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.cli.Descent;
import dev.descent.io.ModelFile;
import dev.descent.io.SavedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent fit --engine spark} against the local command on the same files: the same model files to 1e-9, which
 * {@code descent predict} and {@link ModelTransform} apply to the same bits. Each command starts its own local[2]
 * Spark, as it would from a shell.
 */
class SparkFitCommandTest {
    @TempDir
    static Path dir;
    private static Path csv;
    private static Path labelled;
    private static Path svm;

    /** What a command printed and returned. */
    private record Ran(int code, String out, String err) {
    }

    private static Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var command = Descent.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Ran(code, out.toString(), err.toString());
    }

    private static Ran ok(String... args) {
        Ran ran = run(args);
        assertEquals(0, ran.code(), String.join(" ", args) + "\n" + ran.err());
        return ran;
    }

    private static String[] spark(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--engine", "spark", "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=3"));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void files() throws IOException {
        Random random = new Random(5);
        StringBuilder rows = new StringBuilder("a,b,c,y\n");
        StringBuilder classes = new StringBuilder("a,b,kind\n");
        StringBuilder sparse = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            double a = random.nextGaussian();
            double b = 10 * random.nextGaussian();
            double c = random.nextDouble();
            double y = 2 * a - 0.3 * b + 4 * c + 1 + 0.2 * random.nextGaussian();
            rows.append(String.format(Locale.ROOT, "%s,%s,%s,%s%n", a, b, c, y));
            String kind = a + 0.1 * b > 0.5 ? "high" : a < -0.5 ? "low" : "mid";
            classes.append(String.format(Locale.ROOT, "%s,%s,%s%n", a, b, kind));
            sparse.append(String.format(Locale.ROOT, "%s 1:%s%s%n", y, a, i % 3 == 0 ? "" : " 3:" + c));
        }
        csv = Files.writeString(dir.resolve("data.csv"), rows);
        labelled = Files.writeString(dir.resolve("classes.csv"), classes);
        svm = Files.writeString(dir.resolve("data.svm"), sparse);
    }

    private static void sameModel(Path expectedFile, Path actualFile) throws Exception {
        SavedModel expected = ModelFile.read(expectedFile);
        SavedModel actual = ModelFile.read(actualFile);
        assertEquals(expected.model().parameterNames(), actual.model().parameterNames());
        assertEquals(expected.loss(), actual.loss());
        assertEquals(expected.target(), actual.target());
        double[] e = expected.model().parameters();
        double[] a = actual.model().parameters();
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], 1e-9 * Math.max(1, Math.abs(e[k])), expected.model().parameterNames().get(k));
        }
    }

    @Test
    void lbfgsGradientDescentAndMiniBatchesFromTheCommandLine() throws Exception {
        ok("fit", csv.toString(), "--target", "y", "--optimizer", "lbfgs", "--epochs", "60", "--out", dir + "/l.json");
        Ran ran = ok(spark("fit", csv.toString(), "--target", "y", "--optimizer", "lbfgs", "--epochs", "60", "--out",
                dir + "/s.json"));
        sameModel(dir.resolve("l.json"), dir.resolve("s.json"));
        assertTrue(ran.out().startsWith("lbfgs, "), ran.out());
        assertEquals("lbfgs", ModelFile.read(dir.resolve("s.json")).optimizer());

        ok("fit", csv.toString(), "--target", "y", "--lr", "0.002", "--epochs", "80", "--l2", "0.1", "--history",
                dir + "/lh.csv", "--out", dir + "/lg.json");
        ok(spark("fit", csv.toString(), "--target", "y", "--lr", "0.002", "--epochs", "80", "--l2", "0.1", "--history",
                dir + "/sh.csv", "--out", dir + "/sg.json"));
        sameModel(dir.resolve("lg.json"), dir.resolve("sg.json"));
        List<String> local = Files.readAllLines(dir.resolve("lh.csv"));
        List<String> onSpark = Files.readAllLines(dir.resolve("sh.csv"));
        assertEquals(local.get(0), onSpark.get(0));
        assertEquals(local.size(), onSpark.size());
        double lastLocal = Double.parseDouble(local.get(local.size() - 1).split(",")[1]);
        double lastSpark = Double.parseDouble(onSpark.get(onSpark.size() - 1).split(",")[1]);
        assertEquals(lastLocal, lastSpark, 1e-9 * lastLocal);

        JsonNode json = new ObjectMapper().readTree(ok(spark("fit", csv.toString(), "--target", "y", "--optimizer",
                "adam", "--lr", "0.05", "--batch-size", "60", "--epochs", "30", "--standardize", "--format", "json"))
                .out());
        assertEquals("spark", json.get("engine").asText());
        assertEquals(60, json.get("batch_size").asInt());
        assertEquals(2, json.get("weights").get(0).asDouble(), 0.1);
        assertEquals(4, json.get("weights").get(2).asDouble(), 0.2);
    }

    @Test
    void theNormalEquationsAndStandardisedTrainingMatchTheLocalFit() throws Exception {
        ok("fit", csv.toString(), "--target", "y", "--solver", "exact", "--l2", "0.5", "--out", dir + "/le.json");
        ok(spark("fit", csv.toString(), "--target", "y", "--solver", "normal", "--l2", "0.5", "--out", dir + "/se.json"));
        sameModel(dir.resolve("le.json"), dir.resolve("se.json"));
        ok("fit", csv.toString(), "--target", "y", "--standardize", "--lr", "0.1", "--epochs", "50", "--out",
                dir + "/ls.json");
        ok(spark("fit", csv.toString(), "--target", "y", "--standardize", "--lr", "0.1", "--epochs", "50", "--out",
                dir + "/ss.json"));
        sameModel(dir.resolve("ls.json"), dir.resolve("ss.json"));
    }

    @Test
    void libsvmAndParquetAreReadBySpark() throws Exception {
        ok("fit", svm.toString(), "--lr", "0.1", "--epochs", "100", "--out", dir + "/lsvm.json");
        ok(spark("fit", svm.toString(), "--lr", "0.1", "--epochs", "100", "--out", dir + "/ssvm.json"));
        sameModel(dir.resolve("lsvm.json"), dir.resolve("ssvm.json"));

        Path parquet = dir.resolve("data.parquet");
        SparkSession session = session();
        try {
            session.read().option("header", "true").option("inferSchema", "true").csv(csv.toString()).repartition(3)
                    .write().parquet(parquet.toString());
        } finally {
            session.stop();
        }
        ok("fit", csv.toString(), "--target", "y", "--optimizer", "lbfgs", "--epochs", "60", "--out", dir + "/lp.json");
        ok(spark("fit", parquet.toString(), "--target", "y", "--optimizer", "lbfgs", "--epochs", "60", "--out",
                dir + "/sp.json"));
        sameModel(dir.resolve("lp.json"), dir.resolve("sp.json"));
    }

    private static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("descent-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @Test
    void predictAndTheSparkTransformGiveTheSameBits() throws Exception {
        ok(spark("fit", csv.toString(), "--target", "y", "--optimizer", "lbfgs", "--epochs", "40", "--out",
                dir + "/t.json"));
        ok(spark("fit", labelled.toString(), "--target", "kind", "--loss", "softmax", "--lr", "0.5", "--epochs", "40",
                "--out", dir + "/k.json"));
        ok("predict", dir + "/t.json", csv.toString(), "--out", dir + "/t.csv");
        ok("predict", dir + "/k.json", labelled.toString(), "--out", dir + "/k.csv");
        SparkSession session = session();
        try {
            compare(session, dir.resolve("t.json"), csv, dir.resolve("t.csv"));
            compare(session, dir.resolve("k.json"), labelled, dir.resolve("k.csv"));
        } finally {
            session.stop();
        }
        assertEquals(List.of("high", "low", "mid"), ModelFile.read(dir.resolve("k.json")).model().outputNames());
    }

    /** The transform's added columns, row by row, against {@code descent predict}'s CSV: the same text. */
    private static void compare(SparkSession session, Path model, Path data, Path predicted) throws Exception {
        org.apache.spark.sql.Dataset<Row> rows = session.read().option("header", "true").option("inferSchema", "true")
                .csv(data.toString()).coalesce(1);
        int before = rows.columns().length;
        org.apache.spark.sql.Dataset<Row> scored = ModelTransform.transform(ModelFile.read(model), rows);
        List<Row> out = scored.collectAsList();
        List<String> lines = Files.readAllLines(predicted);
        assertEquals(lines.size() - 1, out.size());
        List<String> header = List.of(lines.get(0).split(","));
        org.apache.spark.sql.types.StructType schema = scored.schema();
        assertEquals(header, List.of(schema.fieldNames()).subList(before, schema.fieldNames().length));
        for (int i = 0; i < out.size(); i++) {
            String[] expected = lines.get(i + 1).split(",");
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], String.valueOf(out.get(i).get(before + c)), "row " + i + ", " + header.get(c));
            }
        }
    }

    @Test
    void mistakesAreOneLineAndLeaveNothing() {
        Path model = dir.resolve("never.json");
        Ran missing = run(spark("fit", dir + "/absent.csv", "--target", "y", "--out", model.toString()));
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("descent fit: " + dir + "/absent.csv: Spark cannot read it as csv: "),
                missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
        Ran text = run(spark("fit", labelled.toString(), "--target", "kind", "--out", model.toString()));
        assertEquals(2, text.code());
        assertEquals("descent fit: " + labelled + ": column kind is string; Descent trains on numbers",
                text.err().strip());
        Ran plot = run(spark("fit", csv.toString(), "--target", "y", "--report", dir + "/report.html"));
        assertEquals(2, plot.code());
        assertTrue(plot.err().startsWith("descent fit: --engine spark reads and trains on the cluster; the rows never"
                + " come to this JVM: drop --report"), plot.err());
        Ran diverges = run(spark("fit", csv.toString(), "--target", "y", "--lr", "50", "--out", model.toString()));
        assertEquals(1, diverges.code(), diverges.err());
        assertTrue(diverges.err().contains("learning rate 50"), diverges.err());
        assertFalse(Files.exists(model));
        assertFalse(Files.exists(dir.resolve("report.html")));
    }

    @Test
    void optionsAreCheckedBeforeSparkStartsAndLabelsAsTheRowsAreRead() throws Exception {
        Path model = dir.resolve("refused.json");
        Ran history = run(spark("fit", csv.toString(), "--target", "y", "--solver", "normal", "--history",
                dir + "/h.csv"));
        assertEquals(2, history.code(), history.err());
        assertTrue(history.err().contains("--solver normal has none: drop --history"), history.err());
        Ran epochs = run(spark("fit", csv.toString(), "--target", "y", "--solver", "normal", "--epochs", "5"));
        assertEquals(2, epochs.code(), epochs.err());
        Ran out = run(spark("fit", csv.toString(), "--target", "y", "--out", dir + "/no/such/folder/m.json"));
        assertEquals(2, out.code(), out.err());
        Ran lbfgs = run(spark("fit", csv.toString(), "--target", "y", "--optimizer", "lbfgs", "--l1", "0.1"));
        assertEquals(2, lbfgs.code(), lbfgs.err());
        assertTrue(lbfgs.err().contains("--l1"), lbfgs.err());
        Ran auto = run(spark("fit", csv.toString(), "--target", "y", "--solver", "auto"));
        assertEquals(2, auto.code(), auto.err());
        // labels of -1 and 1, as LIBSVM files often have them: the logistic loss takes 0 or 1
        Path signs = Files.writeString(dir.resolve("signs.svm"), "1 1:0.5\n-1 1:-0.5\n");
        Ran labels = run(spark("fit", signs.toString(), "--loss", "logistic", "--out", model.toString()));
        assertEquals(2, labels.code(), labels.err());
        assertTrue(labels.err().startsWith("descent fit: " + signs + ": column label holds -1.0 in the row"),
                labels.err());
        assertTrue(labels.err().strip().endsWith("the logistic loss takes labels 0 or 1"), labels.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void columnNamesWithDotsAreColumnsNotFields() throws Exception {
        Path dotted = Files.writeString(dir.resolve("dotted.csv"), Files.readString(csv).replaceFirst("a,b,c,y",
                "x.a,x.b,x.c,y.value"));
        ok("fit", dotted.toString(), "--target", "y.value", "--standardize", "--lr", "0.1", "--epochs", "30", "--out",
                dir + "/dl.json");
        ok(spark("fit", dotted.toString(), "--target", "y.value", "--standardize", "--lr", "0.1", "--epochs", "30",
                "--out", dir + "/ds.json"));
        sameModel(dir.resolve("dl.json"), dir.resolve("ds.json"));
    }
    @Test
    void aFormulaTrainsOnSparkAsLocally() throws Exception {
        String[] fit = {"fit", csv.toString(), "--target", "y", "--model", "p*a + q*b + s*exp(c) + t", "--init",
            "p=0.5,q=0", "--optimizer", "lbfgs", "--epochs", "80"};
        ok(concat(fit, "--out", dir + "/lf.json"));
        Ran ran = ok(spark(concat(fit, "--out", dir + "/sf.json", "--history", dir + "/sf.csv")));
        dev.descent.io.SavedFile local = ModelFile.readAny(dir.resolve("lf.json"));
        dev.descent.io.SavedFile onSpark = ModelFile.readAny(dir.resolve("sf.json"));
        dev.descent.model.FormulaModel expected = ((dev.descent.io.SavedFormula) local).model();
        dev.descent.model.FormulaModel actual = ((dev.descent.io.SavedFormula) onSpark).model();
        assertEquals(expected.formula().text(), actual.formula().text());
        assertEquals(expected.parameterNames(), actual.parameterNames());
        for (int k = 0; k < expected.parameters().length; k++) {
            assertEquals(expected.parameters()[k], actual.parameters()[k], 1e-9 * Math.max(1,
                    Math.abs(expected.parameters()[k])), expected.parameterNames().get(k));
        }
        assertTrue(ran.out().contains("p "), ran.out());
        ok("predict", dir + "/sf.json", csv.toString(), "--out", dir + "/sf-predictions.csv");
        assertEquals(601, Files.readAllLines(dir.resolve("sf-predictions.csv")).size());
        Ran bounds = run(spark(concat(fit, "--bounds", "p=0:1")));
        assertEquals(2, bounds.code());
        assertTrue(bounds.err().contains("--bounds and --sigma go with --optimizer lm"), bounds.err());
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
