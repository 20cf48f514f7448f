package dev.descent.solve;

/**
 * Sums of products computed as if in twice the working precision, rounded once at the end
 * (Ogita, Rump and Oishi's Dot2: error-free products by fused multiply-add, error-free sums by
 * TwoSum). Refinement needs residuals this accurate or it cannot gain digits.
 *
 * <p>T. Ogita, S. M. Rump, S. Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26 (2005).
 */
final class Accurate {
    private Accurate() {
    }

    /**
     * {@code f = b - r - A theta} and {@code g = -A^T r}, with A and b taken as their doubles plus
     * their residues.
     */
    static void augmentedResiduals(LeastSquares.Problem problem, double[] r, double[] theta, double[] f, double[] g) {
        int rows = problem.rows();
        int columns = problem.columns();
        double[] a = problem.a();
        double[] aResidue = problem.aResidue();
        for (int i = 0; i < rows; i++) {
            Dot2 sum = new Dot2(problem.b()[i]);
            if (problem.bResidue() != null) {
                sum.add(1, problem.bResidue()[i]);
            }
            sum.add(-1, r[i]);
            for (int j = 0; j < columns; j++) {
                sum.add(-a[i * columns + j], theta[j]);
                if (aResidue != null) {
                    sum.add(-aResidue[i * columns + j], theta[j]);
                }
            }
            f[i] = sum.value();
        }
        for (int j = 0; j < columns; j++) {
            Dot2 sum = new Dot2(0);
            for (int i = 0; i < rows; i++) {
                sum.add(-a[i * columns + j], r[i]);
                if (aResidue != null) {
                    sum.add(-aResidue[i * columns + j], r[i]);
                }
            }
            g[j] = sum.value();
        }
    }

    /** A running sum of products with its rounding error carried alongside. */
    private static final class Dot2 {
        private double sum;
        private double error;

        Dot2(double start) {
            sum = start;
        }

        void add(double x, double y) {
            double product = x * y;
            double productError = Math.fma(x, y, -product);
            double t = sum + product;
            double z = t - sum;
            error += (sum - (t - z)) + (product - z) + productError;
            sum = t;
        }

        double value() {
            return sum + error;
        }
    }
}
