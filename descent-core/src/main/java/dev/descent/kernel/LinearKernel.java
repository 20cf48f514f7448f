package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import dev.descent.loss.SquaredError;
import java.util.Arrays;

/**
 * The fast path for linear models: loss and gradient in one pass over the rows of a dense,
 * row-major feature array. Per row: {@code y_pred = w . x_i + b}, {@code r = dL/dy_pred},
 * {@code grad_w += r * x_i}, {@code grad_b += r}. The loop allocates nothing.
 *
 * <p>Parameters are laid out as in {@link dev.descent.model.LinearModel}: d weights, then the bias
 * when there is an intercept. Results are sums over the rows; the caller applies the reduction.
 * The loss sum is a {@link CompensatedSum}, so a reported loss keeps its digits at large n.
 * {@link LinearPass} runs the same loop over blocks of rows on several cores.
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
        int d = checkShapes(x, y.length, parameters, intercept);
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + parameters.length);
        }
        CompensatedSum sum = new CompensatedSum();
        accumulate(x, y, order, from, to, d, parameters, intercept, loss, gradient, 0, sum);
        return sum.value();
    }

    /**
     * The pass itself, unchecked: writes the gradient sum over the rows into
     * {@code gradient[offset .. offset + p)} (unless {@code gradient} is null: the loss alone) and adds
     * the rows' losses to {@code sum}, grouped the same way either way so the two agree to the bit.
     *
     * <p>Consecutive rows go four at a time: their four dot products run as independent chains,
     * so the CPU overlaps them, and the gradient takes all four rows in one sweep. Squared error,
     * the common case, is written out inline; other losses are called per row (as for the rows
     * of a mini-batch, which come in any order).
     */
    static void accumulate(double[] x, double[] y, int[] order, int from, int to, int d, double[] parameters,
                           boolean intercept, ScalarLoss loss, double[] gradient, int offset, CompensatedSum sum) {
        boolean withGradient = gradient != null;
        if (withGradient) {
            Arrays.fill(gradient, offset, offset + d + (intercept ? 1 : 0), 0);
        }
        double bias = intercept ? parameters[d] : 0;
        boolean squared = loss instanceof SquaredError;
        double biasGradient = 0;
        int k = from;
        if (order == null) {
            for (; k + 3 < to; k += 4) {
                int r0 = k * d;
                int r1 = r0 + d;
                int r2 = r1 + d;
                int r3 = r2 + d;
                double p0 = 0; // the bias is added last: it may dwarf the terms, whose digits it would round away
                double p1 = 0;
                double p2 = 0;
                double p3 = 0;
                for (int j = 0; j < d; j++) {
                    double w = parameters[j];
                    p0 += w * x[r0 + j];
                    p1 += w * x[r1 + j];
                    p2 += w * x[r2 + j];
                    p3 += w * x[r3 + j];
                }
                double q0;
                double q1;
                double q2;
                double q3;
                if (squared) {
                    double e0 = (p0 + bias) - y[k];
                    double e1 = (p1 + bias) - y[k + 1];
                    double e2 = (p2 + bias) - y[k + 2];
                    double e3 = (p3 + bias) - y[k + 3];
                    sum.add((e0 * e0 + e1 * e1) + (e2 * e2 + e3 * e3)); // four non-negative terms lose nothing to speak of
                    q0 = 2 * e0; // d/dy_pred (y_pred - y)^2
                    q1 = 2 * e1;
                    q2 = 2 * e2;
                    q3 = 2 * e3;
                } else {
                    q0 = residual(p0 + bias, y[k], loss, sum);
                    q1 = residual(p1 + bias, y[k + 1], loss, sum);
                    q2 = residual(p2 + bias, y[k + 2], loss, sum);
                    q3 = residual(p3 + bias, y[k + 3], loss, sum);
                }
                if (withGradient) {
                    for (int j = 0; j < d; j++) {
                        // Added in row order, as one row at a time would: near an optimum this sum is nearly all
                        // cancellation, and pairing the rows first cost L-BFGS a digit on NIST's Norris and Pontius.
                        double g = gradient[offset + j] + q0 * x[r0 + j];
                        g += q1 * x[r1 + j];
                        g += q2 * x[r2 + j];
                        gradient[offset + j] = g + q3 * x[r3 + j];
                    }
                }
                biasGradient = ((biasGradient + q0 + q1) + q2) + q3;
            }
        }
        for (; k < to; k++) {
            int i = order == null ? k : order[k];
            int row = i * d;
            double r = residual(dot(parameters, x, row, d) + bias, y[i], loss, sum);
            if (withGradient) {
                for (int j = 0; j < d; j++) {
                    gradient[offset + j] += r * x[row + j];
                }
            }
            biasGradient += r;
        }
        if (withGradient && intercept) {
            gradient[offset + d] = biasGradient;
        }
    }

    /** {@code dL/dy_pred} at one prediction, adding the row's loss to {@code sum}. */
    static double residual(double prediction, double target, ScalarLoss loss, CompensatedSum sum) {
        sum.add(loss.value(prediction, target));
        return loss.derivative(prediction, target);
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
