package dev.descent.spark;

import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.Model;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
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
     * Trains the model that {@code form} makes (its parameters the start) on {@code data}'s column {@code target}
     * from its columns {@code features}.
     */
    public Result fit(Dataset<Row> data, String target, List<String> features, Recipe<Model> form) {
        int targetAt = data.schema().fieldIndex(target);
        int[] featuresAt = features.stream().mapToInt(name -> data.schema().fieldIndex(name)).toArray();
        JavaRDD<Block> blocks = data.toJavaRDD().mapPartitions(rows -> List.of(Block.of(rows, targetAt, featuresAt))
                .iterator()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long rows = blocks.map(Block::rowCount).reduce(Integer::sum);
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
                state.advanceEpoch();
                losses[ran++] = value;
            }
            return new Result(theta, Arrays.copyOf(losses, ran), rows);
        } finally {
            blocks.unpersist(false);
        }
    }
}
