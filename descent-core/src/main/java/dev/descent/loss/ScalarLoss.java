package dev.descent.loss;

/**
 * A loss on a single output: one prediction against one target. The fused linear kernel calls
 * {@link #value(double, double)} and {@link #derivative} directly, row by row.
 */
public interface ScalarLoss extends Loss {

    /** The loss of one prediction against its target. */
    double value(double prediction, double target);

    /** {@code dL/dy_pred} of {@link #value(double, double)} at one prediction. */
    double derivative(double prediction, double target);

    @Override
    default double value(double[] outputs, double target) {
        return value(outputs[0], target);
    }

    @Override
    default double valueAndDerivatives(double[] outputs, double target, double[] derivatives) {
        derivatives[0] = derivative(outputs[0], target);
        return value(outputs[0], target);
    }
}
