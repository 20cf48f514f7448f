package dev.descent.loss;

/**
 * Huber's loss: quadratic near the target, linear beyond {@code delta}, so outliers pull with a
 * bounded force. With {@code r = y_pred - y}: {@code r^2/2} for {@code |r| <= delta}, else
 * {@code delta (|r| - delta/2)}; averaged. Near the target it is half the squared error, as in
 * PyTorch's HuberLoss and scikit-learn's HuberRegressor.
 *
 * <p>P. J. Huber, "Robust estimation of a location parameter", Annals of Mathematical Statistics
 * 35 (1964), 73-101.
 *
 * @param delta where the loss turns from quadratic to linear, > 0
 */
public record Huber(double delta) implements ScalarLoss {

    public Huber {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber's delta must be a finite number > 0, got " + delta);
        }
    }

    @Override
    public double value(double prediction, double target) {
        double r = Math.abs(prediction - target);
        return r <= delta ? r * r / 2 : delta * (r - delta / 2);
    }

    @Override
    public double derivative(double prediction, double target) {
        double r = prediction - target;
        return Math.abs(r) <= delta ? r : delta * Math.signum(r); // r inside, delta * sign(r) outside
    }

    @Override
    public Reduction reduction() {
        return Reduction.MEAN;
    }

    @Override
    public double curvatureBound() {
        return 1;
    }

    @Override
    public String name() {
        return "huber";
    }
}
