package dev.descent.solve;

import dev.descent.data.Dataset;
import dev.descent.data.DenseRows;
import dev.descent.data.Rows;
import dev.descent.kernel.FusedPass;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;

/**
 * The curvature of a loss on a linear model, which bounds the learning rates at which gradient
 * descent is stable: it converges for {@code lr < 2/L}, where L bounds the largest eigenvalue of
 * the Hessian {@code c * factor * A^T A + l2 I} ({@code A} the design, with a column of ones for the
 * intercept; {@code c} the loss's largest second derivative, 2 for squared error; {@code factor}
 * 1/n for a mean, 1 for a sum). For squared loss the bound is the exact largest eigenvalue.
 */
public final class Curvature {
    private static final int MAX_ITERATIONS = 500;

    private Curvature() {
    }

    /** L for any loss with a bounded second derivative, plus the L2 penalty's {@code l2}; NaN for a loss that is not smooth. */
    public static double smoothness(Rows data, boolean intercept, Loss loss, Penalty penalty) {
        double bound = loss.curvatureBound();
        if (Double.isNaN(bound)) {
            return Double.NaN;
        }
        return bound * loss.reduction().factor(data.rowCount()) * largestGramEigenvalue(data, intercept) + penalty.l2();
    }

    /**
     * The largest eigenvalue of {@code A^T A}: for dense rows and few parameters exactly, from
     * {@code A^T A} formed in one pass; else by power iteration, one fused pass per iteration, never
     * forming {@code A^T A} (to about 1e-10 relative, or less where the top eigenvalues lie close).
     */
    public static double largestGramEigenvalue(Rows data, boolean intercept) {
        int d = data.featureCount();
        int p = d + (intercept ? 1 : 0);
        if (data instanceof DenseRows dense && p <= NormalEquations.FEW_PARAMETERS) {
            double[] eigenvalues = SymmetricEigen.eigenvalues(gram(dense, intercept), p);
            return eigenvalues[p - 1];
        }
        // A^T (A v) is half the gradient of the summed squared error of predictions A v against targets 0:
        // the fused pass computes it on every core.
        FusedPass pass = data.withTarget(new double[data.rowCount()]).linearPass(intercept);
        double[] v = new double[p];
        for (int k = 0; k < p; k++) {
            v[k] = 1 + 0.01 * k; // deterministic, and not orthogonal to the top eigenvector in practice
        }
        normalise(v);
        double[] next = new double[p];
        double eigenvalue = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            pass.lossAndGradient(v, Loss.sse(), next);
            double estimate = normalise(next) / 2;
            double[] swap = v;
            v = next;
            next = swap;
            if (Math.abs(estimate - eigenvalue) <= 1e-10 * estimate) {
                eigenvalue = estimate;
                break;
            }
            eigenvalue = estimate;
        }
        return eigenvalue;
    }

    /**
     * The eigenvalues of the squared loss's Hessian {@code 2 * factor * A^T A}, ascending: the
     * curvature in each principal direction. Forms the p x p matrix, so it is for explaining small
     * models, not for training large ones.
     */
    public static double[] squaredLossHessianEigenvalues(Dataset data, boolean intercept, Reduction reduction) {
        double[] hessian = gram(data, intercept);
        double scale = 2 * reduction.factor(data.rowCount());
        for (int k = 0; k < hessian.length; k++) {
            hessian[k] *= scale;
        }
        return SymmetricEigen.eigenvalues(hessian, data.featureCount() + (intercept ? 1 : 0));
    }

    /** {@code A^T A}, row-major. */
    private static double[] gram(DenseRows data, boolean intercept) {
        return NormalEquations.gram(data, intercept).gram();
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double value : v) {
            norm = Math.hypot(norm, value);
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= norm;
        }
        return norm;
    }
}
