package dev.descent.solve;

import dev.descent.kernel.CompensatedSum;
import java.util.Arrays;

/**
 * Levenberg-Marquardt for nonlinear least squares: minimises {@code F(theta) = sum_i r_i(theta)^2}
 * given the residuals and their exact Jacobian J.
 *
 * <p>Each iteration solves {@code min ||J delta + r||^2 + lambda ||D delta||^2}: Gauss-Newton's step
 * when lambda is small, a short gradient-descent step when it is large. D holds the largest norm each
 * column of J has had (Moré's scaling, which makes the method indifferent to the parameters' units).
 * lambda shrinks after a step that reduced F about as the linear model predicted and grows after
 * one that did not (Nielsen's rule). The step is solved by Householder QR, first of J, then of the
 * small {@code [R; sqrt(lambda) D]}, never by forming {@code J^T J}, whose condition number is the
 * square of J's: that is what keeps the last digits on ill-conditioned problems such as NIST's
 * Lanczos, Hahn1 or MGH10.
 *
 * <p>Bounds, when given, are kept by projecting each trial point onto the box.
 */
public final class LevenbergMarquardt {
    /** The residuals and Jacobian of a least-squares problem. */
    public interface Problem {
        int rows();

        int parameters();

        /** Writes {@code r_i(theta)} into {@code r}. */
        void residuals(double[] theta, double[] r);

        /** Writes {@code dr_i/dtheta_k} into {@code jacobian[i * p + k]}. */
        void jacobian(double[] theta, double[] jacobian);

        /** Row i and parameter k, for messages, such as "row 3 (x = 0) with respect to b". */
        default String describe(int row, int parameter) {
            return "row " + (row + 1) + " with respect to parameter " + (parameter + 1);
        }
    }

    /** Why the iterations stopped. */
    public enum Stop {
        /** The step no longer changes the parameters beyond the tolerance. */
        STEP_TOLERANCE("step_tolerance", "the step no longer changes the parameters"),
        /** The gradient is zero to rounding. */
        GRADIENT_TOLERANCE("gradient_tolerance", "the gradient is zero to rounding"),
        /** The iteration limit. */
        MAX_ITERATIONS("max_epochs", "ran all the iterations asked for");

        private final String key;
        private final String description;

        Stop(String key, String description) {
            this.key = key;
            this.description = description;
        }

        /** The name in JSON output, as the trainer's stop reasons are named. */
        public String key() {
            return key;
        }

        /** A phrase for people. */
        public String description() {
            return description;
        }
    }

    /**
     * The result: parameters, their sum of squares, and the R of J's QR factorisation there (upper triangular,
     * row-major p x p), from which the covariance follows.
     */
    public record Result(double[] parameters, double sumOfSquares, double[] r, int iterations, int evaluations, Stop stop) {
    }

    /** Gains in the sum of squares below this fraction of it are taken as rounding. */
    private static final double ROUNDING = 1e-12;
    /** The most a step taken on trust may raise the sum of squares: a few roundings of a compensated sum. */
    private static final double NOISE = 1e-15;
    /** How much shorter than the last a step taken on trust must be: steps that stop shrinking are rounding. */
    private static final double SHRINK = 0.9;

    private final int maxIterations;
    private final double tolerance;
    private final double[] lower;
    private final double[] upper;

