package dev.descent.loss;

/**
 * The quantile (pinball) loss, whose minimiser is the {@code tau}-quantile of the target:
 * {@code tau (y - y_pred)} when the prediction is below the target, {@code (1 - tau)(y_pred - y)}
 * when above; averaged. {@code tau = 0.5} is half the absolute error.
 *
 * <p>R. Koenker, G. Bassett, "Regression quantiles", Econometrica 46 (1978), 33-50.
 *
 * @param tau the quantile, in (0, 1)
 */
public record Quantile(double tau) implements ScalarLoss {

    public Quantile {
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("the quantile must be in (0, 1), got " + tau);
        }
    }

    @Override
    public double value(double prediction, double target) {
        double r = target - prediction;
        return r >= 0 ? tau * r : (tau - 1) * r;
    }

    @Override
    public double derivative(double prediction, double target) {
        // -tau below the target, 1 - tau above it, 0 on it (a subgradient)
        return prediction < target ? -tau : prediction > target ? 1 - tau : 0;
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
        return "quantile";
    }
}
