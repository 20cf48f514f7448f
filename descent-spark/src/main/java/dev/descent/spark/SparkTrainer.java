package dev.descent.spark;

import dev.descent.data.ClassLabels;
import dev.descent.data.DataException;
import dev.descent.kernel.GramPass;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import dev.descent.solve.NormalEquations;
import dev.descent.train.DivergenceException;
import dev.descent.train.EpochEvent;
import dev.descent.train.History;
import dev.descent.train.Recipe;
import dev.descent.train.StopReason;
import dev.descent.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;

/**
 * Training on a Spark {@code Dataset<Row>}: the rows are turned into blocks of doubles once per partition and cached;
 * each step evaluates the loss and gradient on the executors ({@link SparkObjective}) and runs the core's optimizer on
 * the driver, as the local trainer's epochs run it, so that full-batch training ends at the local trainer's parameters
 * (to the rounding of the sums' order). Mini-batches are samples of every partition's rows, seeded.
 */
public final class SparkTrainer {
    private final Recipe<Loss> loss;
    private final Penalty penalty;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final int epochs;
    private final long batchSize;
    private final long seed;
    private final double tolerance;
    private final double gradientTolerance;

    private SparkTrainer(Builder b) {
        if (b.epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + b.epochs);
        }
        if (b.optimizer instanceof Lbfgs && b.penalty.l1() > 0) {
            throw new IllegalArgumentException("L-BFGS needs a smooth loss; an L1 penalty is not differentiable at 0");
        }
        if (b.optimizer instanceof Lbfgs && !(b.schedule instanceof Schedule.Constant)) {
            throw new IllegalArgumentException("L-BFGS chooses its own step lengths by line search; a schedule would be"
                    + " ignored");
        }
        if (b.optimizer instanceof Lbfgs && b.batchSize > 0) {
            throw new IllegalArgumentException("L-BFGS uses the full batch; a batch size does not apply");
        }
        if (b.batchSize < 0) {
            throw new IllegalArgumentException("the batch size must be at least 1 (0 for the full batch), got " + b.batchSize);
        }
        if (!(b.tolerance >= 0) || !(b.gradientTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got " + b.tolerance + " and " + b.gradientTolerance);
        }
        this.loss = Objects.requireNonNull(b.loss, "loss");
        this.penalty = b.penalty;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.tolerance = b.tolerance;
        this.gradientTolerance = b.gradientTolerance;
    }

    /** A trainer of the mean squared error by full-batch gradient descent at 0.01 for 1000 epochs, until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of a {@link SparkTrainer}, those of the local trainer that apply on Spark. */
    public static final class Builder {
        private Recipe<Loss> loss = Loss::mse;
        private Penalty penalty = Penalty.NONE;
        private Optimizer optimizer = new GradientDescent(0.01);
        private Schedule schedule = Schedule.constant();
        private int epochs = 1000;
        private long batchSize;
        private long seed = 42;
        private double tolerance;
        private double gradientTolerance;

        private Builder() {
        }

        /** How each executor makes the loss, such as {@code Loss::mse} or {@code () -> new Huber(2)}. */
        public Builder loss(Recipe<Loss> recipe) {
            this.loss = recipe;
            return this;
        }

        public Builder penalty(Penalty value) {
            this.penalty = Objects.requireNonNull(value);
            return this;
        }

        public Builder optimizer(Optimizer value) {
            this.optimizer = Objects.requireNonNull(value);
            return this;
        }

        public Builder schedule(Schedule value) {
            this.schedule = Objects.requireNonNull(value);
            return this;
        }

        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        /**
         * Rows per update, on average: each epoch takes rows / size updates, each on a sample of every partition that
         * holds each row with probability size / rows (0, the default: the full batch).
         */
        public Builder batchSize(long value) {
            this.batchSize = value;
            return this;
        }

        /** The seed of the mini-batch samples. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Stop when the loss changes by at most this times max(1, |loss|) in an epoch (0: never). */
        public Builder tolerance(double value) {
            this.tolerance = value;
            return this;
        }

        /** Stop when every component of the gradient is at most this (0: never). */
        public Builder gradientTolerance(double value) {
            this.gradientTolerance = value;
            return this;
        }

        public SparkTrainer build() {
            return new SparkTrainer(this);
        }
    }

