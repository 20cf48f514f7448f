package dev.descent.train;

import dev.descent.data.DataException;
import dev.descent.data.Rows;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;
import dev.descent.model.Model;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import java.util.SplittableRandom;

/**
 * Mini-batch training over data read in chunks, one chunk in memory at a time: each epoch reads the source from its
 * start, shuffles each chunk's rows (from the seed, the epoch's number and the chunk's), and updates on each batch of
 * them. Memory does not grow with the data: it holds one chunk and the model. The epoch's loss is its batches' data
 * losses, each taken before the batch's update (averaged over the rows for a mean loss, summed for a sum), plus the
 * penalty at the epoch's end: the model moves as the epoch goes, so no one model has it.
 */
public final class StreamTrainer {
    /** Where the chunks come from: opened again for every epoch. */
    @FunctionalInterface
    public interface Source {
        Chunks open() throws DataException;
    }

    /** One pass over the data, chunk by chunk; null at the end. */
    public interface Chunks extends AutoCloseable {
        Rows next() throws DataException;

        @Override
        void close();
    }

    /** The result: the model, each epoch's mean batch loss, the state and the rows one epoch read. */
    public record Result(Model model, double[] losses, OptimizerState state, long rows) {
    }

    private final Loss loss;
    private final Penalty penalty;
    private final UpdateRule rule;
    private final Schedule schedule;
    private final int batchSize;
    private final int epochs;
    private final long seed;

    public StreamTrainer(Loss loss, Penalty penalty, UpdateRule rule, Schedule schedule, int batchSize, int epochs,
                         long seed) {
        if (batchSize < 1 || epochs < 0) {
            throw new IllegalArgumentException("batch size " + batchSize + ", epochs " + epochs);
        }
        this.loss = loss;
        this.penalty = penalty;
        this.rule = rule;
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.seed = seed;
    }

    /** Trains from {@code initial} over {@code source}, telling {@code listener} about every epoch. */
    public Result fit(Source source, Model initial, TrainingListener listener) throws DataException, DivergenceException {
        double[] theta = initial.parameters();
        double[] gradient = new double[theta.length];
        OptimizerState state = rule.start(initial);
        double[] losses = new double[epochs];
        boolean mean = loss.reduction() == Reduction.MEAN;
        long rows = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            state.setLearningRate(rule.learningRate() * schedule.factor((int) state.epochs()));
            double sum = 0;
            rows = 0;
            int chunkIndex = 0;
            try (Chunks chunks = source.open()) {
                for (Rows chunk = chunks.next(); chunk != null; chunk = chunks.next(), chunkIndex++) {
                    Objective objective = new Objective(loss, chunk, penalty);
                    int n = chunk.rowCount();
                    int[] order = Shuffle.permutation(null, n, new SplittableRandom(new SplittableRandom(seed).nextLong()
                            ^ new SplittableRandom(((long) epoch << 32) ^ chunkIndex).nextLong()));
                    for (int from = 0; from < n; from += batchSize) {
                        int to = Math.min(n, from + batchSize);
                        double value = objective.valueAndGradient(initial, theta, gradient, order, from, to);
                        // the batch's data loss: the penalty is added once, at the epoch's end
                        value -= penalty.isNone() ? 0 : penalty.value(theta, initial::penalised);
                        if (!Double.isFinite(value)) {
                            throw new DivergenceException("the loss became " + value + " at epoch " + epoch + ", after "
                                    + (rows + from) + " rows: learning rate " + rule.learningRate() + " is probably too"
                                    + " large; try a smaller one, or --standardize", epoch);
                        }
                        sum += mean ? value * (to - from) : value; // a mean counts for its rows; a sum is one already
                        rule.step(theta, gradient, state);
                        penalty.proximal(theta, initial::penalised, state.learningRate());
                    }
                    rows += n;
                }
            }
            if (rows == 0) {
                throw new DataException("the data have no rows");
            }
            state.advanceEpoch();
            losses[epoch - 1] = (mean ? sum / rows : sum) + (penalty.isNone() ? 0 : penalty.value(theta, initial::penalised));
            if (listener != TrainingListener.NONE) {
                listener.onEpoch(new EpochEvent(epoch, losses[epoch - 1], theta.clone(), gradient.clone()));
            }
        }
        return new Result(initial.withParameters(theta), losses, state, rows);
    }
}
