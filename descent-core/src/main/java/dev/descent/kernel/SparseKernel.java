package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;

/**
 * The fused linear pass over compressed sparse rows: per row, {@code y_pred = w . x_i + b} over
 * the row's non-zeros only, {@code r = dL/dy_pred}, {@code grad[col] += r * value} for each
 * non-zero, {@code grad_b += r}. So a pass costs one visit per non-zero, not n x d.
 *
 * <p>Row i's non-zeros are {@code columns[rowStarts[i] .. rowStarts[i + 1])} (0-based column
 * indices) with {@code values} alongside. {@link SparsePass} runs the same loop over blocks of
 * rows on several cores.
 */
public final class SparseKernel {
    private SparseKernel() {
    }

    /**
     * Writes the gradient sum over the rows {@code order[from..to)} (a mini-batch; rows
     * {@code from..to} themselves when {@code order} is null) into {@code gradient}, overwriting it,
     * and returns the loss sum. Clearing the gradient costs O(d) besides the batch's non-zeros.
     *
     * @param parameters d weights, then the bias if {@code intercept}
     */
    public static double lossAndGradient(int[] rowStarts, int[] columns, double[] values, double[] y, int[] order,
                                         int from, int to, double[] parameters, boolean intercept, ScalarLoss loss,
                                         double[] gradient) {
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + parameters.length);
        }
        if (rowStarts.length != y.length + 1) {
            throw new IllegalArgumentException(rowStarts.length + " row starts for " + y.length + " rows");
        }
        CompensatedSum sum = new CompensatedSum();
        accumulate(rowStarts, columns, values, y, order, from, to, parameters, intercept, loss, gradient, 0, sum);
        return sum.value();
    }

    /**
     * The pass itself, unchecked: writes the gradient sum into {@code gradient[offset .. offset + p)}
     * (unless {@code gradient} is null: the loss alone) and adds the rows' losses to {@code sum}.
     */
    static void accumulate(int[] rowStarts, int[] columns, double[] values, double[] y, int[] order, int from, int to,
                           double[] parameters, boolean intercept, ScalarLoss loss, double[] gradient, int offset,
                           CompensatedSum sum) {
        int d = parameters.length - (intercept ? 1 : 0);
        boolean withGradient = gradient != null;
        if (withGradient) {
            Arrays.fill(gradient, offset, offset + parameters.length, 0);
        }
        double bias = intercept ? parameters[d] : 0;
        double biasGradient = 0;
        for (int k = from; k < to; k++) {
            int i = order == null ? k : order[k];
            int start = rowStarts[i];
            int end = rowStarts[i + 1];
            double prediction = 0; // the bias is added last, as the dense pass does
            for (int at = start; at < end; at++) {
                prediction += parameters[columns[at]] * values[at];
            }
            prediction += bias;
            sum.add(loss.value(prediction, y[i]));
            double r = loss.derivative(prediction, y[i]);
            if (withGradient) {
                for (int at = start; at < end; at++) {
                    gradient[offset + columns[at]] += r * values[at];
                }
            }
            biasGradient += r;
        }
        if (withGradient && intercept) {
            gradient[offset + d] = biasGradient;
        }
    }
}
