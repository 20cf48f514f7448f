package dev.descent.train;

import java.util.function.DoubleUnaryOperator;

import dev.descent.model.Model;

/**
 * Checks an analytic gradient against central finite differences, for any model and loss.
 *
 * <p>The step for parameter k is {@code h = cbrt(eps) * max(1, |theta_k|)}, which balances the
 * truncation error of the central difference (order h^2) against rounding (order eps/h).
 *
 * @param analytic        the gradient from the chain rule
 * @param numeric         {@code (L(theta + h e_k) - L(theta - h e_k)) / 2h} per parameter
 * @param relativeErrors  {@code |analytic - numeric| / max(|analytic|, |numeric|)} per parameter (0 when both are 0)
 */
public record GradientCheck(double[] analytic, double[] numeric, double[] relativeErrors) {

    /** Checks the gradient of {@code objective} at {@code model}'s parameters. */
    public static GradientCheck at(Objective objective, Model model) {
        double[] theta = model.parameters();
        double[] analytic = new double[theta.length];
        objective.valueAndGradient(model, theta, analytic);
        double[] numeric = new double[theta.length];
        double[] relative = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            int index = k;
            double original = theta[k];
            numeric[k] = central(t -> {
                theta[index] = t;
                double value = objective.value(model, theta);
                theta[index] = original;
                return value;
            }, original, analytic[k]);
            relative[k] = relativeError(analytic[k], numeric[k]);
        }
        return new GradientCheck(analytic, numeric, relative);
    }

    /**
     * The central difference {@code (f(t + h) - f(t - h)) / 2h} at {@code t}, with {@code h = 6.1e-6 max(1, |t|)} or,
     * where t is small, {@code 6.1e-6 |t|}: whichever agrees better with {@code expected}. A parameter of 1e-4 needs a
     * step its own size, one of 1e-12 next to 0 a step of an absolute size; neither step suits both.
     */
    public static double central(DoubleUnaryOperator f, double t, double expected) {
        double root = Math.cbrt(Math.ulp(1.0));
        double absolute = difference(f, t, root * Math.max(1, Math.abs(t)));
        if (t == 0 || Math.abs(t) >= 1) {
            return absolute;
        }
        double relative = difference(f, t, root * Math.abs(t));
        return relativeError(expected, relative) < relativeError(expected, absolute) ? relative : absolute;
    }

    private static double difference(DoubleUnaryOperator f, double t, double h) {
        return (f.applyAsDouble(t + h) - f.applyAsDouble(t - h)) / (2 * h);
    }

    /** {@code |a - b| / max(|a|, |b|)}, 0 when both are 0. */
    public static double relativeError(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    /** The largest relative error over the parameters. */
    public double maxRelativeError() {
        double max = 0;
        for (double e : relativeErrors) {
            max = Math.max(max, e);
        }
        return max;
    }
}
