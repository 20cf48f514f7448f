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
 * The loops that read the features are a {@link DenseKernel}'s (plain Java or the Vector API);
 * {@link LinearPass} runs this pass over blocks of rows on several cores.
 */
public final class LinearKernel {
    private static final int MAX_RUN = 256;
    /** Each thread's buffer for a run's predictions, then residuals: so that a pass allocates nothing. */
    private static final ThreadLocal<double[]> RUN = ThreadLocal.withInitial(() -> new double[MAX_RUN]);

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
        int d = parameters.length - (intercept ? 1 : 0);
        if (d < 0 || x.length != (long) y.length * d) {
            throw new IllegalArgumentException("features hold " + x.length + " values, expected " + y.length + " x " + d);
        }
        return lossAndGradient(DenseKernel.chosen().over(x, d), y, order, from, to, parameters, intercept, loss, gradient);
    }

    /**
     * As {@link #lossAndGradient(double[], double[], int[], int, int, double[], boolean, ScalarLoss, double[])},
     * over the rows {@code rows} reads: a kernel's loops over doubles or floats, made once by the caller.
     */
    public static double lossAndGradient(RowLoops rows, double[] y, int[] order, int from, int to, double[] parameters,
                                         boolean intercept, ScalarLoss loss, double[] gradient) {
        int d = rows.featureCount();
        if (rows.rowCount() != y.length || parameters.length != d + (intercept ? 1 : 0)) {
            throw new IllegalArgumentException("expected " + rows.rowCount() + " targets and " + d
                    + (intercept ? " weights and a bias" : " weights") + ", got " + y.length + " and "
                    + parameters.length + " parameters");
        }
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + parameters.length);
        }
        CompensatedSum sum = new CompensatedSum();
        accumulate(rows, y, order, from, to, d, parameters, intercept, loss, gradient, 0, sum);
        return sum.value();
    }

    /**
     * The pass over the rows {@code order[from..to)}, or rows {@code from..to} themselves when {@code order} is null,
     * unchecked: writes the gradient sum into {@code gradient[offset .. offset + p)} (unless {@code gradient} is null:
     * the loss alone) and adds the rows' losses to {@code sum}. Asks {@code rows} once for the loops that run the block.
     */
    static void accumulate(RowLoops rows, double[] y, int[] order, int from, int to, int d, double[] parameters,
                           boolean intercept, ScalarLoss loss, double[] gradient, int offset, CompensatedSum sum) {
        if (gradient != null) {
            Arrays.fill(gradient, offset, offset + d + (intercept ? 1 : 0), 0);
        }
        RowLoops loops = rows.forBlock(to - from);
        double bias = intercept ? parameters[d] : 0;
        double biasGradient = order == null
                ? inRuns(loops, y, from, to, d, parameters, bias, loss, gradient, offset, sum)
                : oneByOne(loops, y, order, from, to, parameters, bias, loss, gradient, offset, sum);
        if (gradient != null && intercept) {
            gradient[offset + d] = biasGradient;
        }
    }

    /**
     * The consecutive rows {@code from..to}, in runs short enough to stay in the L1 cache: {@code loops} predicts the
     * run, the predictions become residuals here, and {@code loops} adds the run, weighted by them, into the gradient
     * (unless null); returns the bias's gradient. Squared error, the common case, is written out inline, four rows at a
     * time; other losses are called per row.
     */
    private static double inRuns(RowLoops loops, double[] y, int from, int to, int d, double[] parameters, double bias,
                                 ScalarLoss loss, double[] gradient, int offset, CompensatedSum sum) {
        boolean squared = loss instanceof SquaredError;
        double[] r = RUN.get();
        int run = runLength(d);
        double biasGradient = 0;
        for (int start = from; start < to; start += run) {
            int end = Math.min(to, start + run);
            loops.predict(start, end, parameters, r);
            biasGradient = residuals(r, end - start, y, start, bias, squared, loss, sum, biasGradient);
            if (gradient != null) {
                // Each entry takes the rows in order, as one row at a time would: near an optimum this sum is nearly
                // all cancellation, and pairing the rows first cost L-BFGS a digit on NIST's Norris and Pontius.
                loops.addGradient(start, end, r, gradient, offset);
            }
        }
        return biasGradient;
    }

    /**
     * Turns a run's {@code m} predictions in {@code r} (without the bias) into {@code dL/dy_pred}, adding their
     * losses to {@code sum}; returns {@code biasGradient} with the run's derivatives added in order. A method of its
     * own, called once a run, so that a fresh JVM compiles it within the first pass (the pass's loop is entered only
     * once a block: hundreds of times in a pass, too few for the JIT to compile it soon).
     */
    private static double residuals(double[] r, int m, double[] y, int start, double bias, boolean squared, ScalarLoss loss,
                                    CompensatedSum sum, double biasGradient) {
        int i = 0;
        if (squared) {
            for (; i + 3 < m; i += 4) {
                // The bias is added last: it may dwarf the terms, whose digits it would round away.
                double e0 = (r[i] + bias) - y[start + i];
                double e1 = (r[i + 1] + bias) - y[start + i + 1];
                double e2 = (r[i + 2] + bias) - y[start + i + 2];
                double e3 = (r[i + 3] + bias) - y[start + i + 3];
                sum.add((e0 * e0 + e1 * e1) + (e2 * e2 + e3 * e3)); // four non-negative terms lose nothing to speak of
                r[i] = 2 * e0; // d/dy_pred (y_pred - y)^2
                r[i + 1] = 2 * e1;
                r[i + 2] = 2 * e2;
                r[i + 3] = 2 * e3;
                biasGradient = ((biasGradient + r[i] + r[i + 1]) + r[i + 2]) + r[i + 3];
            }
        }
        for (; i < m; i++) {
            r[i] = residual(r[i] + bias, y[start + i], loss, sum);
            biasGradient += r[i];
        }
        return biasGradient;
    }

    /**
     * Rows per run: about 8 KB of doubles, a multiple of four, so that a block's runs keep its four-row groups.
     * Only the prediction reads from memory; the shorter the run, the sooner it reads again while the hardware
     * prefetcher is still ahead. 8 KB measured fastest from memory on two threads (against 2, 4 and 16 KB: at
     * 4M x 8, 2.9 ns a row against 3.2 with 16 KB; at 1M x 32, 7.9 against 8.5).
     */
    private static int runLength(int d) {
        return Math.max(4, Math.min(MAX_RUN, (1024 / d) & ~3));
    }

    /**
     * The rows {@code order[from..to)}, which come in any order: one at a time, through the loops' one-row runs;
     * returns the bias's gradient.
     */
    private static double oneByOne(RowLoops loops, double[] y, int[] order, int from, int to, double[] parameters,
                                   double bias, ScalarLoss loss, double[] gradient, int offset, CompensatedSum sum) {
        double[] r = RUN.get();
        double biasGradient = 0;
        for (int k = from; k < to; k++) {
            int row = order[k];
            loops.predict(row, row + 1, parameters, r);
            r[0] = residual(r[0] + bias, y[row], loss, sum);
            if (gradient != null) {
                loops.addGradient(row, row + 1, r, gradient, offset);
            }
            biasGradient += r[0];
        }
        return biasGradient;
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
}
