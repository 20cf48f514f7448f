package dev.descent.spark;

import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;
import dev.descent.model.Model;
import dev.descent.train.Objective;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * The training loss and its gradient over a cached RDD of blocks: the parameters broadcast, each partition's loss and
 * gradient sums computed by the core's own code (the fused linear pass, the compiled formula), the sums combined by
 * treeAggregate, reduced and penalised on the driver. Sums from the partitions are combined in the order Spark returns
 * them, so the last bits may differ from one run to the next and from a local fit (by about 1e-16 per addition).
 */
final class SparkObjective {
    private final JavaRDD<Block> blocks;
    private final Recipe<Loss> lossRecipe;
    private final Loss loss;
    private final Penalty penalty;
    private final Recipe<Model> formRecipe;
    private final Model form;
    private final List<String> names;
    private final long rows;

    SparkObjective(JavaRDD<Block> blocks, Recipe<Loss> loss, Penalty penalty, Recipe<Model> form, List<String> names,
                   long rows) {
        this.blocks = blocks;
        this.lossRecipe = loss;
        this.loss = loss.get();
        this.penalty = penalty;
        this.formRecipe = form;
        this.form = form.get();
        this.names = List.copyOf(names);
        this.rows = rows;
    }

    /** The partial sums a partition sends: the loss summed over its rows, then the gradient's sums. */
    private static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        double loss;
        double[] gradient;

        Sums(int p) {
            gradient = new double[p];
        }

        Sums add(Sums other) {
            loss += other.loss;
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] += other.gradient[k];
            }
            return this;
        }
    }

    /** Writes the gradient of the reduced, penalised loss at {@code theta} into {@code gradient}; returns the loss. */
    double valueAndGradient(double[] theta, double[] gradient) {
        Broadcast<double[]> at = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(blocks.context())
                .broadcast(theta);
        int p = theta.length;
        Recipe<Model> model = formRecipe;
        Recipe<Loss> lossRecipe = this.lossRecipe;
        List<String> columns = names;
        Sums total;
        try {
            total = blocks.treeAggregate(new Sums(p), (sums, block) -> {
                if (block.rowCount() == 0) {
                    return sums;
                }
                double[] g = new double[p];
                // the core's pass gives the block's reduced loss: for a mean, its rows times that is the block's sum
                Loss lossFunction = lossRecipe.get();
                Objective objective = new Objective(lossFunction, block.dataset(columns));
                double value = objective.valueAndGradient(model.get(), at.value(), g);
                double n = lossFunction.reduction() == Reduction.MEAN ? block.rowCount() : 1;
                Sums part = new Sums(p);
                part.loss = value * n;
                for (int k = 0; k < p; k++) {
                    part.gradient[k] = g[k] * n;
                }
                return sums.add(part);
            }, Sums::add, 2);
        } finally {
            at.destroy();
        }
        double factor = loss.reduction() == Reduction.MEAN ? 1.0 / rows : 1; // rows may pass 2^31
        for (int k = 0; k < p; k++) {
            gradient[k] = total.gradient[k] * factor;
        }
        double value = total.loss * factor;
        if (!penalty.isNone()) {
            penalty.addSmoothGradient(theta, form::penalised, gradient);
            value += penalty.value(theta, form::penalised);
        }
        return value;
    }
}
