package dev.descent.loss;

/**
 * A per-sample loss, its derivative with respect to the prediction, and how samples combine.
 *
 * <p>{@link #derivative} is the true {@code dL/dy_pred} (not its negative): a model multiplies it
 * by {@code dy_pred/dtheta} (the chain rule) and an optimizer subtracts the result.
 */
public interface Loss {

    /** The loss of one prediction against its target. */
    double value(double prediction, double target);

    /** {@code dL/dy_pred} of {@link #value} at one prediction. */
    double derivative(double prediction, double target);

    /** Whether the per-sample values are averaged or summed. */
    Reduction reduction();

    /** The short name used on the command line and in files, such as {@code mse}. */
    String name();

    /**
     * The largest second derivative {@code d^2L/dy_pred^2} of one sample's loss, which bounds the
     * curvature and so the stable learning rate; NaN for a loss that is not smooth (absolute,
     * quantile, hinge).
     */
    double curvatureBound();

    /** Whether {@code target} is a value this loss can learn (0 or 1 for the classification losses). */
    default boolean accepts(double target) {
        return true;
    }

    /** What {@link #accepts} wants, for messages, such as "labels 0 or 1". */
    default String expectedTargets() {
        return "any number";
    }

    /** Whether the model's output is a score for class 1 rather than a value of the target. */
    default boolean classifies() {
        return false;
    }

    /** Mean squared error, the lesson's loss: {@code mean((y_pred - y)^2)}. */
    static Loss mse() {
        return new SquaredError(Reduction.MEAN);
    }

    /** Sum of squared errors: {@code sum((y_pred - y)^2)}. */
    static Loss sse() {
        return new SquaredError(Reduction.SUM);
    }
}
