package dev.descent.loss;

import java.util.function.IntPredicate;

/**
 * L2, L1 or elastic-net regularisation of the penalised parameters (never the bias):
 * {@code l2/2 * ||w||^2 + l1 * ||w||_1}, added to the reduced loss, as scikit-learn's SGD adds
 * {@code alpha * penalty}. The L2 part enters the gradient ({@code l2 * w}); the L1 part is not
 * differentiable at 0 and is applied by its proximal step (soft thresholding), so that weights
 * reach exactly zero.
 *
 * @param l1 the L1 strength, >= 0
 * @param l2 the L2 strength, >= 0
 */
public record Penalty(double l1, double l2) {
    /** No regularisation. */
    public static final Penalty NONE = new Penalty(0, 0);

    public Penalty {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("penalties must be finite numbers >= 0, got l1 " + l1 + ", l2 " + l2);
        }
    }

    public boolean isNone() {
        return l1 == 0 && l2 == 0;
    }

    /** {@code l2/2 ||w||^2 + l1 ||w||_1} over the parameters {@code penalised} accepts (a model's {@code penalised}). */
    public double value(double[] parameters, IntPredicate penalised) {
        double squares = 0;
        double absolutes = 0;
        for (int k = 0; k < parameters.length; k++) {
            if (penalised.test(k)) {
                squares += parameters[k] * parameters[k];
                absolutes += Math.abs(parameters[k]);
            }
        }
        return l2 / 2 * squares + l1 * absolutes;
    }

    /** Adds the gradient of the L2 part, {@code l2 * w}, for penalised parameters. */
    public void addSmoothGradient(double[] parameters, IntPredicate penalised, double[] gradient) {
        if (l2 == 0) {
            return;
        }
        for (int k = 0; k < parameters.length; k++) {
            if (penalised.test(k)) {
                gradient[k] += l2 * parameters[k];
            }
        }
    }

    /**
     * The proximal step of the L1 part after a step of length {@code learningRate}:
     * {@code w = sign(w) max(|w| - lr * l1, 0)}.
     */
    public void proximal(double[] parameters, IntPredicate penalised, double learningRate) {
        if (l1 == 0) {
            return;
        }
        double threshold = learningRate * l1;
        for (int k = 0; k < parameters.length; k++) {
            if (penalised.test(k)) {
                double shrunk = Math.abs(parameters[k]) - threshold;
                parameters[k] = shrunk > 0 ? Math.copySign(shrunk, parameters[k]) : 0.0; // +0.0, never -0.0
            }
        }
    }
}
