package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Schedule;
import dev.descent.train.Fit;
import dev.descent.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** The data as a Dataset<Row> of {@code partitions} partitions, plus one empty one. */
    private static org.apache.spark.sql.Dataset<Row> rows(int partitions) {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            rows.add(RowFactory.create(x[i][0], x[i][1], x[i][2], y[i]));
        }
        org.apache.spark.sql.Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(partitions);
        return data.union(spark.createDataFrame(List.of(), schema).coalesce(1));
    }

    private static void sameAsLocal(Optimizer optimizer, int epochs, Penalty penalty) throws Exception {
        Recipe<Model> form = () -> LinearModel.zeros(FEATURES, true);
        SparkTrainer.Result onSpark = new SparkTrainer(Loss::mse, penalty, optimizer, Schedule.constant(), epochs)
                .fit(rows(5), "y", FEATURES, form);
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
        SparkTrainer.Result retried = new SparkTrainer(flaky, Penalty.NONE, new GradientDescent(0.05),
                Schedule.constant(), 40).fit(rows(5), "y", FEATURES, form);
        assertEquals(true, CALLS.get() > 5, "the failing call was made");
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
                () -> new SparkTrainer(Loss::mse, Penalty.NONE, new GradientDescent(1e4), Schedule.constant(), 100)
                        .fit(rows(2), "y", FEATURES, form));
        StructType text = new StructType().add("a", DataTypes.StringType).add("y", DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> words = spark.createDataFrame(List.of(RowFactory.create("one", 1.0)), text);
        dev.descent.data.DataException named = org.junit.jupiter.api.Assertions.assertThrows(
                dev.descent.data.DataException.class, () -> SparkTrainer.leastSquares(words, "y", List.of("a"), 0));
        assertEquals("column a is string; Descent trains on numbers", named.getMessage());
        org.apache.spark.sql.Dataset<Row> none = rows(2).limit(0);
        dev.descent.data.DataException empty = org.junit.jupiter.api.Assertions.assertThrows(
                dev.descent.data.DataException.class, () -> new SparkTrainer(Loss::mse, Penalty.NONE,
                        new GradientDescent(0.1), Schedule.constant(), 5).fit(none, "y", FEATURES, form));
        assertEquals("the Dataset has no rows", empty.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.leastSquares(rows(2), "y", FEATURES, -1));
    }
}
