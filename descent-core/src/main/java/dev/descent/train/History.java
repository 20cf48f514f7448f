package dev.descent.train;

import java.util.Arrays;
import java.util.List;

/**
 * The path of a training run: the loss at the starting parameters, then for every epoch k the
 * parameters after k epochs and the loss at them (and the validation loss, when there is a
 * validation split).
 */
public final class History {
    private final List<String> parameterNames;
    private final double initialLoss;
    private double[] losses;
    private double[] validationLosses;
    private double[] parameters;
    private int epochs;

    History(List<String> parameterNames, double initialLoss) {
        this.parameterNames = List.copyOf(parameterNames);
        this.initialLoss = initialLoss;
        this.losses = new double[16];
        this.validationLosses = new double[16];
        this.parameters = new double[16 * parameterNames.size()];
    }

    void record(double loss, double validationLoss, double[] theta) {
        int p = parameterNames.size();
        if (epochs == losses.length) {
            losses = Arrays.copyOf(losses, 2 * epochs);
            validationLosses = Arrays.copyOf(validationLosses, 2 * epochs);
            parameters = Arrays.copyOf(parameters, 2 * epochs * p);
        }
        losses[epochs] = loss;
        validationLosses[epochs] = validationLoss;
        System.arraycopy(theta, 0, parameters, epochs * p, p);
        epochs++;
    }

    /**
     * A path read back from a checkpoint: the loss at the start, then per epoch its loss, validation loss (NaN without
     * a split) and parameters.
     */
    public static History restored(List<String> parameterNames, double initialLoss, double[] losses,
                                   double[] validationLosses, List<double[]> parameters) {
        if (losses.length != validationLosses.length || losses.length != parameters.size()) {
            throw new IllegalArgumentException(losses.length + " losses, " + validationLosses.length + " validation"
                    + " losses and " + parameters.size() + " parameter vectors");
        }
        History history = new History(parameterNames, initialLoss);
        for (int e = 0; e < losses.length; e++) {
            if (parameters.get(e).length != parameterNames.size()) {
                throw new IllegalArgumentException("epoch " + (e + 1) + " has " + parameters.get(e).length
                        + " parameters, expected " + parameterNames.size());
            }
            history.record(losses[e], validationLosses[e], parameters.get(e));
        }
        return history;
    }

    /** A copy, which the run it came from no longer changes. */
    History copy() {
        History copy = new History(parameterNames, initialLoss);
        for (int e = 1; e <= epochs; e++) {
            copy.record(loss(e), validationLoss(e), parameters(e));
        }
        return copy;
    }

    /** The number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    /** The loss before the first update. */
    public double initialLoss() {
        return initialLoss;
    }

    /** The training loss after {@code epoch} epochs, for epoch 1..{@link #epochs()}. */
    public double loss(int epoch) {
        return losses[index(epoch)];
    }

    /** The validation loss after {@code epoch} epochs, or NaN when there is no validation split. */
    public double validationLoss(int epoch) {
        return validationLosses[index(epoch)];
    }

    /** A copy of the parameters after {@code epoch} epochs, for epoch 1..{@link #epochs()}. */
    public double[] parameters(int epoch) {
        int p = parameterNames.size();
        int k = index(epoch);
        return Arrays.copyOfRange(parameters, k * p, (k + 1) * p);
    }

    /** The last loss recorded, or the initial loss if no epoch ran. */
    public double finalLoss() {
        return epochs == 0 ? initialLoss : losses[epochs - 1];
    }

    private int index(int epoch) {
        if (epoch < 1 || epoch > epochs) {
            throw new IndexOutOfBoundsException("epoch " + epoch + " is outside 1.." + epochs);
        }
        return epoch - 1;
    }
}
