package dev.descent.train;

import java.util.Arrays;
import java.util.List;

/**
 * The path of a training run: the loss at the starting parameters, then for every epoch k the
 * parameters after k updates and the loss at them.
 */
public final class History {
    private final List<String> parameterNames;
    private final double initialLoss;
    private final double[] losses;
    private final double[] parameters;

    History(List<String> parameterNames, double initialLoss, double[] losses, double[] parameters) {
        this.parameterNames = List.copyOf(parameterNames);
        this.initialLoss = initialLoss;
        this.losses = losses;
        this.parameters = parameters;
    }

    /** The number of epochs recorded. */
    public int epochs() {
        return losses.length;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    /** The loss before the first update. */
    public double initialLoss() {
        return initialLoss;
    }

    /** The loss after {@code epoch} updates, for epoch 1..{@link #epochs()}. */
    public double loss(int epoch) {
        return losses[index(epoch)];
    }

    /** A copy of the parameters after {@code epoch} updates, for epoch 1..{@link #epochs()}. */
    public double[] parameters(int epoch) {
        int p = parameterNames.size();
        int k = index(epoch);
        return Arrays.copyOfRange(parameters, k * p, (k + 1) * p);
    }

    /** The last loss recorded, or the initial loss if no epoch ran. */
    public double finalLoss() {
        return losses.length == 0 ? initialLoss : losses[losses.length - 1];
    }

    private int index(int epoch) {
        if (epoch < 1 || epoch > losses.length) {
            throw new IndexOutOfBoundsException("epoch " + epoch + " is outside 1.." + losses.length);
        }
        return epoch - 1;
    }
}