    /**
     * What training produced.
     *
     * @param parameters the fitted parameters, in the model's order
     * @param history    the loss at the start, then the loss and parameters after every epoch
     * @param rows       the rows trained on
     * @param stopReason why training stopped
     * @param state      the optimizer's state at the end
     */
    public record Result(double[] parameters, History history, long rows, StopReason stopReason, OptimizerState state) {
    }

    /**
     * The labels of {@code data}'s column {@code target}, sorted (numbers by value, then text): the classes of a softmax
     * model, one job over the distinct values. A label is its cell as text.
     */
    public static List<String> classes(Dataset<Row> data, String target) throws DataException {
        column(data, target);
        List<String> seen = new ArrayList<>();
        for (Row row : data.select(quoted(target)).distinct().collectAsList()) {
            if (row.isNullAt(0)) {
                throw new DataException("column " + target + " holds a null label; drop or fill those rows first");
            }
            seen.add(row.get(0).toString());
        }
        if (seen.isEmpty()) {
            throw new DataException("the Dataset has no rows");
        }
        return ClassLabels.sorted(seen).names();
    }

    /**
     * Trains the model that {@code form} makes (its parameters the start) on {@code data}'s column {@code target} from
     * its columns {@code features}. For a softmax loss the model's outputs are the classes (see {@link #classes}).
     */
    public Result fit(Dataset<Row> data, String target, List<String> features, Recipe<Model> form)
            throws DataException, DivergenceException {
        return fit(data, target, features, form, TrainingListener.NONE);
    }

    /** As {@link #fit(Dataset, String, List, Recipe)}, telling {@code listener} of every epoch as it ends. */
    public Result fit(Dataset<Row> data, String target, List<String> features, Recipe<Model> form,
                      TrainingListener listener) throws DataException, DivergenceException {
        Model start = form.get();
        List<String> classes = null;
        if (loss.get() instanceof Softmax) {
            if (!(start instanceof LinearModel linear) || linear.outputCount() < 2) {
                throw new IllegalArgumentException("a softmax fit needs a linear model with one output per class");
            }
            classes = linear.outputNames();
        }
        List<String> columns = List.copyOf(features);
        JavaRDD<Block> blocks = blocks(data, target, columns, classes, loss);
        try {
            long rows = rows(blocks);
            return new Run(new SparkObjective(blocks, loss, penalty, form, columns, rows), start, rows, listener).train();
        } finally {
            blocks.unpersist(false);
        }
    }

    /** One training run: the optimizer's loop on the driver. */
    private final class Run {
        private final SparkObjective objective;
        private final Model form;
        private final long rows;
        private final TrainingListener listener;
        private final double[] theta;
        private final double[] gradient;
        private final OptimizerState state;

        Run(SparkObjective objective, Model form, long rows, TrainingListener listener) {
            this.objective = objective;
            this.form = form;
            this.rows = rows;
            this.listener = listener;
            this.theta = form.parameters();
            this.gradient = new double[theta.length];
            this.state = optimizer.start(form);
        }

        Result train() throws DivergenceException {
            double value = objective.valueAndGradient(theta, gradient);
            checkFinite(value, 0);
            double initial = value;
            List<double[]> path = new ArrayList<>();
            double[] losses = new double[epochs];
            StopReason reason = StopReason.MAX_EPOCHS;
            int rises = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                state.setLearningRate(optimizer.learningRate() * schedule.factor((int) state.epochs()));
                double previous = value;
                if (optimizer instanceof Lbfgs lbfgs) {
                    OptionalDouble next = lbfgs.iterate(theta, gradient, value, objective::valueAndGradient, state);
                    if (next.isEmpty()) {
                        reason = StopReason.NO_PROGRESS;
                        break;
                    }
                    value = next.getAsDouble();
                } else {
                    value = epochOfUpdates((UpdateRule) optimizer, epoch);
                }
                checkFinite(value, epoch);
                state.advanceEpoch();
                rises = value > previous ? rises + 1 : 0;
                if (rises >= dev.descent.train.Trainer.GROWTH_LIMIT && value > initial) {
                    throw new DivergenceException(String.format(java.util.Locale.ROOT, "the loss grew for %d epochs in"
                            + " a row, to %s at epoch %d (it started at %s): the learning rate %s is probably too large;"
                            + " try a smaller one", rises, value, epoch, initial, optimizer.learningRate()), epoch);
                }
                losses[path.size()] = value;
                path.add(theta.clone());
                if (listener != TrainingListener.NONE) {
                    listener.onEpoch(new EpochEvent(epoch, value, theta.clone(), gradient.clone()));
                }
                if (gradientTolerance > 0 && maxAbs(gradient) <= gradientTolerance) {
                    reason = StopReason.GRADIENT_TOLERANCE;
                    break;
                }
                if (tolerance > 0 && Math.abs(previous - value) <= tolerance * Math.max(1, Math.abs(value))) {
                    reason = StopReason.LOSS_TOLERANCE;
                    break;
                }
            }
            int ran = path.size();
            double[] noValidation = new double[ran];
            Arrays.fill(noValidation, Double.NaN);
            History history = History.restored(form.parameterNames(), initial, Arrays.copyOf(losses, ran), noValidation,
                    path);
            return new Result(theta, history, rows, reason, state);
        }

