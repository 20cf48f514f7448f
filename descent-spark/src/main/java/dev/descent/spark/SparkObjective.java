package dev.descent.spark;

import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;
import dev.descent.model.Model;
import dev.descent.train.Objective;
import dev.descent.train.Recipe;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The training loss and its gradient over a cached RDD of blocks: the parameters broadcast, each partition's loss and
 * gradient sums computed by the core's own code (the fused linear pass, the compiled formula), the sums added in the
 * partitions' order ({@link InOrder}: the same bits every run), reduced and penalised on the driver. A local fit adds
 * its rows in other groups, so the two differ in the last bits (by about 1e-16 per addition).
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

    /**
     * A mini-batch: every row of every partition taken with probability {@code fraction}, drawn from a stream seeded by
     * {@code seed} and the partition's index, so a step's sample is the same however often Spark reruns its tasks.
     */
    record Sample(double fraction, long seed) implements Serializable {
        /** The sample of step {@code step} of epoch {@code epoch} of a run seeded {@code seed}. */
        static Sample of(double fraction, long seed, int epoch, long step) {
            return new Sample(fraction, mix(mix(seed, epoch), step));
        }

        /** The rows of {@code block} in the sample, in order. */
        int[] rows(Block block) {
            SplittableRandom random = new SplittableRandom(mix(seed, block.partition));
            int[] taken = new int[block.rowCount()];
            int n = 0;
            for (int i = 0; i < taken.length; i++) {
                if (random.nextDouble() < fraction) {
                    taken[n++] = i;
                }
            }
            return java.util.Arrays.copyOf(taken, n);
        }

        /** Two numbers hashed into one (SplittableRandom's first output is a strong mix of its seed). */
        private static long mix(long a, long b) {
            return new SplittableRandom(new SplittableRandom(a).nextLong() ^ b).nextLong();
        }
    }

    /** The partial sums a partition sends: the loss summed over its rows, the gradient's sums, the rows summed. */
    private static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        double loss;
        final double[] gradient;
        long rows;

        Sums(int p) {
            gradient = new double[p];
        }

        Sums add(Sums other) {
            loss += other.loss;
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] += other.gradient[k];
            }
            rows += other.rows;
            return this;
        }
    }

    /** Writes the gradient of the reduced, penalised loss at {@code theta} into {@code gradient}; returns the loss. */
    double valueAndGradient(double[] theta, double[] gradient) {
        return batch(theta, gradient, null).value();
    }

    /** A batch's loss (reduced, penalised) and the rows it took. */
    record Batch(double value, long rows) {
    }

    /**
     * As {@link #valueAndGradient(double[], double[])} over the rows of {@code sample} (all rows when null), the penalty
     * added whole, as the local trainer's mini-batches add it. A sample without rows leaves {@code gradient} as it was.
     */
    Batch batch(double[] theta, double[] gradient, Sample sample) {
        Broadcast<double[]> at = JavaSparkContext.fromSparkContext(blocks.context()).broadcast(theta);
        int p = theta.length;
        Recipe<Model> model = formRecipe;
        Recipe<Loss> lossRecipe = this.lossRecipe;
        List<String> columns = names;
        Sums total;
        try {
            total = InOrder.sum(blocks.map(block -> {
                Sums part = new Sums(p);
                int[] taken = sample == null ? null : sample.rows(block);
                int n = taken == null ? block.rowCount() : taken.length;
                if (n == 0) {
                    return part;
                }
                // the core's pass gives the rows' reduced loss: for a mean, their count times that is their sum
                Loss lossFunction = lossRecipe.get();
                Objective objective = new Objective(lossFunction, block.dataset(columns)).onThisThread();
                double value = taken == null ? objective.valueAndGradient(model.get(), at.value(), part.gradient)
                        : objective.valueAndGradient(model.get(), at.value(), part.gradient, taken, 0, n);
                double weight = lossFunction.reduction() == Reduction.MEAN ? n : 1;
                part.loss = value * weight;
                for (int k = 0; k < p; k++) {
                    part.gradient[k] *= weight;
                }
                part.rows = n;
                return part;
            }), Sums::add, 8L * (p + 2));
        } finally {
            at.destroy();
        }
        if (total.rows == 0) {
            return new Batch(Double.NaN, 0);
        }
        // rows may pass 2^31
        double factor = loss.reduction() == Reduction.MEAN ? 1.0 / (sample == null ? rows : total.rows) : 1;
        for (int k = 0; k < p; k++) {
            gradient[k] = total.gradient[k] * factor;
        }
        double value = total.loss * factor;
        if (!penalty.isNone()) {
            penalty.addSmoothGradient(theta, form::penalised, gradient);
            value += penalty.value(theta, form::penalised);
        }
        return new Batch(value, total.rows);
    }
}
