package dev.descent.spark;

import dev.descent.DescentException;
import dev.descent.cli.Engine;
import dev.descent.data.DataException;
import dev.descent.data.SparseDataset;
import dev.descent.data.Standardization;
import dev.descent.loss.Loss;
import dev.descent.loss.Reduction;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import dev.descent.train.TrainingListener;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code descent fit DATA --engine spark}: Spark reads DATA (CSV with a header row, Parquet, or LIBSVM) and
 * {@link SparkTrainer} trains on it, or solves least squares; the command writes the model as for a local fit.
 */
public final class SparkEngine implements Engine {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Trained fit(Job job, TrainingListener listener) throws DescentException {
        boolean running = SparkSession.getDefaultSession().isDefined(); // an application's own, which it stops itself
        SparkSession spark = null;
        try {
            spark = session(job);
            return fit(spark, job, listener);
        } catch (DescentException e) {
            throw e;
        } catch (Exception e) { // Spark's exceptions, some checked but undeclared: one line, the first cause's
            if (e instanceof RuntimeException r && !r.getClass().getName().startsWith("org.apache.spark.")) {
                throw r; // the command's own (a refused option) or a bug, reported as such
            }
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new DescentException("Spark failed: " + String.valueOf(cause.getMessage()).lines().findFirst()
                    .orElse(cause.toString()));
        } finally {
            if (!running && spark != null) {
                spark.stop();
            }
        }
    }

    /**
     * The session for {@code job}: its master, else spark-submit's, else {@code local[*]}. In local mode the driver
     * listens on 127.0.0.1 and shows no console progress bar (the command shows its own). On a cluster, without
     * spark-submit, the executors are sent the jar this class came from (the launcher runs descent-spark.jar), unless
     * {@code --conf spark.jars} says otherwise. {@code --conf} overrides every default.
     */
    private static SparkSession session(Job job) {
        String submitted = System.getProperty("spark.master");
        String master = job.master() != null ? job.master() : submitted != null ? submitted : "local[*]";
        SparkSession.Builder builder = SparkSession.builder().appName("descent fit " + job.data()).master(master)
                .config("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        } else if (submitted == null) {
            String jar = SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            if (jar.endsWith(".jar")) {
                builder.config("spark.jars", jar);
            }
        }
        job.conf().forEach(builder::config);
        return builder.getOrCreate();
    }

    private static Trained fit(SparkSession spark, Job job, TrainingListener listener) throws DescentException {
        Dataset<Row> data = read(spark, job);
        String target = job.format().equals("libsvm") ? "label" : job.target();
        List<String> others = Arrays.stream(data.schema().fieldNames()).filter(name -> !name.equals(target)).toList();
        List<String> features = job.features().isEmpty() ? others : job.features();
        Loss loss = job.loss().get();
        boolean softmax = loss instanceof Softmax;
        try {
            if (job.formula() != null) {
                Start start = job.formula().at(others); // its columns are checked as the blocks are made
                SparkTrainer.Result result = trainer(job).fit(data, target, start.features(), start.recipe(), listener);
                return new Trained(start.model().withParameters(result.parameters()), result.history().finalLoss(),
                        null, target, result.rows(), result.history(), result.stopReason(), result.state(),
                        result.parameters().clone());
            }
            SparkTrainer.checkColumns(data, target, features, softmax);
            if (job.solve() && features.size() + 1 > MAX_SOLVED_PARAMETERS) {
                throw new DataException("--solver normal takes at most " + MAX_SOLVED_PARAMETERS + " parameters; the"
                        + " data have " + (features.size() + 1) + ": train with an --optimizer (lbfgs, say)");
            }
            List<String> classes = softmax ? SparkTrainer.classes(data, target) : List.of();
            LinearModel start = job.linear().at(features, classes);
            Standardization scaling = job.standardize() ? Scaling.learn(data, features, start.hasIntercept()) : null;
            Dataset<Row> trained = scaling == null ? data : Scaling.apply(data, target, features, scaling);
            LinearModel from = scaling == null ? start : scaling.toStandardized(start);
            if (job.solve()) {
                double l2 = job.penalty().l2();
                SparkTrainer.Solution solution = SparkTrainer.solve(trained, target, features,
                        rows -> (loss.reduction() == Reduction.MEAN ? rows : 1) * l2 / 2, job.loss(), job.penalty());
                LinearModel solved = from.withParameters(solution.parameters());
                return new Trained(scaling == null ? solved : scaling.toOriginal(solved), solution.loss(), scaling,
                        target, solution.rows(), null, null, null, null);
            }
            SparkTrainer.Result result = trainer(job).fit(trained, target, features, ModelTransform.recipe(from)::get,
                    listener);
            LinearModel fitted = from.withParameters(result.parameters());
            return new Trained(scaling == null ? fitted : scaling.toOriginal(fitted), result.history().finalLoss(),
                    scaling, target, result.rows(), result.history(), result.stopReason(), result.state(),
                    result.parameters().clone());
        } catch (DataException e) {
            throw new DataException(job.data() + ": " + e.getMessage());
        }
    }

    private static SparkTrainer trainer(Job job) {
        return SparkTrainer.builder().loss(job.loss()).penalty(job.penalty()).optimizer(job.optimizer())
                .schedule(job.schedule()).epochs(job.epochs()).batchSize(job.batchSize()).seed(job.seed())
                .tolerance(job.tolerance()).gradientTolerance(job.gradientTolerance()).build();
    }

    /** The job's data as Spark reads it: CSV with a header row (types inferred), Parquet, or LIBSVM as columns fk. */
    private static Dataset<Row> read(SparkSession spark, Job job) throws DataException {
        try {
            return switch (job.format()) {
                case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(job.data());
                case "parquet" -> spark.read().parquet(job.data());
                case "libsvm" -> columns(spark.read().format("libsvm").load(job.data()));
                default -> throw new IllegalArgumentException("no reader for " + job.format());
            };
        } catch (Exception e) { // Spark's AnalysisException: checked, undeclared
            if (e instanceof IllegalArgumentException bad) {
                throw bad;
            }
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new DataException(job.data() + ": Spark cannot read it as " + job.format() + ": " + message);
        }
    }

    /** LIBSVM's label and vector of features as the label and one column per feature, named as a local read names them. */
    private static Dataset<Row> columns(Dataset<Row> libsvm) {
        int d = AttributeGroup.fromStructField(libsvm.schema().apply("features")).size();
        Column values = org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64");
        List<String> names = SparseDataset.featureNames(d);
        Column[] columns = new Column[d + 1];
        columns[0] = functions.col("label");
        for (int j = 0; j < d; j++) {
            columns[j + 1] = values.getItem(j).as(names.get(j));
        }
        return libsvm.select(columns);
    }
}
