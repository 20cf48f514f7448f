package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Schedule;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer, trained on a well-conditioned least-squares problem (n = 300, d = 4, standard-normal
 * features, intercept), reaches the optimum of the normal equations (solved in the test by elimination). The curvature
 * bounds mu and L (the extreme eigenvalues of the Hessian (2/n) A^T A) are computed here by Jacobi's method,
 * independently of the code, and fix the learning rates and the epochs needed.
 */
class OptimizerConvergenceTest {
    private static final LinearProblem PROBLEM =
            LinearProblem.gaussian(7, 300, new double[] {1.5, -2, 0.5, 1}, 0.7, 0.5);
    private static final double L = PROBLEM.largestCurvature();
    private static final double MU = PROBLEM.smallestCurvature();
    private static final double[] OPTIMUM = PROBLEM.optimum();
    private static final double SIZE = Math.max(1, LinearProblem.maxAbs(OPTIMUM));


    private static LinearModel zeros() {
        return LinearModel.zeros(PROBLEM.data.featureNames(), true);
    }

    /**
     * One optimizer's configuration and the accuracy asked of it (max |theta - theta*| / max(1, |theta*|)).
     *
     * @param rate the certified linear convergence rate per epoch, or NaN when there is none to certify
     */
    record Case(String name, Optimizer optimizer, Schedule schedule, int epochs, double tolerance, double rate) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The spectral radius of the 2x2 iteration matrix with the given trace and determinant, maximised over the
     * Hessian's eigenvalues: the per-step contraction of heavy-ball (Nesterov) on the quadratic.
     */
    private static double worstRadius(DoubleUnaryOperator trace, DoubleUnaryOperator det) {
        double worst = 0;
        for (double lambda : ConvergenceTest.jacobiEigenvalues(PROBLEM.hessian())) {
            double t = trace.applyAsDouble(lambda);
            double dt = det.applyAsDouble(lambda);
            double disc = t * t - 4 * dt;
            double radius = disc < 0 ? Math.sqrt(dt) : (Math.abs(t) + Math.sqrt(disc)) / 2;
            worst = Math.max(worst, radius);
        }
        return worst;
    }