        /**
         * One epoch: one update on the full batch, or rows / batch size updates on seeded samples. Returns the loss on
         * every row after it, its gradient in {@code gradient}.
         */
        private double epochOfUpdates(UpdateRule rule, int epoch) {
            if (batchSize == 0 || batchSize >= rows) {
                rule.step(theta, gradient, state);
                penalty.proximal(theta, form::penalised, state.learningRate());
                return objective.valueAndGradient(theta, gradient);
            }
            double fraction = (double) batchSize / rows;
            long steps = (rows + batchSize - 1) / batchSize;
            double[] batchGradient = new double[theta.length];
            for (long step = 0; step < steps; step++) {
                if (objective.batch(theta, batchGradient, SparkObjective.Sample.of(fraction, seed, epoch, step))
                        .rows() == 0) {
                    continue; // a sample without rows: no update
                }
                rule.step(theta, batchGradient, state);
                penalty.proximal(theta, form::penalised, state.learningRate());
            }
            return objective.valueAndGradient(theta, gradient);
        }

        private void checkFinite(double value, int epoch) throws DivergenceException {
            String where = epoch == 0 ? "the starting parameters" : "epoch " + epoch;
            if (!Double.isFinite(value)) {
                throw new DivergenceException(epoch == 0 ? "the loss at the starting parameters is " + value + ": the"
                        + " starting parameters or the data overflow double precision" : "the loss became " + value
                        + " at " + where + ": the learning rate " + optimizer.learningRate() + " is probably too large;"
                        + " try a smaller one", epoch);
            }
            for (int k = 0; k < gradient.length; k++) {
                if (!Double.isFinite(gradient[k])) {
                    throw new DivergenceException("the gradient with respect to " + form.parameterNames().get(k) + " is "
                            + gradient[k] + " at " + where + ", though the loss is finite: the model's derivative is"
                            + " undefined on some row", epoch);
                }
            }
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v)); // NaN propagates
        }
        return max;
    }

    /**
     * The exact least-squares (ridge, with {@code lambda}: the summed squared error plus {@code lambda ||w||^2}) linear
     * model on {@code data}, by the normal equations: each partition sums its {@code X^T X} and {@code X^T y} with the
     * core's Gram pass, the driver adds them and solves, then refines with the data's gradient, one distributed pass a
     * step, as the local normal equations do. For few features: each task and the driver hold p x p numbers. Returns
     * the weights in the order of {@code columns}, then the intercept (always fitted).
     */
    public static double[] leastSquares(Dataset<Row> data, String target, List<String> columns, double lambda)
            throws DataException {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        return solve(data, target, columns, rows -> lambda, Loss::sse, Penalty.NONE).parameters();
    }

    /** A least-squares solution, the rows it fits, and {@code loss} plus the penalty at it. */
    record Solution(double[] parameters, long rows, double loss) {
    }

    /**
     * As {@link #leastSquares}, with lambda as a function of the rows (a mean loss's penalty weighs n times more
     * against the summed error), and the objective of {@code loss} and {@code penalty} taken at the solution on the
     * same cached blocks.
     */
    static Solution solve(Dataset<Row> data, String target, List<String> columns,
                          java.util.function.LongToDoubleFunction lambdaOfRows, Recipe<Loss> loss, Penalty penalty)
            throws DataException {
        List<String> features = List.copyOf(columns);
        JavaRDD<Block> blocks = blocks(data, target, features, null, Loss::sse);
        try {
            int d = features.size();
            int p = d + 1;
            long rows = rows(blocks);
            double lambda = lambdaOfRows.applyAsDouble(rows);
            if (rows < p && lambda == 0) {
                throw new DataException("the fit has " + p + " parameters but the data only " + rows + " rows; it needs"
                        + " at least " + p);
            }
            double[][] sums = InOrder.sum(blocks.map(block -> {
                if (block.rowCount() == 0) {
                    return new double[][] {new double[p * p], new double[p]};
                }
                GramPass.Normal normal = new GramPass(block.x, block.y, block.d, true).compute(1);
                return new double[][] {normal.gram(), normal.moments()};
            }), SparkTrainer::add, 8L * p * (p + 1));
            Recipe<Model> form = () -> LinearModel.zeros(features, true);
            SparkObjective squares = new SparkObjective(blocks, Loss::sse, Penalty.NONE, form, features, rows);
            String[] names = new String[p];
            for (int j = 0; j < d; j++) {
                names[j] = features.get(j);
            }
            names[d] = "the intercept";
            double[] solved = NormalEquations.solve(new GramPass.Normal(sums[0], sums[1], p), d, lambda, names,
                    squares::valueAndGradient);
            double value = new SparkObjective(blocks, loss, penalty, form, features, rows)
                    .valueAndGradient(solved, new double[p]);
            return new Solution(solved, rows, value);
        } finally {
            blocks.unpersist(false);
        }
    }

    private static double[][] add(double[][] a, double[][] b) {
        for (int part = 0; part < a.length; part++) {
            for (int k = 0; k < a[part].length; k++) {
                a[part][k] += b[part][k];
            }
        }
        return a;
    }

    /**
     * The rows in all blocks, refused when there are none. The first job on the blocks, which makes them: a row an
     * executor refused fails it (after Spark's retries), and is named here as bad data.
     */
    private static long rows(JavaRDD<Block> blocks) throws DataException {
        long rows;
        try {
            rows = blocks.map(block -> (long) block.rowCount()).fold(0L, Long::sum);
        } catch (Exception e) { // SparkException, checked but undeclared
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Block.BadRow bad) {
                    throw new DataException(bad.getMessage());
                }
            }
            throw e;
        }
        if (rows == 0) {
            throw new DataException("the Dataset has no rows");
        }
        return rows;
    }

    /** Refuses columns that {@code data} lacks, or that hold no numbers (but for the labels of a classifier). */
    static void checkColumns(Dataset<Row> data, String target, List<String> features, boolean labels)
            throws DataException {
        column(data, target);
        if (!labels) {
            checkColumns(data, List.of(target));
        }
        checkColumns(data, features);
    }

    /** Refuses {@code columns} that {@code data} lacks or that hold no numbers. */
    static void checkColumns(Dataset<Row> data, List<String> columns) throws DataException {
        for (String column : columns) {
            column(data, column);
            if (!(data.schema().apply(column).dataType() instanceof NumericType)) {
                throw new DataException("column " + column + " is " + data.schema().apply(column).dataType().simpleString()
                        + "; Descent trains on numbers");
            }
        }
    }

    /** The column named {@code name}, quoted: a dot in a name does not reach into a struct. */
    static org.apache.spark.sql.Column quoted(String name) {
        return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
    }

    /** Refuses a {@code column} that {@code data} does not have. */
    private static void column(Dataset<Row> data, String column) throws DataException {
        if (!Arrays.asList(data.schema().fieldNames()).contains(column)) {
            throw new DataException("no column " + column + "; the Dataset has " + Arrays.toString(data.schema().fieldNames()));
        }
    }

    /**
     * {@code data}'s rows as blocks of doubles, one a partition, cached: made once, read at every step. The columns
     * must be numbers (checked here, on the driver), but for the target of a softmax fit, which holds {@code classes};
     * every other target must be one {@code loss} takes (0 or 1 for the logistic loss, checked as the rows are read).
     */
    private static JavaRDD<Block> blocks(Dataset<Row> data, String target, List<String> features, List<String> classes,
                                         Recipe<Loss> loss) throws DataException {
        checkColumns(data, target, features, classes != null);
        int targetAt = data.schema().fieldIndex(target);
        int[] featuresAt = features.stream().mapToInt(name -> data.schema().fieldIndex(name)).toArray();
        List<String> labels = classes == null ? null : List.copyOf(classes);
        return data.toJavaRDD().mapPartitionsWithIndex((partition, rows) ->
                        List.of(Block.of(partition, rows, targetAt, featuresAt, labels, loss.get())).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
    }
}
