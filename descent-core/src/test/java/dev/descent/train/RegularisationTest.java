package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.solve.LeastSquares;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Ridge, lasso and elastic net on MSE, {@code mean((Xw + b - y)^2) + l2/2 |w|^2 + l1 |w|_1} with the bias
 * unpenalised, against solutions computed here: the ridge normal equations
 * {@code ((2/n) A^T A + l2 D) theta = (2/n) A^T y}, D = diag(1, .., 1, 0), by Gaussian elimination; and for
 * the L1 penalties the same equations on the support S with the signs s of the nonzero weights,
 * {@code ((2/n) A^T A + l2 D)_SS theta_S = ((2/n) A^T y)_S - l1 s_S}, whose answer is the exact optimum once it
 * satisfies the optimality (KKT) conditions off the support, which the test checks.
 */
class RegularisationTest {

    private static LinearModel zeros(LinearProblem problem) {
        return LinearModel.zeros(problem.data.featureNames(), true);
    }

    /** The Hessian of the smooth part, (2/n) A^T A + l2 D (the bias, last, unpenalised). */
    private static double[][] smoothHessian(LinearProblem problem, double l2) {
        double[][] h = problem.hessian();
        for (int j = 0; j < problem.d; j++) {
            h[j][j] += l2;
        }
        return h;
    }

    /** The largest eigenvalue of a symmetric matrix by Jacobi (ConvergenceTest). */
    private static double largest(double[][] m) {
        double max = Double.NEGATIVE_INFINITY;
        for (double e : ConvergenceTest.jacobiEigenvalues(m)) {
            max = Math.max(max, e);
        }
        return max;
    }

    private static double smallest(double[][] m) {
        double min = Double.POSITIVE_INFINITY;
        for (double e : ConvergenceTest.jacobiEigenvalues(m)) {
            min = Math.min(min, e);
        }
        return min;
    }

