package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import dev.descent.train.Fit;
import dev.descent.train.Recipe;
import dev.descent.train.StopReason;
import dev.descent.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on Spark in local mode, two threads, ends where the local trainer ends, to 1e-9 relative. */
class SparkTrainerTest {
    private static SparkSession spark;
    private static final List<String> FEATURES = List.of("a", "b", "c");
    private static double[][] x;
    private static double[] y;

    @BeforeAll
    static void start() {
        // local[2, 4]: two threads, and a failed task tried up to four times, as on a cluster
        spark = SparkSession.builder().master("local[2,4]").appName("descent-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        Random random = new Random(17);
        x = new double[2000][3];
        y = new double[2000];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian() * (j + 1);
            }
            y[i] = 1.5 * x[i][0] - 0.5 * x[i][1] + 0.25 * x[i][2] + 2 + 0.3 * random.nextGaussian();
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * The data as a Dataset<Row> of {@code partitions} partitions, plus one empty one: slices of the rows in order, so
     * every partition holds the same rows in the same order on every run (a shuffle's repartition would not).
     */
    private static org.apache.spark.sql.Dataset<Row> rows(int partitions) {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            rows.add(RowFactory.create(x[i][0], x[i][1], x[i][2], y[i]));
        }
        org.apache.spark.sql.Dataset<Row> data = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), schema);
        return data.union(spark.createDataFrame(List.of(), schema).coalesce(1));
    }

    private static void sameAsLocal(Optimizer optimizer, int epochs, Penalty penalty) throws Exception {
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer.Result onSpark = SparkTrainer.builder().penalty(penalty).optimizer(optimizer)
                .epochs(epochs).build().fit(rows(5), "y", FEATURES, form);
        Fit local = Trainer.builder().optimizer(optimizer).penalty(penalty).epochs(epochs).build()
                .fit(Dataset.of(x, y), LinearModel.zeros(List.of("x1", "x2", "x3"), true));
        double[] expected = local.model().parameters();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], onSpark.parameters()[k], 1e-9 * Math.max(1, Math.abs(expected[k])),
                    optimizer + ", parameter " + k);
        }
        assertEquals(2000, onSpark.rows());
    }

    @Test
    void fullBatchGradientDescentEndsWhereTheLocalTrainerEnds() throws Exception {
        sameAsLocal(new GradientDescent(0.05), 200, Penalty.NONE);
        sameAsLocal(new GradientDescent(0.05), 100, new Penalty(0, 0.1));
    }

    @Test
    void lbfgsEndsWhereTheLocalTrainerEnds() throws Exception {
        sameAsLocal(Lbfgs.standard(), 50, Penalty.NONE);
    }

    /** Calls of the flaky loss's recipe, in this JVM (local mode runs the tasks here). */
    private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheRunEndsTheSame() throws Exception {
        // the recipe's first call is the driver's; the fifth, in some task of some step, fails once
        Recipe<Loss> flaky = () -> {
            if (CALLS.incrementAndGet() == 5) {
                throw new IllegalStateException("an executor's task fails, once");
            }
            return Loss.mse();
        };
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer.Result retried = SparkTrainer.builder().loss(flaky).optimizer(new GradientDescent(0.05))
                .epochs(40).build().fit(rows(5), "y", FEATURES, form);
        assertEquals(true, CALLS.get() > 5, "the failing call was made");
        SparkTrainer.Result unfailed = SparkTrainer.builder().optimizer(new GradientDescent(0.05)).epochs(40).build()
                .fit(rows(5), "y", FEATURES, form);
        // the rerun task sums the same rows, and the partitions' sums are added in their order: the same bits
        org.junit.jupiter.api.Assertions.assertArrayEquals(unfailed.parameters(), retried.parameters());
        Fit local = Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(40).build()
                .fit(Dataset.of(x, y), LinearModel.zeros(List.of("x1", "x2", "x3"), true));
        for (int k = 0; k < 4; k++) {
            assertEquals(local.model().parameters()[k], retried.parameters()[k],
                    1e-9 * Math.max(1, Math.abs(local.model().parameters()[k])), "parameter " + k);
        }
    }

    @Test
    void theNormalEquationsSummedOverPartitionsGiveTheExactFit() throws Exception {
        double[] onSpark = SparkTrainer.leastSquares(rows(5), "y", FEATURES, 0);
        double[] qr = dev.descent.solve.LeastSquares.fit(Dataset.of(x, y), true).parameters();
        for (int k = 0; k < qr.length; k++) {
            assertEquals(qr[k], onSpark[k], 1e-9 * Math.max(1, Math.abs(qr[k])), "parameter " + k);
        }
        double[] ridge = SparkTrainer.leastSquares(rows(3), "y", FEATURES, 50);
        double[] local = dev.descent.solve.NormalEquations.ridge(Dataset.of(x, y), true, 50).parameters();
        for (int k = 0; k < local.length; k++) {
            assertEquals(local[k], ridge[k], 1e-9 * Math.max(1, Math.abs(local[k])), "ridge parameter " + k);
        }
    }

    @Test
    void badDataAndDivergenceAreNamed() {
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        org.junit.jupiter.api.Assertions.assertThrows(dev.descent.train.DivergenceException.class,
                () -> SparkTrainer.builder().optimizer(new GradientDescent(1e4)).epochs(100).build()
                        .fit(rows(2), "y", FEATURES, form));
        StructType text = new StructType().add("a", DataTypes.StringType).add("y", DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> words = spark.createDataFrame(List.of(RowFactory.create("one", 1.0)), text);
        dev.descent.data.DataException named = org.junit.jupiter.api.Assertions.assertThrows(
                dev.descent.data.DataException.class, () -> SparkTrainer.leastSquares(words, "y", List.of("a"), 0));
        assertEquals("column a is string; Descent trains on numbers", named.getMessage());
        org.apache.spark.sql.Dataset<Row> none = rows(2).limit(0);
        dev.descent.data.DataException empty = org.junit.jupiter.api.Assertions.assertThrows(
                dev.descent.data.DataException.class, () -> SparkTrainer.builder().optimizer(new GradientDescent(0.1))
                        .epochs(5).build().fit(none, "y", FEATURES, form));
        assertEquals("the Dataset has no rows", empty.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.leastSquares(rows(2), "y", FEATURES, -1));
    }
    @Test
    void everyEpochIsReportedAsTheLocalTrainerReportsIt() throws Exception {
        List<dev.descent.train.EpochEvent> events = new ArrayList<>();
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer.Result result = SparkTrainer.builder().optimizer(new GradientDescent(0.05)).epochs(30).build()
                .fit(rows(3), "y", FEATURES, form, events::add);
        List<dev.descent.train.EpochEvent> local = new ArrayList<>();
        Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(30).build()
                .fit(Dataset.of(x, y), LinearModel.zeros(List.of("x1", "x2", "x3"), true), local::add);
        assertEquals(30, events.size());
        for (int e = 0; e < 30; e++) {
            assertEquals(e + 1, events.get(e).epoch());
            assertEquals(local.get(e).loss(), events.get(e).loss(), 1e-12 * local.get(e).loss(), "epoch " + (e + 1));
            assertEquals(result.history().loss(e + 1), events.get(e).loss());
        }
        assertEquals(StopReason.MAX_EPOCHS, result.stopReason());
    }

    @Test
    void aToleranceStopsTheRunAsLocally() throws Exception {
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer.Result spark = SparkTrainer.builder().optimizer(new GradientDescent(0.05)).epochs(5000)
                .tolerance(1e-9).build().fit(rows(4), "y", FEATURES, form);
        Fit local = Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(5000).tolerance(1e-9).build()
                .fit(Dataset.of(x, y), LinearModel.zeros(List.of("x1", "x2", "x3"), true));
        assertEquals(StopReason.LOSS_TOLERANCE, spark.stopReason());
        assertEquals(local.epochs(), spark.history().epochs());
    }

    @Test
    void softmaxOnLabelsEndsWhereTheLocalTrainerEnds() throws Exception {
        // three classes named by text, as a CSV's label column would be; the local fit takes their sorted indices
        String[] names = {"cat", "dog", "owl"};
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("animal", DataTypes.StringType);
        List<Row> labelled = new ArrayList<>();
        double[] index = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            index[i] = x[i][0] + 0.5 * x[i][1] > 1 ? 2 : x[i][2] > 0 ? 1 : 0;
            labelled.add(RowFactory.create(x[i][0], x[i][1], x[i][2], names[(int) index[i]]));
        }
        org.apache.spark.sql.Dataset<Row> data = spark.createDataFrame(labelled, schema).repartition(4);
        List<String> classes = SparkTrainer.classes(data, "animal");
        assertEquals(List.of(names), classes);
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, classes, true);
        SparkTrainer.Result spark = SparkTrainer.builder().loss(Softmax::new).optimizer(new GradientDescent(0.5))
                .epochs(60).build().fit(data, "animal", FEATURES, form);
        Fit local = Trainer.builder().loss(new Softmax()).optimizer(new GradientDescent(0.5)).epochs(60).build()
                .fit(Dataset.of(x, index), LinearModel.zeros(List.of("x1", "x2", "x3"), classes, true));
        double[] expected = local.model().parameters();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], spark.parameters()[k], 1e-9 * Math.max(1, Math.abs(expected[k])), "parameter " + k);
        }
        dev.descent.data.DataException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                dev.descent.data.DataException.class,
                () -> SparkTrainer.builder().loss(Softmax::new).epochs(1).build().fit(data, "animal", FEATURES,
                        () -> LinearModel.zeros(FEATURES, List.of("cat", "dog"), true)));
        org.junit.jupiter.api.Assertions.assertTrue(unknown.getMessage().startsWith("column animal holds owl in the row")
                && unknown.getMessage().endsWith("which is not one of the model's classes [cat, dog]"), unknown.getMessage());
    }

    @Test
    void miniBatchesAreSeededSamplesThatConverge() throws Exception {
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer trainer = SparkTrainer.builder().optimizer(new Adam(0.05, 0.9, 0.999, 1e-8)).batchSize(200)
                .seed(7).epochs(20).build();
        SparkTrainer.Result first = trainer.fit(rows(5), "y", FEATURES, form);
        SparkTrainer.Result again = trainer.fit(rows(5), "y", FEATURES, form);
        SparkTrainer.Result otherSeed = SparkTrainer.builder().optimizer(new Adam(0.05, 0.9, 0.999, 1e-8))
                .batchSize(200).seed(8).epochs(20).build().fit(rows(5), "y", FEATURES, form);
        double[] qr = dev.descent.solve.LeastSquares.fit(Dataset.of(x, y), true).parameters();
        double optimum = new dev.descent.train.Objective(Loss.mse(), Dataset.of(x, y))
                .value(LinearModel.zeros(List.of("x1", "x2", "x3"), true).withParameters(qr));
        // the same seed, the same samples, the same sums in the same order: the same bits
        org.junit.jupiter.api.Assertions.assertArrayEquals(first.parameters(), again.parameters());
        for (int k = 0; k < qr.length; k++) {
            assertEquals(qr[k], first.parameters()[k], 0.05, "near the optimum: parameter " + k);
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(first.parameters()[0], otherSeed.parameters()[0]);
        double last = first.history().finalLoss();
        org.junit.jupiter.api.Assertions.assertTrue(last < 1.02 * optimum, last + " against the optimum " + optimum);
        // ten updates an epoch go further than the full batch's one
        SparkTrainer.Result full = SparkTrainer.builder().optimizer(new Adam(0.05, 0.9, 0.999, 1e-8)).epochs(20).build()
                .fit(rows(5), "y", FEATURES, form);
        org.junit.jupiter.api.Assertions.assertTrue(last < full.history().finalLoss());
    }

    @Test
    void aSampleTakesEachRowWithItsProbabilityAndAgainOnARerun() {
        Block block = Block.of(3, java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> RowFactory.create((double) i, 0.0)).iterator(), 1, new int[] {0}, null, Loss.mse());
        SparkObjective.Sample sample = SparkObjective.Sample.of(0.1, 42, 1, 0);
        int[] taken = sample.rows(block);
        // binomial(100000, 0.1): mean 10000, standard deviation about 95
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(taken.length - 10_000) < 500, taken.length + " rows");
        org.junit.jupiter.api.Assertions.assertArrayEquals(taken, sample.rows(block));
        int[] nextStep = SparkObjective.Sample.of(0.1, 42, 1, 1).rows(block);
        int shared = (int) java.util.Arrays.stream(nextStep).filter(i -> java.util.Arrays.binarySearch(taken, i) >= 0)
                .count();
        // independent samples share about 1% of the rows
        org.junit.jupiter.api.Assertions.assertTrue(shared > 700 && shared < 1300, shared + " rows shared");
    }
    @Test
    void aFormulaModelEndsWhereTheLocalTrainerEnds() throws Exception {
        // y = k exp(r a) + m on the first column: the compiled formula's pass on every partition
        dev.descent.expr.Formula formula = dev.descent.expr.Formula.parse("k * exp(r * a) + m");
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        double[] target = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            target[i] = 2 * Math.exp(0.3 * x[i][0]) - 1 + 0.05 * ((i * 7919) % 13 - 6);
            rows.add(RowFactory.create(x[i][0], target[i]));
        }
        org.apache.spark.sql.Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(4);
        double[] start = {1, 0, 0.1}; // k, m, r: parameters in natural order
        Recipe<Model> form = () -> dev.descent.model.FormulaModel.of(parse("k * exp(r * a) + m"), List.of("a"), start);
        SparkTrainer.Result spark = SparkTrainer.builder().optimizer(Lbfgs.standard()).epochs(60).build()
                .fit(data, "y", List.of("a"), form);
        double[] column = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            column[i] = x[i][0];
        }
        Dataset local = new Dataset(column, target, List.of("a"), "y");
        Fit fit = Trainer.builder().optimizer(Lbfgs.standard()).epochs(60).build()
                .fit(local, dev.descent.model.FormulaModel.of(formula, List.of("a"), start));
        double[] expected = fit.model().parameters();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], spark.parameters()[k], 1e-9 * Math.max(1, Math.abs(expected[k])), "parameter " + k);
        }
        assertEquals(2, expected[0], 0.05);
        assertEquals(0.3, expected[2], 0.01);
    }

    private static dev.descent.expr.Formula parse(String text) {
        try {
            return dev.descent.expr.Formula.parse(text);
        } catch (dev.descent.expr.FormulaException e) {
            throw new IllegalArgumentException(e);
        }
    }
    @Test
    void manyPartitionsAreAddedInGroupsInTheSameOrderEveryRun() throws Exception {
        // past InOrder.DIRECT partitions the executors add groups of them; the bits stay the same run after run
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer trainer = SparkTrainer.builder().optimizer(Lbfgs.standard()).epochs(30).build();
        SparkTrainer.Result first = trainer.fit(rows(100), "y", FEATURES, form);
        SparkTrainer.Result again = trainer.fit(rows(100), "y", FEATURES, form);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first.parameters(), again.parameters());
        Fit local = Trainer.builder().optimizer(Lbfgs.standard()).epochs(30).build()
                .fit(Dataset.of(x, y), LinearModel.zeros(List.of("x1", "x2", "x3"), true));
        for (int k = 0; k < 4; k++) {
            assertEquals(local.model().parameters()[k], first.parameters()[k],
                    1e-9 * Math.max(1, Math.abs(local.model().parameters()[k])), "parameter " + k);
        }
        double[] exact = SparkTrainer.leastSquares(rows(100), "y", FEATURES, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(exact, SparkTrainer.leastSquares(rows(100), "y", FEATURES, 0));
    }
    @Test
    void theCachedBlocksTakeEightBytesAValue() throws Exception {
        // the README's memory per executor: 8 (d + 1) bytes a row, as Spark's own storage accounts for the cache
        long[] cached = new long[1];
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer.builder().optimizer(new GradientDescent(0.05)).epochs(1).build().fit(rows(4), "y", FEATURES, form,
                event -> {
                    for (org.apache.spark.storage.RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
                        cached[0] += info.memSize() + info.diskSize();
                    }
                });
        long values = 8L * (FEATURES.size() + 1) * y.length;
        org.junit.jupiter.api.Assertions.assertTrue(cached[0] >= values && cached[0] < 1.1 * values,
                cached[0] + " bytes cached for " + values + " bytes of doubles");
    }
}