    static Stream<Case> cases() {
        // Gradient descent at 1/L contracts every eigen-direction by |1 - lambda/L| <= 1 - mu/L per epoch.
        double gdRate = 1 - MU / L;
        // Heavy ball, PyTorch form (v' = mu v + g, theta' = theta - lr v'): per eigenvalue lambda of the Hessian the
        // error and velocity evolve by [[1 - lr lambda, -lr mu], [lambda, mu]], trace 1 - lr lambda + mu, det mu.
        double lr = 0.2;
        double m = 0.5;
        double momentumRate = worstRadius(lambda -> 1 - lr * lambda + m, lambda -> m);
        // Nesterov, PyTorch form (theta' = theta - lr (g + mu v')): [[1 - lr lambda (1 + mu), -lr mu^2], [lambda, mu]],
        // trace 1 - lr lambda (1 + mu) + mu, det mu (1 - lr lambda).
        double nesterovRate = worstRadius(lambda -> 1 - lr * lambda * (1 + m) + m, lambda -> m * (1 - lr * lambda));
        // Adaptive methods have no rate to certify here. With a constant rate RMSProp and Adam hover ~lr around the
        // optimum (their steps are ~lr sign(g)), so they anneal to 0 by a cosine schedule; AdaGrad's steps shrink by
        // themselves. Asked for 1e-6: far below the distance travelled (~2), far above rounding (~1e-15).
        return Stream.of(
                new Case("gd", new GradientDescent(1 / L), Schedule.constant(), 500, 1e-8, gdRate),
                new Case("momentum", new Momentum(lr, m), Schedule.constant(), 500, 1e-8, momentumRate),
                new Case("nesterov", new Nesterov(lr, m), Schedule.constant(), 500, 1e-8, nesterovRate),
                new Case("adagrad", new AdaGrad(0.5, 1e-10), Schedule.constant(), 2000, 1e-6, Double.NaN),
                new Case("rmsprop", new RmsProp(0.01, 0.9, 1e-8), new Schedule.Cosine(2000, 0), 2000, 1e-6, Double.NaN),
                new Case("adam", Adam.of(0.05), new Schedule.Cosine(2000, 0), 2000, 1e-6, Double.NaN),
                new Case("adamw", new AdamW(0.05, 0.9, 0.999, 1e-8, 0), new Schedule.Cosine(2000, 0), 2000, 1e-6,
                        Double.NaN));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reachesTheLeastSquaresOptimum(Case c) throws DivergenceException {
        assertTrue(MU > 1 && L < 3.5, "expected a well-conditioned problem, eigenvalues in [" + MU + ", " + L + "]");
        if (!Double.isNaN(c.rate())) {
            // The configuration is certified: the start's error (|theta*| <= 5 SIZE from zeros, in 2-norm) shrinks
            // below 1e-14 SIZE, a million times under the tolerance, which leaves room for the transient growth
            // of the non-normal 2x2 iterations and for rounding.
            assertTrue(c.rate() < 1, c + " does not converge: rate " + c.rate());
            assertTrue(5 * Math.pow(c.rate(), c.epochs()) < 1e-14, c + ": too few epochs for rate " + c.rate());
        }
        Fit fit = Trainer.builder().optimizer(c.optimizer()).schedule(c.schedule()).epochs(c.epochs()).build()
                .fit(PROBLEM.data, zeros());
        assertEquals(StopReason.MAX_EPOCHS, fit.stopReason());
        double[] fitted = fit.model().parameters();
        for (int k = 0; k < PROBLEM.p; k++) {
            assertEquals(OPTIMUM[k], fitted[k], c.tolerance() * SIZE, c + ", parameter " + k);
        }
        // The loss gap of a quadratic is (theta - theta*)^T H (theta - theta*) / 2 <= L/2 * p * (tol SIZE)^2; the
        // losses are recomputed here, each within its rounding bound.
        double gap = PROBLEM.mse(fitted) - PROBLEM.mse(OPTIMUM);
        double allowed = L / 2 * PROBLEM.p * Math.pow(c.tolerance() * SIZE, 2)
                + PROBLEM.mseRoundingBound(fitted) + PROBLEM.mseRoundingBound(OPTIMUM);
        assertTrue(gap <= allowed, c + ": loss gap " + gap + " > " + allowed);
        assertEquals(PROBLEM.mse(fitted), fit.history().finalLoss(),
                PROBLEM.mseRoundingBound(fitted) * 2, c + ": the recorded loss is the MSE at the fitted parameters");
    }

    @Test
    void lbfgsReachesTheOptimumsLossInAFewIterations() throws DivergenceException {
        // Stopped by a gradient tolerance (see the next test for the run to NO_PROGRESS).
        // With |g| <= gtol componentwise, |theta - theta*|_2 = |H^-1 g|_2 <= sqrt(p) gtol / mu, and the loss gap is
        // g^T H^-1 g / 2 <= p gtol^2 / (2 mu) = 1.6e-14 here: far inside 1e-10 of the loss (~0.23).
        double gtol = 1e-7;
        Fit fit = Trainer.builder().optimizer(Lbfgs.standard()).epochs(100).gradientTolerance(gtol).build()
                .fit(PROBLEM.data, zeros());
        assertEquals(StopReason.GRADIENT_TOLERANCE, fit.stopReason());
        assertTrue(fit.epochs() < 30, "L-BFGS took " + fit.epochs() + " iterations on a 5-parameter quadratic");
        double[] fitted = fit.model().parameters();
        double best = PROBLEM.mse(OPTIMUM);
        assertEquals(best, PROBLEM.mse(fitted), 1e-10 * best);
        assertEquals(best, fit.history().finalLoss(), 1e-10 * best);
        // The recomputed gradient differs from the trainer's by rounding only (~1e-15): 1.01 gtol.
        double bound = Math.sqrt(PROBLEM.p) * 1.01 * gtol / MU;
        for (int k = 0; k < PROBLEM.p; k++) {
            assertEquals(OPTIMUM[k], fitted[k], bound, "parameter " + k);
        }
        assertTrue(LinearProblem.maxAbs(PROBLEM.gradient(fitted)) <= 1.01 * gtol);
    }

    @Test
    void lbfgsRunsToNoProgressAtTheOptimum() throws DivergenceException {
        // No tolerance: L-BFGS iterates until no step lowers the loss (or its gradient), the optimum to working
        // precision. (An earlier version of Lbfgs threw a NullPointerException here, at the last iteration.)
        Fit fit = Trainer.builder().optimizer(Lbfgs.standard()).epochs(100).build().fit(PROBLEM.data, zeros());
        assertEquals(StopReason.NO_PROGRESS, fit.stopReason());
        assertTrue(fit.epochs() < 30, "L-BFGS took " + fit.epochs() + " iterations on a 5-parameter quadratic");
        double[] fitted = fit.model().parameters();
        double best = PROBLEM.mse(OPTIMUM);
        assertEquals(best, PROBLEM.mse(fitted), 1e-10 * best);
        assertEquals(best, fit.history().finalLoss(), 1e-10 * best);
        // "Working precision": the recomputed gradient is at the level of its rounding (terms ~1, 300-term sums:
        // ~1e-13 at worst), hence theta within sqrt(p) |g| / mu of the optimum; 1e-9 SIZE is far above both.
        assertTrue(LinearProblem.maxAbs(PROBLEM.gradient(fitted)) < 1e-10, "gradient " + LinearProblem.maxAbs(PROBLEM.gradient(fitted)));
        for (int k = 0; k < PROBLEM.p; k++) {
            assertEquals(OPTIMUM[k], fitted[k], 1e-9 * SIZE, "parameter " + k);
        }
    }

    @Test
    void gradientDescentBelowOneOverLLowersTheLossEveryEpoch() throws DivergenceException {
        // The descent lemma: with lr <= 1/L, f(theta - lr g) <= f(theta) - lr (1 - lr L / 2) |g|^2 <= f - 0.55 lr |g|^2
        // at lr = 0.9/L. Every computed loss must not rise by more than the rounding bounds of the two losses, and
        // must fall strictly whenever 0.5 lr |g|^2 exceeds those bounds.
        double lr = 0.9 / L;
        int epochs = 60;
        Fit fit = new Trainer(Loss.mse(), new GradientDescent(lr), epochs).fit(PROBLEM.data, zeros());
        History history = fit.history();
        double[] previous = zeros().parameters();
        double previousLoss = history.initialLoss();
        int strict = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double[] theta = history.parameters(epoch);
            double loss = history.loss(epoch);
            double rounding = PROBLEM.mseRoundingBound(theta) + PROBLEM.mseRoundingBound(previous);
            double[] g = PROBLEM.gradient(previous);
            assertTrue(loss <= previousLoss + rounding, "the loss rose at epoch " + epoch + ": " + previousLoss + " -> " + loss);
            if (0.5 * lr * LinearProblem.dot(g, g) > rounding) {
                assertTrue(loss < previousLoss, "the loss did not fall at epoch " + epoch);
                strict++;
            }
            previous = theta;
            previousLoss = loss;
        }
        assertTrue(strict >= 10, "only " + strict + " epochs were checked for a strict decrease");
    }

