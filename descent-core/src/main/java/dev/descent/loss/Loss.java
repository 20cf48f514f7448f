package dev.descent.loss;

/**
 * A per-sample loss on a model's outputs for one row, its derivatives with respect to those
 * outputs, and how samples combine.
 *
 * <p>Most losses score one output against one target ({@link ScalarLoss}); {@link Softmax} scores
 * one output per class against a class index. The derivatives are the true {@code dL/dy_pred}
 * (not their negatives): a model multiplies them by {@code dy_pred/dtheta} (the chain rule) and
 * an optimizer subtracts the result.
 */
public interface Loss {

    /** The loss of one row's outputs against its target. */
    double value(double[] outputs, double target);

    /**
     * Writes {@code dL/d outputs[c]} for one row into {@code derivatives[c]} and returns the row's
     * loss, as {@link #value(double[], double)}.
     */
    double valueAndDerivatives(double[] outputs, double target, double[] derivatives);

    /** Whether the per-sample values are averaged or summed. */
    Reduction reduction();

    /** The short name used on the command line and in files, such as {@code mse}. */
    String name();

    /**
     * A bound on the curvature of one sample's loss in its outputs (the largest eigenvalue of its
     * Hessian, {@code d^2L/dy_pred^2} for one output), which bounds the stable learning rate; NaN
     * for a loss that is not smooth (absolute, quantile, hinge).
     */
    double curvatureBound();

    /** Whether {@code target} is a value this loss can learn (0 or 1 for the binary classification losses). */
    default boolean accepts(double target) {
        return true;
    }

    /** What {@link #accepts} wants, for messages, such as "labels 0 or 1". */
    default String expectedTargets() {
        return "any number";
    }

    /** Whether the model's outputs are class scores rather than values of the target. */
    default boolean classifies() {
        return false;
    }

    /** Mean squared error, the lesson's loss: {@code mean((y_pred - y)^2)}. */
    static ScalarLoss mse() {
        return new SquaredError(Reduction.MEAN);
    }

    /** Sum of squared errors: {@code sum((y_pred - y)^2)}. */
    static ScalarLoss sse() {
        return new SquaredError(Reduction.SUM);
    }
}
