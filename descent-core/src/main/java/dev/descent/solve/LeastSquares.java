package dev.descent.solve;

import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.Rows;
import dev.descent.model.LinearModel;
import java.util.Arrays;

/**
 * The exact least-squares fit: the optimum that gradient descent on squared loss is heading for.
 *
 * <p>Householder QR of the design (never the normal equations, which square the condition
 * number), then Björck's iterative refinement of the augmented system
 * {@code [I A; A^T 0] [r; x] = [b; 0]} with residuals accumulated in twice the working precision.
 * Refinement recovers most of the digits that rounding in the factorisation loses on
 * ill-conditioned designs such as NIST's Filip and Wampler sets.
 *
 * <p>Å. Björck, "Iterative refinement of linear least squares solutions I", BIT 7 (1967), 257-278.
 */
public final class LeastSquares {
    private static final int MAX_REFINEMENTS = 10;

    private LeastSquares() {
    }

    /**
     * The linear model minimising the sum of squared errors on {@code data}.
     *
     * @throws DataException if the data cannot determine a unique fit (fewer rows than parameters,
     *                       or a feature that is a linear combination of the others)
     */
    public static LinearModel fit(Dataset data, boolean intercept) throws DataException {
        return ridge(data, intercept, 0);
    }

    /**
     * The linear model minimising {@code sum((y_pred - y)^2) + lambda ||w||^2} (the bias is not
     * penalised), by the same QR solve of the design with {@code sqrt(lambda) I} appended below the
     * weights' columns. For the mean loss plus {@code alpha/2 ||w||^2} use {@code lambda = n alpha / 2}.
     */
    public static LinearModel ridge(Dataset data, boolean intercept, double lambda) throws DataException {
        checkLambda(lambda);
        int n = data.rowCount();
        int d = data.featureCount();
        int p = d + (intercept ? 1 : 0);
        int extra = lambda > 0 ? d : 0;
        double[] design = designMatrix(data.featureData(), n, d, intercept, 1, extra);
        double[] target = Arrays.copyOf(data.targetData(), n + extra);
        for (int j = 0; j < extra; j++) {
            design[(n + j) * p + j] = Math.sqrt(lambda);
        }
        double[] designResidue = null;
        double[] targetResidue = null;
        if (data.residue().isPresent()) {
            designResidue = designMatrix(data.residue().get().features(), n, d, intercept, 0, extra);
            targetResidue = Arrays.copyOf(data.residue().get().target(), n + extra);
        }
        n += extra;
        double[] theta = solve(new Problem(design, designResidue, n, p, target, targetResidue), parameterNames(data, intercept));
        return model(data, intercept, theta);
    }

    static void checkLambda(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
    }

    /** A name per column of the design, for the message when one depends on the others. */
    static String[] parameterNames(Rows data, boolean intercept) {
        String[] names = data.featureNames().toArray(new String[data.featureCount() + (intercept ? 1 : 0)]);
        if (intercept) {
            names[data.featureCount()] = "the intercept";
        }
        return names;
    }

    /** The refusal of a fit with more parameters than rows. */
    static DataException tooFewRows(int rows, int parameters) {
        return new DataException("the fit has " + parameters + " parameters but the data only " + rows
                + (rows == 1 ? " row" : " rows") + "; it needs at least " + parameters);
    }

    /** The model of parameters {@code theta}: weights, then the bias if there is an intercept. */
    static LinearModel model(Rows data, boolean intercept, double[] theta) {
        int d = data.featureCount();
        return intercept
                ? LinearModel.of(data.featureNames(), Arrays.copyOf(theta, d), theta[d])
                : LinearModel.withoutIntercept(data.featureNames(), theta);
    }

