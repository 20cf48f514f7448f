package dev.descent.loss;

/**
 * {@code |y_pred - y|} per sample, averaged (MAE): robust to outliers, the median's loss. Not
 * differentiable at 0; its subgradient there is taken as 0.
 */
public record AbsoluteError() implements ScalarLoss {

    @Override
    public double value(double prediction, double target) {
        return Math.abs(prediction - target);
    }

    @Override
    public double derivative(double prediction, double target) {
        return Math.signum(prediction - target); // d/dy_pred |y_pred - y| = sign(y_pred - y)
    }

    @Override
    public Reduction reduction() {
        return Reduction.MEAN;
    }

    @Override
    public double curvatureBound() {
        return Double.NaN;
    }

    @Override
    public String name() {
        return "mae";
    }
}
