package dev.descent.solve;

import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.DenseRows;
import dev.descent.data.FloatDataset;
import dev.descent.kernel.GramPass;
import dev.descent.kernel.FusedPass;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import java.util.Arrays;

/**
 * The least-squares (or ridge) optimum through the normal equations {@code A^T A theta = A^T y}: one
 * parallel pass accumulates {@code A^T A}, a Cholesky factorisation solves it, and iterative
 * refinement with the exact gradient, one fused pass each, removes the error that forming
 * {@code A^T A} made.
 *
 * <p>Much faster than {@link LeastSquares} when there are many rows and few parameters (a pass
 * costs about p/4 gradient epochs and holds only p x p numbers), but it squares the condition
 * number: each refinement gains about {@code -log10(cond(A)^2 eps)} digits, and when a scaled
 * pivot shows that none would be gained it refuses, leaving the problem to QR.
 */
public final class NormalEquations {
    /**
     * The most parameters, bias included, for which one pass forming {@code A^T A} beats iterating: the
     * pass costs about p/4 gradient epochs, and beyond this the p x p sums no longer stay in cache.
     */
    public static final int FEW_PARAMETERS = 64;
    /** A scaled pivot below this means cond(A)^2 is near 1/eps: the factorisation has no digits left to refine. */
    private static final double SMALLEST_PIVOT = 1e-12;
    private static final int MAX_REFINEMENTS = 10;
    /**
     * Refinement stops after a step that moves the scaled parameters by less than this, relative to their size:
     * each step shrinks the error by the refinement's rate, so what is left is far smaller still.
     */
    private static final double SETTLED = 1e-12;
    /** Steps that stop shrinking at this size or below are rounding noise; above it, refinement is failing. */
    private static final double NOISE = 1e-10;
    /** Float32 features are widened for the Gram pass this many values (2 MB of doubles) at a time. */
    private static final int SLICE_VALUES = 1 << 18;

    private NormalEquations() {
    }

