package dev.descent.train;

import dev.descent.optim.OptimizerState;

/**
 * Where a training run stands between two epochs: all that its later epochs depend on, so that
 * {@link Trainer#resume} goes on from here to exactly the model, to the bit, of a run never stopped. Mini-batch
 * orders need no random state of their own: each epoch's comes from the seed and the epoch's number.
 *
 * @param epoch          the epochs run
 * @param parameters     the parameters after them
 * @param gradient       the gradient there, as the last epoch left it (the next full-batch update uses it)
 * @param loss           the training loss there
 * @param state          the optimizer's state (its own copy)
 * @param history        the path so far
 * @param bestValidation the best validation loss so far (infinite without validation)
 * @param best           the parameters at it, or null
 * @param sinceBest      epochs since it
 * @param rises          epochs in a row whose loss grew
 */
public record Checkpoint(int epoch, double[] parameters, double[] gradient, double loss, OptimizerState state,
                         History history, double bestValidation, double[] best, int sinceBest, int rises) {

    /** Where a checkpoint goes as training writes it; a failure to write stops training. */
    @FunctionalInterface
    public interface Sink {
        void save(Checkpoint checkpoint) throws java.io.IOException;
    }
}