    /**
     * Solves the penalised normal equations on the support {@code support} (indices into theta, the bias
     * included) with the given signs for the L1 term (0 for the bias); parameters off the support are 0.
     */
    private static double[] solveOnSupport(LinearProblem problem, double l1, double l2, int[] support, double[] signs) {
        double[][] h = smoothHessian(problem, l2);
        double[] b = problem.rightHandSide();
        int s = support.length;
        double[][] reduced = new double[s][s];
        double[] rhs = new double[s];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                reduced[r][c] = h[support[r]][support[c]];
            }
            rhs[r] = b[support[r]] - l1 * signs[r];
        }
        double[] x = LinearProblem.solve(reduced, rhs);
        double[] theta = new double[problem.p];
        for (int r = 0; r < s; r++) {
            theta[support[r]] = x[r];
        }
        return theta;
    }

    @Test
    void ridgeMatchesTheClosedFormWithAnUnpenalisedBias() throws DivergenceException, DataException {
        LinearProblem problem = LinearProblem.gaussian(21, 300, new double[] {1.5, -2, 0.5, 1}, 0.7, 0.5);
        double alpha = 0.5;
        int all = problem.p;
        int[] everything = new int[all];
        for (int k = 0; k < all; k++) {
            everything[k] = k;
        }
        double[] ridge = solveOnSupport(problem, 0, alpha, everything, new double[all]);
        double size = Math.max(1, LinearProblem.maxAbs(ridge));

        // The penalty matters here: ridge shrinks the weights visibly from least squares (by ~alpha/(2 + alpha) = 20%).
        double[] ols = LeastSquares.fit(problem.data, true).parameters();
        assertTrue(Math.abs(ols[1] - ridge[1]) > 0.1, "ridge " + ridge[1] + " vs least squares " + ols[1]);

        // Gradient descent at 1/L' (L' the smooth part's curvature), certified: rate 1 - mu'/L' per epoch.
        double[][] h = smoothHessian(problem, alpha);
        double lPrime = largest(h);
        double rate = 1 - smallest(h) / lPrime;
        int epochs = 400;
        assertTrue(5 * Math.pow(rate, epochs) < 1e-14, "too few epochs for rate " + rate);
        Fit gd = Trainer.builder().optimizer(new GradientDescent(1 / lPrime)).penalty(new Penalty(0, alpha)).epochs(epochs)
                .build().fit(problem.data, zeros(problem));
        double[] fitted = gd.model().parameters();
        for (int k = 0; k < all; k++) {
            // Converged to rounding: 1e-8 is generous against ~1e-14 and tight against the 20% shrinkage.
            assertEquals(ridge[k], fitted[k], 1e-8 * size, "gradient descent, parameter " + k);
        }
        // The recorded loss is the penalised objective: MSE + alpha/2 |w|^2 (the bias excluded).
        double w2 = 0;
        for (int j = 0; j < problem.d; j++) {
            w2 += fitted[j] * fitted[j];
        }
        double objective = problem.mse(fitted) + alpha / 2 * w2;
        assertEquals(objective, gd.history().finalLoss(), 1e-13 * objective);
        assertNotEquals(problem.mse(fitted), gd.history().finalLoss(), 1e-3);

        // L-BFGS stopped by a gradient tolerance: |theta - ridge|_2 <= sqrt(p) gtol / mu'.
        double gtol = 1e-7;
        Fit lbfgs = Trainer.builder().optimizer(Lbfgs.standard()).penalty(new Penalty(0, alpha)).epochs(100)
                .gradientTolerance(gtol).build().fit(problem.data, zeros(problem));
        assertEquals(StopReason.GRADIENT_TOLERANCE, lbfgs.stopReason());
        double bound = Math.sqrt(all) * 1.01 * gtol / smallest(h);
        double[] quasiNewton = lbfgs.model().parameters();
        for (int k = 0; k < all; k++) {
            assertEquals(ridge[k], quasiNewton[k], bound, "L-BFGS, parameter " + k);
        }
    }

    /**
     * Checks the optimality conditions of {@code min mse + l2/2 |w|^2 + l1 |w|_1} at theta: with g the gradient of
     * the smooth part (recomputed here), g_bias = 0; g_j = -l1 sign(w_j) for w_j != 0; |g_j| <= l1 for w_j = 0.
     */
    private static void assertKkt(LinearProblem problem, double l1, double l2, double[] theta, double tolerance) {
        double[] g = problem.gradient(theta);
        for (int j = 0; j < problem.d; j++) {
            g[j] += l2 * theta[j];
        }
        assertEquals(0, g[problem.d], tolerance, "the bias's gradient");
        for (int j = 0; j < problem.d; j++) {
            if (theta[j] != 0) {
                assertEquals(-l1 * Math.signum(theta[j]), g[j], tolerance, "weight " + j + " = " + theta[j]);
            } else {
                assertTrue(Math.abs(g[j]) <= l1 + tolerance, "weight " + j + " is zero but |g| = " + Math.abs(g[j]) + " > " + l1);
            }
        }
    }

    /** Proximal gradient descent with the given penalty, certified to converge to rounding in {@code epochs}. */
    private static Fit proximalGradient(LinearProblem problem, Penalty penalty, int epochs) throws DivergenceException {
        // ISTA at 1/L' contracts like gradient descent on the smooth part: the prox is non-expansive.
        double[][] h = smoothHessian(problem, penalty.l2());
        double lPrime = largest(h);
        double rate = 1 - smallest(h) / lPrime;
        assertTrue(5 * Math.pow(rate, epochs) < 1e-14, "too few epochs for rate " + rate);
        return Trainer.builder().optimizer(new GradientDescent(1 / lPrime)).penalty(penalty).epochs(epochs).build()
                .fit(problem.data, zeros(problem));
    }

    /** Three relevant features, three whose true coefficient is zero. */
    private static LinearProblem sparseProblem() {
        return LinearProblem.gaussian(33, 300, new double[] {2, -1.5, 0.8, 0, 0, 0}, 0.5, 0.5);
    }

    @Test
    void lassoZeroesTheIrrelevantWeightsExactlyAndSatisfiesKkt() throws DivergenceException {
        LinearProblem problem = sparseProblem();
        // l1 = 0.3: the irrelevant features' gradients at the optimum are ~ (2/n) X_j^T r ~ 2 sigma / sqrt(n) = 0.06,
        // five of those below l1, so they are zeroed; the relevant weights shrink by only ~l1/2 = 0.15.
        double l1 = 0.3;
        Fit fit = proximalGradient(problem, new Penalty(l1, 0), 400);
        double[] theta = fit.model().parameters();
        for (int j = 3; j < 6; j++) {
            assertTrue(theta[j] == 0.0, "irrelevant weight " + j + " should be exactly zero, got " + theta[j]);
        }
        for (int j = 0; j < 3; j++) {
            assertTrue(Math.abs(theta[j]) > 0.5, "relevant weight " + j + " = " + theta[j]);
        }
        // At a fixed point of the proximal step the conditions hold to rounding (~1e-14); 1e-9 leaves room and is
        // still 3e8 times smaller than l1.
        assertKkt(problem, l1, 0, theta, 1e-9);

        // And the same optimum in closed form: on the support {0, 1, 2, bias} with signs (+, -, +), checked optimal.
        double[] exact = solveOnSupport(problem, l1, 0, new int[] {0, 1, 2, 6}, new double[] {1, -1, 1, 0});
        assertKkt(problem, l1, 0, exact, 1e-12);
        for (int k = 0; k < problem.p; k++) {
            assertEquals(exact[k], theta[k], 1e-9, "parameter " + k);
        }
        // The recorded loss is MSE + l1 |w|_1.
        double objective = problem.mse(theta) + l1 * (Math.abs(theta[0]) + Math.abs(theta[1]) + Math.abs(theta[2]));
        assertEquals(objective, fit.history().finalLoss(), 1e-13 * objective);
    }

    @Test
    void lassoWithALargeEnoughPenaltyZeroesEveryWeightButNotTheBias() throws DivergenceException {
        // All weights are zero at the optimum iff |g_j(0, b*)| <= l1 for every j, where b* = mean(y) is the optimal
        // bias alone: the smallest such l1 is max_j |(2/n) sum_i x_ij (b* - y_i)|. Just above it, every weight is 0
        // and the bias is mean(y), unshrunk.
        LinearProblem problem = sparseProblem();
        double mean = 0;
        for (double v : problem.y) {
            mean += v / problem.n;
        }
        double[] atMean = new double[problem.p];
        atMean[problem.d] = mean;
        double lMax = LinearProblem.maxAbs(Arrays.copyOf(problem.gradient(atMean), problem.d));
        Fit fit = proximalGradient(problem, new Penalty(1.01 * lMax, 0), 400);
        double[] theta = fit.model().parameters();
        for (int j = 0; j < problem.d; j++) {
            assertTrue(theta[j] == 0.0, "weight " + j + " = " + theta[j]);
        }
        assertEquals(mean, theta[problem.d], 1e-12 * Math.max(1, Math.abs(mean)));
    }

    @Test
    void elasticNetSatisfiesKktWithTheL2TermIncluded() throws DivergenceException {
        LinearProblem problem = sparseProblem();
        double l1 = 0.25;
        double l2 = 0.5;
        Fit fit = proximalGradient(problem, new Penalty(l1, l2), 400);
        double[] theta = fit.model().parameters();
        for (int j = 3; j < 6; j++) {
            assertTrue(theta[j] == 0.0, "irrelevant weight " + j + " should be exactly zero, got " + theta[j]);
        }
        assertKkt(problem, l1, l2, theta, 1e-9);
        double[] exact = solveOnSupport(problem, l1, l2, new int[] {0, 1, 2, 6}, new double[] {1, -1, 1, 0});
        assertKkt(problem, l1, l2, exact, 1e-12);
        for (int k = 0; k < problem.p; k++) {
            assertEquals(exact[k], theta[k], 1e-9, "parameter " + k);
        }
        // The L2 part shrinks beyond the lasso's: each relevant weight is smaller in size than with l1 alone.
        double[] lasso = solveOnSupport(problem, l1, 0, new int[] {0, 1, 2, 6}, new double[] {1, -1, 1, 0});
        for (int j = 0; j < 3; j++) {
            assertTrue(Math.abs(theta[j]) < Math.abs(lasso[j]) - 0.05, "weight " + j + ": " + theta[j] + " vs lasso " + lasso[j]);
        }
    }
}
