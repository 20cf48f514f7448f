package dev.descent.train;

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
        double root = Math.cbrt(Math.ulp(1.0));
        for (int k = 0; k < theta.length; k++) {
            double original = theta[k];
            double h = root * (original != 0 ? Math.abs(original) : 1); // relative: parameters of 1e-4 need steps of their size
            theta[k] = original + h;
            double up = objective.value(model, theta);
            theta[k] = original - h;
            double down = objective.value(model, theta);
            theta[k] = original;
            numeric[k] = (up - down) / (2 * h);
            double scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric[k]));
            relative[k] = scale == 0 ? 0 : Math.abs(analytic[k] - numeric[k]) / scale;
        }
        return new GradientCheck(analytic, numeric, relative);
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