    /**
     * @param maxIterations the most Jacobians to evaluate
     * @param tolerance     stop when a step changes the scaled parameters by at most this relative amount (1e-15
     *                      takes them as far as double precision allows). A test on the sum of squares would stop
     *                      too soon: near the minimum it changes with the square of the parameters' error.
     * @param lower         lower bounds, or null
     * @param upper         upper bounds, or null
     */
    public LevenbergMarquardt(int maxIterations, double tolerance, double[] lower, double[] upper) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("at least one iteration, got " + maxIterations);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("the tolerance must be >= 0, got " + tolerance);
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.lower = lower == null ? null : lower.clone();
        this.upper = upper == null ? null : upper.clone();
    }

    /**
     * Minimises from {@code start} (moved into the bounds first).
     *
     * @throws NotFiniteException if the residuals at the start, or the Jacobian at any point reached, are not finite
     */
    public Result minimize(Problem problem, double[] start) throws NotFiniteException {
        int n = problem.rows();
        int p = problem.parameters();
        double[] x = start.clone();
        project(x);
        double[] r = new double[n];
        double[] trialR = new double[n];
        double[] jacobian = new double[n * p];
        double[] trial = new double[p];
        double[] scale = new double[p];
        problem.residuals(x, r);
        double f = sumOfSquares(r);
        int evaluations = 1;
        if (!Double.isFinite(f)) {
            throw new NotFiniteException("the residuals at the starting point are not finite (sum of squares " + f + ")");
        }
        double lambda = 1e-3;
        double growth = 2;
        boolean[] fixed = new boolean[p];
        Stop stop = Stop.MAX_ITERATIONS;
        int iteration = 0;
        double trustedStep = Double.POSITIVE_INFINITY;
        iterations:
        while (iteration < maxIterations) {
            iteration++;
            jacobian(problem, x, jacobian);
            for (int k = 0; k < p; k++) {
                scale[k] = Math.max(scale[k], columnNorm(jacobian, n, p, k));
            }
            double[] gradient = gradient(jacobian, r, n, p);
            int free = activeSet(x, gradient, fixed);
            if (f == 0 || gradientVanishes(jacobian, gradient, fixed, n, p, f)) {
                stop = Stop.GRADIENT_TOLERANCE;
                break;
            }
            // The step moves only the free parameters: those at a bound that the gradient pushes out stay there.
            double[] freeJacobian = columns(jacobian, n, p, fixed, free);
            double[] freeScale = columns(scale, 1, p, fixed, free);
            double[] rFactor = new double[free * free];
            double[] qtr = new double[free];
            factor(freeJacobian, r, n, free, rFactor, qtr);
            while (true) {
                double[] freeDelta = dampedStep(rFactor, qtr, freeScale, lambda, free);
                for (int k = 0, j = 0; k < p; k++) {
                    trial[k] = fixed[k] ? x[k] : x[k] + freeDelta[j++];
                }
                project(trial);
                double[] delta = new double[p];
                for (int k = 0, j = 0; k < p; k++) {
                    delta[k] = trial[k] - x[k];
                    if (!fixed[k]) {
                        freeDelta[j++] = delta[k];
                    }
                }
                double predicted = predictedReduction(rFactor, qtr, freeDelta, free);
                problem.residuals(trial, trialR);
                evaluations++;
                double fTrial = sumOfSquares(trialR);
                double stepSize = scaledNorm(delta, scale);
                double size = scaledNorm(x, scale);
                // Where the step's predicted gain is below the rounding in the sum of squares, comparing sums cannot
                // judge it: the step of the linear model is taken on trust while the steps keep shrinking and the sum
                // does not grow beyond rounding. Without this the last digits, which only such steps reach, are lost
                // (on a problem with large residuals, such as ENSO, the steps shrink only geometrically).
                boolean belowRounding = predicted >= 0 && predicted <= ROUNDING * f;
                boolean accepted = Double.isFinite(fTrial) && (fTrial < f && predicted > 0 && !belowRounding
                        || belowRounding && fTrial <= f * (1 + NOISE) && stepSize < SHRINK * trustedStep);
                if (accepted) {
                    trustedStep = belowRounding ? stepSize : Double.POSITIVE_INFINITY;
                    double rho = belowRounding ? 1 : (f - fTrial) / predicted;
                    System.arraycopy(trial, 0, x, 0, p);
                    System.arraycopy(trialR, 0, r, 0, n);
                    f = fTrial;
                    lambda *= Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3));
                    growth = 2;
                    if (stepSize <= tolerance * size) {
                        stop = Stop.STEP_TOLERANCE;
                        break iterations;
                    }
                    continue iterations;
                }
                // rejected: a shorter step, closer to the gradient's direction
                if (stepSize <= tolerance * size || stepSize == 0 || lambda > 1e300) {
                    stop = Stop.STEP_TOLERANCE;
                    break iterations;
                }
                lambda *= growth;
                growth *= 2;
            }
        }
        // R at the parameters returned, over every parameter: the covariance is theirs
        jacobian(problem, x, jacobian);
        double[] rFactor = new double[p * p];
        factor(jacobian, r, n, p, rFactor, new double[p]);
        return new Result(x, f, rFactor, iteration, evaluations, stop);
    }

    /** The Jacobian at {@code theta}, refused where it is not a finite number. */
    private static void jacobian(Problem problem, double[] theta, double[] jacobian) throws NotFiniteException {
        problem.jacobian(theta, jacobian);
        int p = problem.parameters();
        for (int i = 0; i < jacobian.length; i++) {
            if (!Double.isFinite(jacobian[i])) {
                throw new NotFiniteException("the derivative of " + problem.describe(i / p, i % p) + " is "
                        + jacobian[i]);
            }
        }
    }

    /** {@code J^T r}: half the gradient of the sum of squares. */
    private static double[] gradient(double[] j, double[] r, int n, int p) {
        double[] g = new double[p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                g[k] += j[i * p + k] * r[i];
            }
        }
        return g;
    }

    /**
     * Marks in {@code fixed} the parameters at a bound that a step down the gradient would push through it; returns how
     * many stay free.
     */
    private int activeSet(double[] x, double[] gradient, boolean[] fixed) {
        int free = 0;
        for (int k = 0; k < x.length; k++) {
            fixed[k] = lower != null && x[k] <= lower[k] && gradient[k] > 0
                    || upper != null && x[k] >= upper[k] && gradient[k] < 0;
            free += fixed[k] ? 0 : 1;
        }
        return free;
    }

    /** The columns of the row-major {@code rows x p} matrix that are not fixed, as a {@code rows x free} matrix. */
    private static double[] columns(double[] matrix, int rows, int p, boolean[] fixed, int free) {
        double[] kept = new double[rows * free];
        for (int i = 0; i < rows; i++) {
            for (int k = 0, j = 0; k < p; k++) {
                if (!fixed[k]) {
                    kept[i * free + j++] = matrix[i * p + k];
                }
            }
        }
        return kept;
    }

    /** The R of the QR factorisation of the Jacobian at {@code theta} (row-major p x p), for the covariance there. */
    static double[] jacobianR(Problem problem, double[] theta) throws NotFiniteException {
        int n = problem.rows();
        int p = problem.parameters();
        double[] r = new double[n];
        double[] jacobian = new double[n * p];
        problem.residuals(theta, r);
        jacobian(problem, theta, jacobian);
        double[] rFactor = new double[p * p];
        factor(jacobian, r, n, p, rFactor, new double[p]);
        return rFactor;
    }

    private void project(double[] x) {
        for (int k = 0; k < x.length; k++) {
            if (lower != null && x[k] < lower[k]) {
                x[k] = lower[k];
            }
            if (upper != null && x[k] > upper[k]) {
                x[k] = upper[k];
            }
        }
    }

    /**
     * Whether every free component of the gradient {@code J^T r} is rounding-small beside its column's and r's norms
     * (a parameter held at its bound has nothing more to give).
     */
    private static boolean gradientVanishes(double[] j, double[] gradient, boolean[] fixed, int n, int p, double f) {
        double rNorm = Math.sqrt(f);
        for (int k = 0; k < p; k++) {
            double c = columnNorm(j, n, p, k);
            if (!fixed[k] && c != 0 && Math.abs(gradient[k]) > 1e-15 * c * rNorm) {
                return false;
            }
        }
        return true;
    }

    /**
     * Householder QR of J (n x p) with r carried along: writes R (row-major p x p) and the first p values of
     * {@code Q^T r}. J is left as it was.
     */
    private static void factor(double[] jacobian, double[] r, int n, int p, double[] rFactor, double[] qtr) {
        double[] a = new double[n * p]; // column-major
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                a[k * n + i] = jacobian[i * p + k];
            }
        }
        double[] b = r.clone();
        Householder.reduce(a, n, p, b);
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < p; k++) {
                rFactor[i * p + k] = k >= i && i < n ? a[k * n + i] : 0;
            }
            qtr[i] = i < n ? b[i] : 0;
        }
    }

    /** The step minimising {@code ||R delta + qtr||^2 + lambda ||D delta||^2}, by QR of {@code [R; sqrt(lambda) D]}. */
    private static double[] dampedStep(double[] rFactor, double[] qtr, double[] scale, double lambda, int p) {
        int m = 2 * p;
        double[] a = new double[m * p]; // column-major
        double[] b = new double[m];
        double root = Math.sqrt(lambda);
        for (int k = 0; k < p; k++) {
            for (int i = 0; i <= k; i++) {
                a[k * m + i] = rFactor[i * p + k];
            }
            a[k * m + p + k] = root * (scale[k] > 0 ? scale[k] : 1);
            b[k] = -qtr[k];
        }
        Householder.reduce(a, m, p, b);
        double[] delta = new double[p];
        for (int k = p - 1; k >= 0; k--) {
            double s = b[k];
            for (int j = k + 1; j < p; j++) {
                s -= a[j * m + k] * delta[j];
            }
            delta[k] = a[k * m + k] == 0 ? 0 : s / a[k * m + k];
        }
        return delta;
    }

    /** {@code ||qtr||^2 - ||qtr + R delta||^2}: the fall in the sum of squares that the linear model predicts. */
    private static double predictedReduction(double[] rFactor, double[] qtr, double[] delta, int p) {
        double reduction = 0;
        for (int i = 0; i < p; i++) {
            double rd = 0;
            for (int k = i; k < p; k++) {
                rd += rFactor[i * p + k] * delta[k];
            }
            reduction -= rd * (2 * qtr[i] + rd); // qtr^2 - (qtr + rd)^2 = -rd (2 qtr + rd)
        }
        return reduction;
    }

    static double sumOfSquares(double[] r) {
        CompensatedSum sum = new CompensatedSum();
        for (double v : r) {
            sum.add(v * v);
        }
        return sum.value();
    }

    private static double columnNorm(double[] j, int n, int p, int k) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += j[i * p + k] * j[i * p + k];
        }
        return Math.sqrt(s);
    }

    private static double scaledNorm(double[] v, double[] scale) {
        double s = 0;
        for (int k = 0; k < v.length; k++) {
            double t = v[k] * (scale[k] > 0 ? scale[k] : 1);
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /** Householder reduction in place, shared by both factorisations. */
    static final class Householder {
        private Householder() {
        }

        /**
         * Reduces the column-major m x p matrix {@code a} to R (on and above its diagonal) by reflections, applied to
         * {@code b} as well. A column already zero below the diagonal is left as it is.
         */
        static void reduce(double[] a, int m, int p, double[] b) {
            for (int k = 0; k < Math.min(p, m); k++) {
                int base = k * m;
                double norm = HouseholderQr.norm(a, base + k, m - k);
                if (norm == 0) {
                    continue;
                }
                double alpha = a[base + k] > 0 ? -norm : norm;
                a[base + k] -= alpha;
                double half = -alpha * a[base + k]; // v^T v / 2
                for (int j = k + 1; j < p; j++) {
                    HouseholderQr.reflect(a, base, k, a, j * m, half, m);
                }
                HouseholderQr.reflect(a, base, k, b, 0, half, m);
                a[base + k] = alpha;
                for (int i = k + 1; i < m; i++) {
                    a[base + i] = 0;
                }
            }
        }
    }
}