    /** The row-major design: the features, then a column of {@code one} for the intercept; {@code extra} zero rows below. */
    private static double[] designMatrix(double[] x, int n, int d, boolean intercept, double one, int extra) {
        int p = d + (intercept ? 1 : 0);
        double[] design = new double[(n + extra) * p];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, design, i * p, d);
            if (intercept) {
                design[i * p + d] = one;
            }
        }
        return design;
    }

    /**
     * The {@code theta} minimising {@code ||A theta - b||}, for a row-major {@code rows x columns}
     * matrix {@code A} of full column rank.
     *
     * @param names a name per column, for the message when a column is dependent on the others
     */
    public static double[] solve(double[] a, int rows, int columns, double[] b, String[] names) throws DataException {
        return solve(new Problem(a, null, rows, columns, b, null), names);
    }

    private static double[] solve(Problem problem, String[] names) throws DataException {
        int[] exponents = problem.exponents();
        if (exponents == null) {
            return solveScaled(problem, names);
        }
        // Least squares does not change under a scaling of A's columns or of b, which powers of two make exactly:
        // solved with every column's largest entry near 1, no square in the factorisation overflows or underflows.
        double[] theta = solveScaled(problem.scaled(exponents), names);
        int target = exponents[problem.columns()];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = Math.scalb(theta[k], target - exponents[k]);
        }
        return theta;
    }

    private static double[] solveScaled(Problem problem, String[] names) throws DataException {
        int rows = problem.rows();
        int columns = problem.columns();
        if (rows < columns) {
            throw tooFewRows(rows, columns);
        }
        HouseholderQr qr = HouseholderQr.factor(problem.a(), rows, columns, names);
        double[] theta = qr.solve(problem.b());
        double[] residual = new double[rows];
        double[] f = new double[rows];
        double[] g = new double[columns];
        Accurate.augmentedResiduals(problem, residual, theta, f, g);
        System.arraycopy(f, 0, residual, 0, rows); // with r = 0, f is b - A theta
        for (int iteration = 0; iteration < MAX_REFINEMENTS; iteration++) {
            // f = b - r - A theta and g = -A^T r, each in twice the working precision and with the
            // residues of A and b, so that the refinement converges to the answer for the exact data.
            Accurate.augmentedResiduals(problem, residual, theta, f, g);
            double[] dr = new double[rows];
            double[] dtheta = qr.solveAugmented(f, g, dr);
            double change = 0;
            double size = 0;
            for (int k = 0; k < columns; k++) {
                theta[k] += dtheta[k];
                change = Math.max(change, Math.abs(dtheta[k]));
                size = Math.max(size, Math.abs(theta[k]));
            }
            for (int i = 0; i < rows; i++) {
                residual[i] += dr[i];
            }
            if (change <= 0x1p-53 * size) {
                break;
            }
        }
        return theta;
    }

    /**
     * {@code min ||A theta - b||} where the exact A and b are {@code a + aResidue} and
     * {@code b + bResidue} (the residues may be null when the doubles are exact).
     */
    record Problem(double[] a, double[] aResidue, int rows, int columns, double[] b, double[] bResidue) {
        /** Beyond 2^±256 a column's sum of squares may leave the doubles' range (2^±1022). */
        private static final int SAFE_EXPONENT = 256;

        /**
         * The binary exponent of each column's largest entry, then b's; null when all lie within 2^±256 and the
         * problem is solved as it is.
         */
        int[] exponents() {
            int[] exponents = new int[columns + 1];
            boolean needed = false;
            for (int k = 0; k <= columns; k++) {
                double largest = 0;
                for (int i = 0; i < rows; i++) {
                    largest = Math.max(largest, Math.abs(k < columns ? a[i * columns + k] : b[i]));
                }
                exponents[k] = largest > 0 && Double.isFinite(largest) ? Math.getExponent(largest) : 0;
                needed |= Math.abs(exponents[k]) > SAFE_EXPONENT;
            }
            return needed ? exponents : null;
        }

        /**
         * Each column k of A, and b, times {@code 2^-exponents[k]}: exact, as only the exponents change (but for an
         * entry so much smaller than its column's largest that it becomes subnormal, which then loses digits it could
         * not have moved the solution by).
         */
        Problem scaled(int[] exponents) {
            return new Problem(scaleColumns(a, exponents), aResidue == null ? null : scaleColumns(aResidue, exponents),
                    rows, columns, scale(b, exponents[columns]), bResidue == null ? null : scale(bResidue, exponents[columns]));
        }

        private double[] scaleColumns(double[] matrix, int[] exponents) {
            double[] scaled = new double[matrix.length];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = Math.scalb(matrix[i], -exponents[i % columns]);
            }
            return scaled;
        }

        private static double[] scale(double[] vector, int exponent) {
            double[] scaled = new double[vector.length];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = Math.scalb(vector[i], -exponent);
            }
            return scaled;
        }
    }
}
