package dev.descent.spark;

import dev.descent.data.DataException;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.Model;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import dev.descent.train.DivergenceException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Full-batch training on a Spark {@code Dataset<Row>}: the rows are turned into blocks of doubles once per partition
 * and cached; each step evaluates the loss and gradient on the executors ({@link SparkObjective}) and runs the core's
 * optimizer on the driver, as the local trainer's full-batch epochs run it, so both end at the same parameters (to
 * the rounding of the sums' order).
 */
public final class SparkTrainer {
    private final Recipe<Loss> loss;
    private final Penalty penalty;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final int epochs;

    public SparkTrainer(Recipe<Loss> loss, Penalty penalty, Optimizer optimizer, Schedule schedule, int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
        }
        if (optimizer instanceof Lbfgs && penalty.l1() > 0) {
            throw new IllegalArgumentException("L-BFGS needs a smooth loss; an L1 penalty is not differentiable at 0");
        }
        this.loss = loss;
        this.penalty = penalty;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.epochs = epochs;
    }

    /** The fitted parameters and the loss after each epoch. */
    public record Result(double[] parameters, double[] losses, long rows) {
    }

    /**
     * The exact least-squares (ridge, with {@code lambda}: the summed squared error plus {@code lambda ||w||^2}) linear
     * model on {@code data}, by the normal equations: each partition sums its {@code X^T X} and {@code X^T y} with the
     * core's Gram pass, the driver adds them and solves, then refines with the data's gradient, one distributed pass a
     * step, as the local normal equations do. For few features: the driver holds p x p numbers. Returns the weights in
     * the order of {@code columns}, then the intercept (always fitted).
     */
    public static double[] leastSquares(Dataset<Row> data, String target, List<String> columns, double lambda)
            throws DataException {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        List<String> features = List.copyOf(columns);
        JavaRDD<Block> blocks = blocks(data, target, features);
        try {
            int d = features.size();
            int p = d + 1;
            long rows = rows(blocks);
            if (rows < p && lambda == 0) {
                throw new DataException("the fit has " + p + " parameters but the data only " + rows + " rows; it needs"
                        + " at least " + p);
            }
            double[][] sums = blocks.treeAggregate(new double[][] {new double[p * p], new double[p]}, (total, block) -> {
                if (block.rowCount() == 0) {
                    return total;
                }
                dev.descent.kernel.GramPass.Normal normal = new dev.descent.kernel.GramPass(block.x, block.y, block.d, true)
                        .compute(1);
                return add(total, new double[][] {normal.gram(), normal.moments()});
            }, SparkTrainer::add, 2);
            SparkObjective squares = new SparkObjective(blocks, Loss::sse, Penalty.NONE,
                    () -> dev.descent.model.LinearModel.zeros(features, true), features, rows);
            String[] names = new String[p];
            for (int j = 0; j < d; j++) {
                names[j] = features.get(j);
            }
            names[d] = "the intercept";
            return dev.descent.solve.NormalEquations.solve(new dev.descent.kernel.GramPass.Normal(sums[0], sums[1], p), d,
                    lambda, names, squares::valueAndGradient);
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

    /** The rows in all blocks, refused when there are none. */
    private static long rows(JavaRDD<Block> blocks) throws DataException {
        long rows = blocks.map(block -> (long) block.rowCount()).fold(0L, Long::sum);
        if (rows == 0) {
            throw new DataException("the Dataset has no rows");
        }
        return rows;
    }

    /**
     * {@code data}'s rows as blocks of doubles, one a partition, cached: made once, read at every step. The columns
     * must be numbers (checked here, on the driver).
     */
    private static JavaRDD<Block> blocks(Dataset<Row> data, String target, List<String> features) throws DataException {
        for (String column : java.util.stream.Stream.concat(java.util.stream.Stream.of(target), features.stream()).toList()) {
            if (!java.util.Arrays.asList(data.schema().fieldNames()).contains(column)) {
                throw new DataException("no column " + column + "; the Dataset has " + java.util.Arrays.toString(
                        data.schema().fieldNames()));
            }
            if (!(data.schema().apply(column).dataType() instanceof org.apache.spark.sql.types.NumericType)) {
                throw new DataException("column " + column + " is " + data.schema().apply(column).dataType()
                        .simpleString() + "; Descent trains on numbers");
            }
        }
        int targetAt = data.schema().fieldIndex(target);
        int[] featuresAt = features.stream().mapToInt(name -> data.schema().fieldIndex(name)).toArray();
        return data.toJavaRDD().mapPartitions(rows -> List.of(Block.of(rows, targetAt, featuresAt)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Trains the model that {@code form} makes (its parameters the start) on {@code data}'s column {@code target}
     * from its columns {@code features}.
     */
    public Result fit(Dataset<Row> data, String target, List<String> columns, Recipe<Model> form)
            throws DataException, DivergenceException {
        List<String> features = List.copyOf(columns);
        JavaRDD<Block> blocks = blocks(data, target, features);
        try {
            long rows = rows(blocks);
            SparkObjective objective = new SparkObjective(blocks, loss, penalty, form, features, rows);
            Model start = form.get();
            double[] theta = start.parameters();
            double[] gradient = new double[theta.length];
            OptimizerState state = optimizer.start(start);
            double value = objective.valueAndGradient(theta, gradient);
            double[] losses = new double[epochs];
            int ran = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                state.setLearningRate(optimizer.learningRate() * schedule.factor((int) state.epochs()));
                if (optimizer instanceof Lbfgs lbfgs) {
                    OptionalDouble next = lbfgs.iterate(theta, gradient, value, objective::valueAndGradient, state);
                    if (next.isEmpty()) {
                        break;
                    }
                    value = next.getAsDouble();
                } else {
                    ((UpdateRule) optimizer).step(theta, gradient, state);
                    penalty.proximal(theta, start::penalised, state.learningRate());
                    value = objective.valueAndGradient(theta, gradient);
                }
                if (!Double.isFinite(value)) {
                    throw new DivergenceException("the loss became " + value + " at epoch " + epoch + ": learning rate "
                            + optimizer.learningRate() + " is probably too large; try a smaller one", epoch);
                }
                state.advanceEpoch();
                losses[ran++] = value;
            }
            return new Result(theta, Arrays.copyOf(losses, ran), rows);
        } finally {
            blocks.unpersist(false);
        }
    }
}
