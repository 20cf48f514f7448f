package dev.descent.peers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LeastSquaresGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Spark MLlib in local[*] mode (one JVM, every core). Not timed: starting the session, and building
 * the DataFrame and the RDD, which are cached and counted before any fit, as a Spark user would.
 * What each fit does inside is timed, as a user pays it: spark.ml's LinearRegression turns the cached
 * rows into its own instances (and, for l-bfgs, blocks it persists) on every call.
 *
 * <ul>
 * <li>{@code LinearRegression} (spark.ml) with solver "l-bfgs" and its defaults (100 iterations at most,
 * tol 1e-6, standardisation, no penalty) to its own stop; and with solver "normal", one pass that forms
 * X^T X (what solver "auto" picks at this width).
 * <li>Full-batch gradient descent: spark.mllib's {@code GradientDescent.runMiniBatchSGD}, still public.
 * {@code LinearRegressionWithSGD}, which wrapped it, is deprecated since Spark 2.0 and in 4.2.0 has no
 * public way in (no {@code train}, a Scala package-private constructor). One step per
 * iteration over all rows (one treeAggregate), step size 1/sqrt(t), with the bias as a column of
 * ones as LinearRegressionWithSGD had it. Timed over a few iterations (compare.py divides by their
 * number, so the figure holds each iteration's job start-up and weight broadcast, as Spark pays them),
 * and to its own stop with LinearRegressionWithSGD's defaults (step 1, 100 iterations, convergence
 * tolerance 0.001). Asked for k iterations it runs k + 1 (in 4.2.0 its loop runs while
 * i <= numIterations + 1); its loss history has one entry per pass run, so the count comes from there.
 * </ul>
 */
final class SparkPeer {

    /** Iterations asked of GradientDescent when timing one: it runs one more, and compare.py divides by all of them. */
    private static final int FEW_ITERATIONS = 4;

    static List<Peers.Timing> run(Path path, int n, int d, int repeats) throws Exception {
        // Spark's launcher sets this for Netty; Spark's classes are not loaded yet, so it still counts.
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        SparkSession spark = SparkSession.builder().master("local[*]").appName("descent-peers")
                .config("spark.ui.enabled", false).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            // One block of rows per core, each read from the file by the task that makes it.
            int blocks = context.defaultParallelism();
            List<Integer> blockIds = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                blockIds.add(b);
            }
            String file = path.toString();
            JavaRDD<Row> rows = context.parallelize(blockIds, blocks).flatMap(b -> {
                Peers.Data block = Peers.read(Path.of(file), n, d, (int) ((long) n * b / blocks),
                        (int) ((long) n * (b + 1) / blocks));
                List<Row> out = new ArrayList<>(block.n());
                for (int i = 0; i < block.n(); i++) {
                    out.add(RowFactory.create(block.y()[i], Vectors.dense(block.row(i))));
                }
                return out.iterator();
            });
            StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
                    .add("features", new VectorUDT(), false);
            Dataset<Row> frame = spark.createDataFrame(rows, schema).cache();
            frame.count();
            JavaRDD<Tuple2<Object, org.apache.spark.mllib.linalg.Vector>> points = frame.javaRDD().map(row -> {
                double[] features = ((org.apache.spark.ml.linalg.Vector) row.get(1)).toArray();
                double[] withBias = Arrays.copyOf(features, d + 1);
                withBias[d] = 1;
                return new Tuple2<Object, org.apache.spark.mllib.linalg.Vector>(row.getDouble(0),
                        org.apache.spark.mllib.linalg.Vectors.dense(withBias));
            }).cache();
            points.count();

            String version = spark.version();
            int few = Math.max(1, repeats / 2);
            return List.of(
                    Peers.time("gd_iteration", "Spark " + version + " mllib GradientDescent", repeats,
                            () -> gradientDescent(points, d, FEW_ITERATIONS, 0.0)),
                    Peers.time("to_stop", "Spark " + version + " mllib GradientDescent (step 1, tol 1e-3)", few,
                            () -> gradientDescent(points, d, 100, 0.001)),
                    Peers.time("to_stop", "Spark " + version + " LinearRegression l-bfgs", repeats,
                            () -> linearRegression(frame, "l-bfgs")),
                    Peers.time("to_stop", "Spark " + version + " LinearRegression normal", repeats,
                            () -> linearRegression(frame, "normal")));
        } finally {
            spark.stop();
        }
    }

    private static Peers.Fitted linearRegression(Dataset<Row> frame, String solver) {
        LinearRegressionModel model = new LinearRegression().setSolver(solver).fit(frame);
        return new Peers.Fitted(model.coefficients().toArray(), model.intercept(), model.summary().totalIterations());
    }

    private static Peers.Fitted gradientDescent(JavaRDD<Tuple2<Object, org.apache.spark.mllib.linalg.Vector>> points,
            int d, int iterations, double tolerance) {
        Tuple2<org.apache.spark.mllib.linalg.Vector, double[]> result = GradientDescent.runMiniBatchSGD(points.rdd(),
                new LeastSquaresGradient(), new SimpleUpdater(), 1.0, iterations, 0.0, 1.0,
                org.apache.spark.mllib.linalg.Vectors.zeros(d + 1), tolerance);
        double[] w = result._1().toArray();
        // The loss history has one entry per pass over the data.
        return new Peers.Fitted(Arrays.copyOf(w, d), w[d], result._2().length);
    }

    private SparkPeer() {}
}