    /**
     * The linear model minimising {@code sum((y_pred - y)^2) + lambda ||w||^2} (the bias not penalised),
     * on all cores. For the mean loss plus {@code alpha/2 ||w||^2} use {@code lambda = n alpha / 2}.
     *
     * @throws DataException when the normal equations cannot solve the fit: too few rows, a zero feature,
     *                       or a feature (nearly) a combination of the others
     */
    public static LinearModel ridge(DenseRows data, boolean intercept, double lambda) throws DataException {
        LeastSquares.checkLambda(lambda);
        int n = data.rowCount();
        int d = data.featureCount();
        int p = d + (intercept ? 1 : 0);
        if (n < p && lambda == 0) {
            throw LeastSquares.tooFewRows(n, p);
        }
        GramPass.Normal normal;
        try {
            normal = gram(data, intercept);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage()); // too many parameters to hold p x p of them
        }
        FusedPass pass = data.linearPass(intercept);
        double[] theta = solve(normal, d, lambda, LeastSquares.parameterNames(data, intercept),
                (at, gradient) -> pass.lossAndGradient(at, Loss.sse(), gradient));
        return LeastSquares.model(data, intercept, theta);
    }

    /** The gradient of the summed squared error at {@code theta}, {@code 2 A^T (A theta - y)}, into {@code gradient}. */
    @FunctionalInterface
    public interface SquaresGradient {
        void at(double[] theta, double[] gradient) throws DataException;
    }

    /**
     * The ridge solution from the normal equations {@code normal} (the Gram matrix and moments of {@code d} features and
     * perhaps an intercept, summed wherever the rows are), refined with the data's own gradient, {@code squares}, until
     * the steps settle: the solve of {@link #ridge}, for rows that are not all in this process (such as a Spark
     * Dataset's partitions, whose sums are added).
     *
     * @param names a name per parameter, for the message when one depends on the others
     */
    public static double[] solve(GramPass.Normal normal, int d, double lambda, String[] names, SquaresGradient squares)
            throws DataException {
        int p = normal.parameters();
        double[] gram = normal.gram().clone();
        for (int j = 0; j < d; j++) {
            gram[j * p + j] += lambda;
        }
        Cholesky cholesky = Cholesky.factor(gram, p, names);
        double[] theta = cholesky.solve(normal.moments());

        // Refine: theta -= (A^T A + lambda I)^-1 (A^T (A theta - y) + lambda w), the gradient taken from the data.
        double[] gradient = new double[p];
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 0; ; iteration++) {
            squares.at(theta, gradient); // the sum of 2 r x: twice A^T (A theta - y)
            for (int k = 0; k < p; k++) {
                gradient[k] = gradient[k] / 2 + (k < d ? lambda * theta[k] : 0);
            }
            double[] step = cholesky.solve(gradient);
            double change = 0;
            double size = 0;
            for (int k = 0; k < p; k++) {
                theta[k] -= step[k];
                change = Math.max(change, Math.abs(step[k]) * cholesky.scale(k));
                size = Math.max(size, Math.abs(theta[k]) * cholesky.scale(k));
            }
            if (change <= SETTLED * size) {
                return theta;
            }
            if (change > previous / 2 || iteration == MAX_REFINEMENTS - 1) {
                if (change <= NOISE * size) {
                    return theta;
                }
                throw new DataException("the normal equations cannot solve this fit: it is too ill-conditioned for"
                        + " them to converge; solve by QR (--solver exact)");
            }
            previous = change;
        }
    }

    /**
     * {@code A^T A} and {@code A^T y} in one pass on all cores. Float32 features are widened a slice at a
     * time into one buffer and each slice summed by the double pass, slice after slice (so the bits do not
     * depend on the number of threads either): they are never held as doubles, and widening costs nothing
     * beside the p / 2 products per value that forming {@code A^T A} takes.
     *
     * @throws IllegalArgumentException when there are too many parameters to hold p x p of them
     */
    static GramPass.Normal gram(DenseRows data, boolean intercept) {
        int d = data.featureCount();
        if (data instanceof Dataset doubles) {
            return new GramPass(doubles.featureData(), doubles.targetData(), d, intercept).compute(Integer.MAX_VALUE);
        }
        float[] x = ((FloatDataset) data).featureData();
        double[] y = data.targetData();
        int n = y.length;
        int sliceRows = Math.min(n, Math.max(1, SLICE_VALUES / d));
        // One pass over one buffer serves every whole slice (a pass holds a slot of p x p sums per block); the last,
        // short slice gets its own.
        double[] widened = new double[sliceRows * d];
        double[] ySlice = new double[sliceRows];
        GramPass whole = new GramPass(widened, ySlice, d, intercept);
        double[] gram = null;
        double[] moments = null;
        for (int from = 0; from < n; from += sliceRows) {
            int rows = Math.min(sliceRows, n - from);
            double[] slice = rows == sliceRows ? widened : new double[rows * d];
            for (int k = 0; k < slice.length; k++) {
                slice[k] = x[from * d + k];
            }
            GramPass.Normal part;
            if (rows == sliceRows) {
                System.arraycopy(y, from, ySlice, 0, rows);
                part = whole.compute(Integer.MAX_VALUE);
            } else {
                part = new GramPass(slice, Arrays.copyOfRange(y, from, from + rows), d, intercept).compute(Integer.MAX_VALUE);
            }
            if (gram == null) {
                gram = part.gram();
                moments = part.moments();
            } else {
                for (int k = 0; k < gram.length; k++) {
                    gram[k] += part.gram()[k];
                }
                for (int k = 0; k < moments.length; k++) {
                    moments[k] += part.moments()[k];
                }
            }
        }
        return new GramPass.Normal(gram, moments, d + (intercept ? 1 : 0));
    }

    /**
     * {@code S G S = L L^T} for a symmetric positive definite G, with S the diagonal that gives
     * {@code S G S} a unit diagonal, so that features of very different scales factor as well as alike ones.
     */
    private static final class Cholesky {
        private final int p;
        private final double[] lower;
        /** {@code 1 / S}: the square roots of G's diagonal. */
        private final double[] scales;

        private Cholesky(int p, double[] lower, double[] scales) {
            this.p = p;
            this.lower = lower;
            this.scales = scales;
        }

        static Cholesky factor(double[] g, int p, String[] names) throws DataException {
            double[] scales = new double[p];
            for (int k = 0; k < p; k++) {
                if (!(g[k * p + k] > 0)) {
                    throw new DataException("the fit is not unique: " + names[k] + " is zero in every row"
                            + "; drop it from the features");
                }
                scales[k] = Math.sqrt(g[k * p + k]);
            }
            double[] l = new double[p * p];
            for (int j = 0; j < p; j++) {
                for (int i = j; i < p; i++) {
                    double sum = g[i * p + j] / (scales[i] * scales[j]);
                    for (int k = 0; k < j; k++) {
                        sum -= l[i * p + k] * l[j * p + k];
                    }
                    if (i == j) {
                        // The pivot is the share of the feature's (uncentred) size that the ones before it
                        // do not explain: near zero, the feature is nearly a combination of them.
                        if (!(sum > SMALLEST_PIVOT)) {
                            throw new DataException("the normal equations cannot solve this fit: " + names[j]
                                    + (j == 0 ? " is numerically zero" : " is (nearly) a linear combination of "
                                    + String.join(", ", Arrays.copyOf(names, j)))
                                    + "; drop it, or solve by QR (--solver exact)");
                        }
                        l[j * p + j] = Math.sqrt(sum);
                    } else {
                        l[i * p + j] = sum / l[j * p + j];
                    }
                }
            }
            return new Cholesky(p, l, scales);
        }

        /** {@code G^-1 b}. */
        double[] solve(double[] b) {
            double[] z = new double[p];
            for (int i = 0; i < p; i++) {
                double sum = b[i] / scales[i];
                for (int k = 0; k < i; k++) {
                    sum -= lower[i * p + k] * z[k];
                }
                z[i] = sum / lower[i * p + i];
            }
            for (int i = p - 1; i >= 0; i--) {
                double sum = z[i];
                for (int k = i + 1; k < p; k++) {
                    sum -= lower[k * p + i] * z[k];
                }
                z[i] = sum / lower[i * p + i];
            }
            for (int i = 0; i < p; i++) {
                z[i] /= scales[i];
            }
            return z;
        }

        /** How much a unit of parameter k weighs in the fit: the size of its column. */
        double scale(int k) {
            return scales[k];
        }
    }
}
