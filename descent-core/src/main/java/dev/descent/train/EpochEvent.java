package dev.descent.train;

/**
 * The state after one epoch of training: the parameters after {@code epoch} updates, and the
 * loss and its gradient at those parameters.
 *
 * @param epoch      1 for the state after the first update
 * @param loss       the reduced loss at {@code parameters}
 * @param parameters the parameters, in the model's order (a copy)
 * @param gradient   the gradient of the loss at {@code parameters} (a copy)
 */
public record EpochEvent(int epoch, double loss, double[] parameters, double[] gradient) {
}