    @Test
    void miniBatchSgdWithADecayingRateGetsCloseToTheOptimum() throws DivergenceException {
        // Batches of 16 carry gradient noise: at the optimum a sample's gradient 2 r_i a_i has covariance about
        // 4 sigma^2 I = I (noise sigma 0.5, standard-normal features), a batch's I/16. SGD drawing batches WITH
        // replacement at step eta on curvature ~2 settles to an error of variance eta^2/16 / (1 - (1 - 2 eta)^2)
        // ~ eta/64 per parameter; the trainer reshuffles without replacement, which only does better (the batch
        // gradients of an epoch sum to the full one). The rate decays to eta_end = 0.02 * 0.98^199 = 3.6e-4, a
        // spread of sqrt(eta_end/64) = 2.4e-3; 1e-2 is four of those, and 1/150 of the distance travelled.
        double eta0 = 0.02;
        Schedule schedule = new Schedule.Exponential(0.98);
        int epochs = 200;
        double etaEnd = eta0 * schedule.factor(epochs - 1);
        double tolerance = 4 * Math.sqrt(etaEnd / 64);
        assertTrue(tolerance <= 1e-2, "tolerance " + tolerance);
        Fit fit = Trainer.builder().optimizer(new GradientDescent(eta0)).schedule(schedule).epochs(epochs).batchSize(16)
                .seed(11).build().fit(PROBLEM.data, zeros());
        double[] fitted = fit.model().parameters();
        for (int k = 0; k < PROBLEM.p; k++) {
            assertEquals(OPTIMUM[k], fitted[k], tolerance, "parameter " + k);
        }
        double gap = PROBLEM.mse(fitted) - PROBLEM.mse(OPTIMUM);
        assertTrue(gap <= L / 2 * PROBLEM.p * tolerance * tolerance, "loss gap " + gap);
        // And it did move: from zeros the loss was ~ |theta*|^2 ~ 7, hundreds of times the optimum's.
        assertTrue(fit.history().initialLoss() > 10 * PROBLEM.mse(OPTIMUM));
    }
}
