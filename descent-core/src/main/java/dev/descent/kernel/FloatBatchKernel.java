package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;

/**
 * The loss and gradient of a linear model over a mini-batch of rows whose features are stored as
 * floats: {@link LinearKernel#lossAndGradient(double[], double[], int[], int, int, double[], boolean,
 * ScalarLoss, double[])} for {@link FloatKernel}'s storage, with the bits that method gives over the
 * widened features.
 */
public final class FloatBatchKernel {
    private FloatBatchKernel() {
    }

    /**
     * Writes the gradient sum over the rows {@code order[from..to)} (rows {@code from..to} themselves when
     * {@code order} is null) into {@code gradient}, overwriting it, and returns the loss sum.
     *
     * @param x          row-major n x d features
     * @param y          n targets
     * @param parameters d weights, then the bias if {@code intercept}
     */
    public static double lossAndGradient(float[] x, double[] y, int[] order, int from, int to, double[] parameters,
                                         boolean intercept, ScalarLoss loss, double[] gradient) {
        int d = parameters.length - (intercept ? 1 : 0);
        if (d < 0 || x.length != (long) y.length * d) {
            throw new IllegalArgumentException("features hold " + x.length + " values, expected " + y.length + " x " + d);
        }
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + parameters.length);
        }
        CompensatedSum sum = new CompensatedSum();
        if (order == null) { // consecutive rows: the full pass's loop, which groups them as LinearKernel does
            FloatKernel.accumulate(x, y, from, to, d, parameters, intercept, loss, gradient, 0, sum);
            return sum.value();
        }
        // Rows in batch order, one at a time, as LinearKernel takes them: FloatKernel over one row gives exactly its
        // terms (r x_ij, and r), which are added onto the running sums in the order LinearKernel adds them.
        Arrays.fill(gradient, 0);
        double[] terms = new double[gradient.length];
        for (int k = from; k < to; k++) {
            int i = order[k];
            FloatKernel.accumulate(x, y, i, i + 1, d, parameters, intercept, loss, terms, 0, sum);
            for (int j = 0; j < terms.length; j++) {
                gradient[j] += terms[j];
            }
        }
        return sum.value();
    }
}
