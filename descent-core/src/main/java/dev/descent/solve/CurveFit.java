package dev.descent.solve;

import dev.descent.data.Dataset;
import dev.descent.expr.Tape;
import dev.descent.model.FormulaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Least-squares curve fitting of a formula model by {@link LevenbergMarquardt} with the exact
 * Jacobian (reverse-mode differentiation of the compiled formula, never finite differences), and the
 * statistics curve-fitting users expect: standard errors, covariance and correlation of the
 * estimates, the residual sum of squares and standard deviation.
 *
 * <p>With weights (a column of sigmas, as scipy's {@code curve_fit} takes them) each residual is
 * divided by its sigma; the covariance is then scaled by the residual variance, as {@code curve_fit}
 * does by default ({@code absolute_sigma=False}) and as R's {@code nls} does.
 */
public final class CurveFit {
    /** A Jacobian column whose part outside the span of the columns before it is below this fraction of it is dependent. */
    private static final double DEPENDENCE = 1e-12;

    private CurveFit() {
    }

    /**
     * A fitted curve and its statistics.
     *
     * @param covariance row-major p x p; every entry +infinity when the parameters are not all identifiable
     * @param dependent  the parameters whose Jacobian column is (to rounding) a combination of the ones before it:
     *                   the data cannot tell them apart, and the covariance is infinite, as {@code curve_fit} makes it
     */
    public record Result(FormulaModel model, double residualSumOfSquares, int degreesOfFreedom, double[] covariance,
                         List<String> dependent, int iterations, int evaluations, LevenbergMarquardt.Stop stop) {

        /** {@code sqrt(RSS / (n - p))}, in the units of the (weighted) residuals. */
        public double residualStandardDeviation() {
            return Math.sqrt(residualSumOfSquares / degreesOfFreedom);
        }

        /** The square roots of the covariance's diagonal. */
        public double[] standardErrors() {
            int p = model.parameterNames().size();
            double[] se = new double[p];
            for (int k = 0; k < p; k++) {
                se[k] = Math.sqrt(covariance[k * p + k]);
            }
            return se;
        }

        /** The covariance scaled to a unit diagonal, row-major p x p. */
        public double[] correlation() {
            int p = model.parameterNames().size();
            double[] se = standardErrors();
            double[] c = new double[p * p];
            for (int i = 0; i < p; i++) {
                for (int k = 0; k < p; k++) {
                    c[i * p + k] = covariance[i * p + k] / (se[i] * se[k]);
                }
            }
            return c;
        }
    }

    /**
     * Fits {@code start}'s formula to {@code data} (whose features are the formula's columns), from {@code start}'s
     * parameters.
     *
     * @param sigma per-row standard deviations of the target (weights 1/sigma^2), or null
     * @param lower lower bounds per parameter, or null
     * @param upper upper bounds per parameter, or null
     */
    public static Result fit(FormulaModel start, Dataset data, double[] sigma, double[] lower, double[] upper,
                             int maxIterations, double tolerance) throws NotFiniteException {
        int n = data.rowCount();
        int p = start.parameterNames().size();
        checkColumns(start, data);
        if (n <= p) {
            throw new IllegalArgumentException(n + " rows cannot determine " + p + " parameters; least squares needs more rows than parameters");
        }
        LevenbergMarquardt.Problem problem = new Residuals(start, data, sigma);
        LevenbergMarquardt.Result r = new LevenbergMarquardt(maxIterations, tolerance, lower, upper)
                .minimize(problem, start.parameters());
        return statistics(start.withParameters(r.parameters()), r.sumOfSquares(), n, r.r(), r.iterations(),
                r.evaluations(), r.stop());
    }

    /**
     * The least-squares statistics of {@code model} as it stands (fitted some other way, by gradient descent): its
     * residual sum of squares and the covariance of its parameters there.
     */
    public static Result at(FormulaModel model, Dataset data, double[] sigma) throws NotFiniteException {
        int n = data.rowCount();
        int p = model.parameterNames().size();
        if (n <= p) {
            throw new IllegalArgumentException(n + " rows cannot determine " + p + " parameters");
        }
        checkColumns(model, data);
        Residuals problem = new Residuals(model, data, sigma);
        double[] theta = model.parameters();
        double[] r = new double[n];
        problem.residuals(theta, r);
        return statistics(model, LevenbergMarquardt.sumOfSquares(r), n, LevenbergMarquardt.jacobianR(problem, theta), 0, 1,
                null);
    }

    /** The covariance {@code s^2 (R^T R)^-1}, with {@code s^2 = RSS / (n - p)}, or infinite where R is singular. */
    private static Result statistics(FormulaModel model, double rss, int n, double[] rFactor, int iterations,
                                     int evaluations, LevenbergMarquardt.Stop stop) {
        int p = model.parameterNames().size();
        List<String> dependent = new ArrayList<>();
        for (int k = 0; k < p; k++) {
            double column = 0;
            for (int i = 0; i <= k; i++) {
                column = Math.hypot(column, rFactor[i * p + k]);
            }
            // the part of column k outside the span of the columns before it, against the column: as HouseholderQr judges
            if (!(Math.abs(rFactor[k * p + k]) > DEPENDENCE * column)) {
                dependent.add(model.parameterNames().get(k));
            }
        }
        double[] covariance = new double[p * p];
        if (dependent.isEmpty()) {
            covariance = covariance(rFactor, p, rss / (n - p));
        } else {
            Arrays.fill(covariance, Double.POSITIVE_INFINITY);
        }
        return new Result(model, rss, n - p, covariance, List.copyOf(dependent), iterations, evaluations, stop);
    }

    private static void checkColumns(FormulaModel model, Dataset data) {
        if (!model.columns().equals(data.featureNames())) {
            throw new IllegalArgumentException("the formula reads the columns " + model.columns() + " in that order; the"
                    + " data has " + data.featureNames() + " (select them with Dataset.select)");
        }
    }

    private static double[] covariance(double[] rFactor, int p, double variance) {
        double[] covariance = inverseOfRtR(rFactor, p);
        for (int i = 0; i < covariance.length; i++) {
            covariance[i] *= variance;
        }
        return covariance;
    }

    /** {@code (R^T R)^-1 = R^-1 R^-T} for upper-triangular R (row-major p x p): NaN where R is singular. */
    static double[] inverseOfRtR(double[] r, int p) {
        double[] inverse = new double[p * p]; // R^-1, upper triangular
        for (int j = 0; j < p; j++) {
            for (int i = j; i >= 0; i--) {
                double s = i == j ? 1 : 0;
                for (int k = i + 1; k <= j; k++) {
                    s -= r[i * p + k] * inverse[k * p + j];
                }
                inverse[i * p + j] = s / r[i * p + i];
            }
        }
        double[] c = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = Math.max(i, j); k < p; k++) {
                    s += inverse[i * p + k] * inverse[j * p + k];
                }
                c[i * p + j] = s;
            }
        }
        return c;
    }

    /** {@code r_i = (f(x_i) - y_i) / sigma_i} and its Jacobian, from the compiled formula. */
    private static final class Residuals implements LevenbergMarquardt.Problem {
        private final FormulaModel form;
        private final Tape tape;
        private final double[] x;
        private final double[] y;
        private final double[] sigma;
        private final int d;

        Residuals(FormulaModel form, Dataset data, double[] sigma) {
            this.form = form;
            this.tape = new Tape(form.program());
            this.x = data.featureData();
            this.y = data.targetData();
            this.d = data.featureCount();
            this.sigma = sigma;
        }

        @Override
        public int rows() {
            return y.length;
        }

        @Override
        public String describe(int row, int parameter) {
            StringBuilder s = new StringBuilder("row ").append(row + 1).append(" (");
            for (int j = 0; j < d; j++) {
                s.append(j == 0 ? "" : ", ").append(form.columns().get(j)).append(" = ").append(x[row * d + j]);
            }
            return s.append(") with respect to ").append(form.parameterNames().get(parameter)).toString();
        }

        @Override
        public int parameters() {
            return form.parameterNames().size();
        }

        @Override
        public void residuals(double[] theta, double[] r) {
            tape.setParameters(theta);
            for (int from = 0; from < y.length; from += Tape.ROWS) {
                int to = Math.min(y.length, from + Tape.ROWS);
                double[] predictions = tape.forward(x, d, null, from, to);
                for (int i = from; i < to; i++) {
                    double residual = predictions[i - from] - y[i];
                    r[i] = sigma == null ? residual : residual / sigma[i];
                }
            }
        }

        @Override
        public void jacobian(double[] theta, double[] jacobian) {
            tape.setParameters(theta);
            int p = parameters();
            for (int from = 0; from < y.length; from += Tape.ROWS) {
                tape.jacobian(x, d, from, Math.min(y.length, from + Tape.ROWS), jacobian);
            }
            if (sigma != null) {
                for (int i = 0; i < y.length; i++) {
                    for (int k = 0; k < p; k++) {
                        jacobian[i * p + k] /= sigma[i];
                    }
                }
            }
        }
    }
}
