package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;

/**
 * The fast path for linear models: loss and gradient in one pass over the rows of a dense,
 * row-major feature array. Per row: {@code y_pred = w . x_i + b}, {@code r = dL/dy_pred},
 * {@code grad_w += r * x_i}, {@code grad_b += r}. Allocates nothing.
 *
 * <p>Parameters are laid out as in {@link dev.descent.model.LinearModel}: d weights, then the bias
 * when there is an intercept. Results are sums over the rows; the caller applies the reduction.
 * The loss sum is a {@link CompensatedSum}, so a reported loss keeps its digits at large n.
 */
public final class LinearKernel {
    private LinearKernel() {
    }

    /**
     * Writes the gradient sum into {@code gradient} (overwriting it) and returns the loss sum.
     *
     * @param x          row-major n x d features
     * @param y          n targets
     * @param parameters d weights, then the bias if {@code intercept}
     * @param gradient   output, same length as {@code parameters}
     */
    public static double lossAndGradient(double[] x, double[] y, double[] parameters, boolean intercept, ScalarLoss loss,
                                         double[] gradient) {
        return lossAndGradient(x, y, null, 0, y.length, parameters, intercept, loss, gradient);
    }

    /**
     * As {@link #lossAndGradient(double[], double[], double[], boolean, ScalarLoss, double[])}, over the rows
     * {@code order[from..to)} (a mini-batch), or rows {@code from..to} themselves when {@code order} is null.
     */
    public static double lossAndGradient(double[] x, double[] y, int[] order, int from, int to, double[] parameters,
                                         boolean intercept, ScalarLoss loss, double[] gradient) {
        int n = y.length;
        int d = checkShapes(x, n, parameters, intercept);
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + parameters.length);
        }
        Arrays.fill(gradient, 0);
        double bias = intercept ? parameters[d] : 0;
        CompensatedSum sum = new CompensatedSum();
        double biasGradient = 0;
        for (int k = from; k < to; k++) {
            int i = order == null ? k : order[k];
            int row = i * d;
            double prediction = dot(parameters, x, row, d) + bias;
            double r = loss.derivative(prediction, y[i]);
            sum.add(loss.value(prediction, y[i]));
            for (int j = 0; j < d; j++) {
                gradient[j] += r * x[row + j];
            }
            biasGradient += r;
        }
        if (intercept) {
            gradient[d] = biasGradient;
        }
        return sum.value();
    }

    /** The loss sum alone, compensated as in {@link #lossAndGradient}. */
    public static double loss(double[] x, double[] y, double[] parameters, boolean intercept, ScalarLoss loss) {
        int n = y.length;
        int d = checkShapes(x, n, parameters, intercept);
        double bias = intercept ? parameters[d] : 0;
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0, row = 0; i < n; i++, row += d) {
            sum.add(loss.value(dot(parameters, x, row, d) + bias, y[i]));
        }
        return sum.value();
    }

    /**
     * {@code w[0..d) . x[offset .. offset + d)} with four independent running sums, so that the CPU
     * can overlap the additions, then a short tail.
     */
    public static double dot(double[] w, double[] x, int offset, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            s0 += w[j] * x[offset + j];
            s1 += w[j + 1] * x[offset + j + 1];
            s2 += w[j + 2] * x[offset + j + 2];
            s3 += w[j + 3] * x[offset + j + 3];
        }
        for (; j < d; j++) {
            s0 += w[j] * x[offset + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static int checkShapes(double[] x, int n, double[] parameters, boolean intercept) {
        int d = parameters.length - (intercept ? 1 : 0);
        if (d < 0 || x.length != (long) n * d) {
            throw new IllegalArgumentException("features hold " + x.length + " values, expected " + n + " x " + d);
        }
        return d;
    }
}
