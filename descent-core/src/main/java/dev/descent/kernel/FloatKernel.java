package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import dev.descent.loss.SquaredError;
import java.util.Arrays;

/**
 * {@link LinearKernel}'s pass over features stored as floats, for half the bytes read: each value
 * is widened to double as it is loaded, and everything after that is double arithmetic. Widening
 * is exact, so this gives the bits of the double kernel over the widened features.
 *
 * <p>Java has no generics over primitive arrays, so this loop mirrors
 * {@link LinearKernel#accumulate} line for line (same grouping of rows, same order of every
 * addition) with {@code float[]} features; a test holds the two to the same bits. Keep them in step.
 * (Widening a few rows at a time into a small double buffer and running the double loop on it
 * would avoid the copy, but measured no faster than the double pass itself: the widening cost
 * what the halved reads saved. Here the widening rides along with each load.) JDK 17's JIT does not
 * vectorize the widening, so this loop runs out of arithmetic before memory at small d: see BENCHMARKS.md.
 */
final class FloatKernel {
    private FloatKernel() {
    }

    /** As {@link LinearKernel#accumulate} over rows {@code from..to} themselves. */
    static void accumulate(float[] x, double[] y, int from, int to, int d, double[] parameters, boolean intercept,
                           ScalarLoss loss, double[] gradient, int offset, CompensatedSum sum) {
        boolean withGradient = gradient != null;
        if (withGradient) {
            Arrays.fill(gradient, offset, offset + d + (intercept ? 1 : 0), 0);
        }
        double bias = intercept ? parameters[d] : 0;
        boolean squared = loss instanceof SquaredError;
        double biasGradient = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            int r0 = k * d;
            int r1 = r0 + d;
            int r2 = r1 + d;
            int r3 = r2 + d;
            double p0 = 0;
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
                sum.add((e0 * e0 + e1 * e1) + (e2 * e2 + e3 * e3));
                q0 = 2 * e0;
                q1 = 2 * e1;
                q2 = 2 * e2;
                q3 = 2 * e3;
            } else {
                q0 = LinearKernel.residual(p0 + bias, y[k], loss, sum);
                q1 = LinearKernel.residual(p1 + bias, y[k + 1], loss, sum);
                q2 = LinearKernel.residual(p2 + bias, y[k + 2], loss, sum);
                q3 = LinearKernel.residual(p3 + bias, y[k + 3], loss, sum);
            }
            if (withGradient) {
                for (int j = 0; j < d; j++) {
                    double g = gradient[offset + j] + q0 * x[r0 + j];
                    g += q1 * x[r1 + j];
                    g += q2 * x[r2 + j];
                    gradient[offset + j] = g + q3 * x[r3 + j];
                }
            }
            biasGradient = ((biasGradient + q0 + q1) + q2) + q3;
        }
        for (; k < to; k++) {
            int row = k * d;
            double r = LinearKernel.residual(dot(parameters, x, row, d) + bias, y[k], loss, sum);
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

    /** {@link LinearKernel#dot} over float features. */
    private static double dot(double[] w, float[] x, int offset, int d) {
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
}
