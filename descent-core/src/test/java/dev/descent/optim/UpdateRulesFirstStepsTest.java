package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first three steps of every update rule on a fixed 3-parameter problem, against the update
 * equations of each method's paper written out here, in closed form where the recursion unrolls
 * (so the test does not repeat the code's loop).
 *
 * <p>Tolerance: every expected value is O(1) and takes a few dozen roundings to compute, on either
 * side, in a different order: at most ~50 u = 6e-15 apart; 1e-14 leaves a margin and still catches
 * any wrong coefficient (the smallest term checked is ~1e-3).
 */
class UpdateRulesFirstStepsTest {
    private static final double TOL = 1e-14;

    private static final double[] THETA0 = {0.5, -1.0, 2.0};
    /** Three gradients: mixed signs, a zero component, a sign change and a large jump. */
    private static final double[][] G = {
        {0.2, -0.4, 1.0},
        {-0.1, 0.3, 0.5},
        {0.05, 0.0, -2.0},
    };

    /** Runs the three gradients through {@code rule}, returning the parameters after each step. */
    private static double[][] run(UpdateRule rule, OptimizerState state) {
        double[] theta = THETA0.clone();
        double[][] after = new double[3][];
        for (int t = 0; t < 3; t++) {
            double[] g = G[t].clone();
            rule.step(theta, g, state);
            assertArrayEquals(G[t], g, 0.0, "the gradient is an input: the rule must not change it");
            after[t] = theta.clone();
        }
        return after;
    }

    private static double[][] run(UpdateRule rule) {
        return run(rule, rule.start(3));
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        for (int t = 0; t < expected.length; t++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(expected[t][k], actual[t][k], TOL, "step " + (t + 1) + ", parameter " + k);
            }
        }
    }

    @Test
    void gradientDescentSubtractsTheScaledGradients() {
        // Cauchy: theta_t = theta_{t-1} - lr g_t, so theta_t = theta_0 - lr (g_1 + ... + g_t).
        double lr = 0.25;
        double[][] expected = new double[3][3];
        for (int k = 0; k < 3; k++) {
            expected[0][k] = THETA0[k] - lr * G[0][k];
            expected[1][k] = THETA0[k] - lr * (G[0][k] + G[1][k]);
            expected[2][k] = THETA0[k] - lr * (G[0][k] + G[1][k] + G[2][k]);
        }
        assertClose(expected, run(new GradientDescent(lr)));
        // One number by hand: parameter 2 after three steps is 2 - 0.25 (1 + 0.5 - 2) = 2.125.
        assertEquals(2.125, run(new GradientDescent(lr))[2][2], TOL);
    }

    @Test
    void momentumAccumulatesAVelocity() {
        // Polyak, PyTorch form: v_t = mu v_{t-1} + g_t, theta_t = theta_{t-1} - lr v_t, v_0 = 0. Unrolled:
        // v_1 = g1, v_2 = mu g1 + g2, v_3 = mu^2 g1 + mu g2 + g3.
        double lr = 0.1;
        double mu = 0.9;
        double[][] expected = new double[3][3];
        for (int k = 0; k < 3; k++) {
            double v1 = G[0][k];
            double v2 = mu * G[0][k] + G[1][k];
            double v3 = mu * mu * G[0][k] + mu * G[1][k] + G[2][k];
            expected[0][k] = THETA0[k] - lr * v1;
            expected[1][k] = THETA0[k] - lr * (v1 + v2);
            expected[2][k] = THETA0[k] - lr * (v1 + v2 + v3);
        }
        assertClose(expected, run(new Momentum(lr, mu)));
        // Summed in another order: theta_3 = theta_0 - lr (g1 (1 + mu + mu^2) + g2 (1 + mu) + g3).
        double[] third = run(new Momentum(lr, mu))[2];
        for (int k = 0; k < 3; k++) {
            double total = G[0][k] * (1 + mu + mu * mu) + G[1][k] * (1 + mu) + G[2][k];
            assertEquals(THETA0[k] - lr * total, third[k], TOL);
        }
    }

    @Test
    void nesterovStepsAlongTheGradientPlusTheNewVelocity() {
        // Sutskever et al. in PyTorch's form: v_t = mu v_{t-1} + g_t, theta_t = theta_{t-1} - lr (g_t + mu v_t).
        // Unrolled, the three steps sum to g1 (1 + mu + mu^2 + mu^3) + g2 (1 + mu + mu^2) + g3 (1 + mu).
        double lr = 0.1;
        double mu = 0.5;
        double[][] expected = new double[3][3];
        for (int k = 0; k < 3; k++) {
            double v1 = G[0][k];
            double v2 = mu * G[0][k] + G[1][k];
            double v3 = mu * mu * G[0][k] + mu * G[1][k] + G[2][k];
            double s1 = G[0][k] + mu * v1;
            double s2 = G[1][k] + mu * v2;
            double s3 = G[2][k] + mu * v3;
            expected[0][k] = THETA0[k] - lr * s1;
            expected[1][k] = THETA0[k] - lr * (s1 + s2);
            expected[2][k] = THETA0[k] - lr * (s1 + s2 + s3);
        }
        double[][] actual = run(new Nesterov(lr, mu));
        assertClose(expected, actual);
        for (int k = 0; k < 3; k++) {
            double total = G[0][k] * (1 + mu + mu * mu + mu * mu * mu) + G[1][k] * (1 + mu + mu * mu) + G[2][k] * (1 + mu);
            assertEquals(THETA0[k] - lr * total, actual[2][k], TOL);
        }
        // With mu = 0 it is plain gradient descent.
        assertClose(run(new GradientDescent(lr)), run(new Nesterov(lr, 0)));
    }

    @Test
    void adaGradDividesByTheRootOfTheSumOfSquaredGradients() {
        // Duchi, Hazan, Singer: G_t = g_1^2 + ... + g_t^2, theta_t = theta_{t-1} - lr g_t / (sqrt(G_t) + eps).
        double lr = 0.5;
        double eps = 1e-10;
        double[][] expected = new double[3][3];
        for (int k = 0; k < 3; k++) {
            double s1 = G[0][k] * G[0][k];
            double s2 = s1 + G[1][k] * G[1][k];
            double s3 = s2 + G[2][k] * G[2][k];
            expected[0][k] = THETA0[k] - lr * G[0][k] / (Math.sqrt(s1) + eps);
            expected[1][k] = expected[0][k] - lr * G[1][k] / (Math.sqrt(s2) + eps);
            expected[2][k] = expected[1][k] - lr * G[2][k] / (Math.sqrt(s3) + eps);
        }
        double[][] actual = run(new AdaGrad(lr, eps));
        assertClose(expected, actual);
        // The first step is lr sign(g) to within eps/|g| relative: parameter 2 moves from 2 to 1.5.
        assertEquals(1.5, actual[0][2], 1e-9);
        // Parameter 1 saw gradient 0 at step 3: it does not move (0 / (sqrt(G) + eps) = 0).
        assertEquals(actual[1][1], actual[2][1], 0.0);
    }

    @Test
    void rmsPropDividesByTheRootOfAForgettingAverage() {
        // Tieleman and Hinton: E_t = rho E_{t-1} + (1 - rho) g_t^2 (E_0 = 0), theta_t = theta_{t-1} - lr g_t / (sqrt(E_t) + eps).
        // Unrolled: E_1 = (1-rho) g1^2, E_2 = (1-rho)(rho g1^2 + g2^2), E_3 = (1-rho)(rho^2 g1^2 + rho g2^2 + g3^2).
        double lr = 0.01;
        double rho = 0.9;
        double eps = 1e-8;
        double[][] expected = new double[3][3];
        for (int k = 0; k < 3; k++) {
            double a = G[0][k] * G[0][k];
            double b = G[1][k] * G[1][k];
            double c = G[2][k] * G[2][k];
            double e1 = (1 - rho) * a;
            double e2 = (1 - rho) * (rho * a + b);
            double e3 = (1 - rho) * (rho * rho * a + rho * b + c);
            expected[0][k] = THETA0[k] - lr * G[0][k] / (Math.sqrt(e1) + eps);
            expected[1][k] = expected[0][k] - lr * G[1][k] / (Math.sqrt(e2) + eps);
            expected[2][k] = expected[1][k] - lr * G[2][k] / (Math.sqrt(e3) + eps);
        }
        double[][] actual = run(new RmsProp(lr, rho, eps));
        assertClose(expected, actual);
        // The first step is lr sign(g) / sqrt(1 - rho): without bias correction it is sqrt(10) times lr (to
        // eps / sqrt(0.1) relative, 3e-8 of the step 0.03: 1e-9; 1e-8 allows for it).
        assertEquals(2 - lr / Math.sqrt(0.1), actual[0][2], 1e-8);
    }

    /** Kingma and Ba, Algorithm 1, with m_t and v_t unrolled into their weighted sums. */
    private static double[][] adamByHand(double lr, double b1, double b2, double eps, double decay, boolean[] penalised) {
        double[][] expected = new double[3][3];
        for (int k = 0; k < 3; k++) {
            double theta = THETA0[k];
            for (int t = 1; t <= 3; t++) {
                // m_t = (1 - b1) sum_{s<=t} b1^(t-s) g_s, v_t = (1 - b2) sum_{s<=t} b2^(t-s) g_s^2
                double m = 0;
                double v = 0;
                for (int s = 1; s <= t; s++) {
                    double g = G[s - 1][k];
                    m += (1 - b1) * Math.pow(b1, t - s) * g;
                    v += (1 - b2) * Math.pow(b2, t - s) * g * g;
                }
                double mHat = m / (1 - Math.pow(b1, t)); // bias correction
                double vHat = v / (1 - Math.pow(b2, t));
                // Loshchilov and Hutter, Algorithm 2 with PyTorch's scaling: theta -= lr lambda theta (penalised only)
                double decayed = penalised[k] ? theta - lr * decay * theta : theta;
                theta = decayed - lr * mHat / (Math.sqrt(vHat) + eps);
                expected[t - 1][k] = theta;
            }
        }
        return expected;
    }

    @Test
    void adamFollowsKingmaAndBaAlgorithm1WithBiasCorrection() {
        double lr = 0.01;
        double[][] expected = adamByHand(lr, 0.9, 0.999, 1e-8, 0, new boolean[] {true, true, true});
        double[][] actual = run(Adam.of(lr));
        assertClose(expected, actual);
        // At t = 1 the corrected moments are g and g^2 exactly, so every parameter moves by lr sign(g) (to eps/|g|).
        for (int k = 0; k < 3; k++) {
            assertEquals(THETA0[k] - lr * Math.signum(G[0][k]), actual[0][k], 1e-9, "parameter " + k);
        }
        // Different betas, to catch a swapped beta1/beta2.
        assertClose(adamByHand(0.05, 0.5, 0.75, 1e-6, 0, new boolean[] {true, true, true}),
                run(new Adam(0.05, 0.5, 0.75, 1e-6)));
    }

    @Test
    void adamWDecaysOnlyThePenalisedParameters() {
        double lr = 0.01;
        double lambda = 2.0; // large, so that the decay (lr lambda theta ~ 0.02 theta per step) is plain to see
        boolean[] penalised = {true, true, false}; // the last one plays the bias
        AdamW rule = new AdamW(lr, 0.9, 0.999, 1e-8, lambda);
        OptimizerState state = rule.start(3);
        state.setPenalised(penalised);
        double[][] actual = run(rule, state);
        assertClose(adamByHand(lr, 0.9, 0.999, 1e-8, lambda, penalised), actual);

        // The unpenalised parameter follows plain Adam exactly; the penalised ones do not.
        double[][] adam = adamByHand(lr, 0.9, 0.999, 1e-8, 0, penalised);
        for (int t = 0; t < 3; t++) {
            assertEquals(adam[t][2], actual[t][2], TOL, "the bias must not be decayed (step " + (t + 1) + ")");
            assertTrue(Math.abs(adam[t][0] - actual[t][0]) > 1e-3, "parameter 0 must be decayed");
        }
        // By default (no flags set) every parameter is decayed.
        double[][] all = run(rule);
        assertClose(adamByHand(lr, 0.9, 0.999, 1e-8, lambda, new boolean[] {true, true, true}), all);
        // With no weight decay AdamW is Adam.
        assertClose(run(Adam.of(lr)), run(new AdamW(lr, 0.9, 0.999, 1e-8, 0)));
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(new GradientDescent(0.1)),
                Arguments.of(new Momentum(0.1, 0.9)),
                Arguments.of(new Nesterov(0.1, 0.9)),
                Arguments.of(new AdaGrad(0.1, 1e-10)),
                Arguments.of(new RmsProp(0.1, 0.9, 1e-8)),
                Arguments.of(Adam.of(0.1)),
                Arguments.of(new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5)));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void theStateLearningRateIsTheOneUsed(UpdateRule rule) {
        // Given the same gradient history, every one of these steps is linear in the learning rate (the
        // moments and sums do not depend on it; AdamW's decay is lr lambda theta): a state at 3 lr moves the
        // parameters exactly three times as far as one at lr, whatever the configured rate.
        OptimizerState base = rule.start(3);
        assertEquals(rule.learningRate(), base.learningRate(), 0.0, "fresh state starts at the configured rate");
        OptimizerState tripled = rule.start(3);
        tripled.setLearningRate(3 * rule.learningRate());
        double[][] one = run(rule, base);
        double[][] three = run(rule, tripled);
        // After the first step only: later steps start from different points, which AdamW's decay sees.
        for (int k = 0; k < 3; k++) {
            double moveOne = one[0][k] - THETA0[k];
            double moveThree = three[0][k] - THETA0[k];
            assertNotEquals(0.0, moveOne, "parameter " + k + " should move");
            // Two roundings in each move, and the subtraction from theta_0 cancels at most ~1 digit: 1e-13 relative.
            assertEquals(3 * moveOne, moveThree, 1e-13 * Math.abs(moveThree), "parameter " + k);
        }
    }

    @ParameterizedTest
    @MethodSource("rules")
    void everyStepIsCounted(UpdateRule rule) {
        OptimizerState state = rule.start(3);
        assertEquals(0, state.steps());
        double[] theta = THETA0.clone();
        for (int t = 1; t <= 3; t++) {
            rule.step(theta, G[t - 1].clone(), state);
            assertEquals(t, state.steps());
        }
    }

    @Test
    void constructorsRejectBadHyperparameters() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Executable[] bad = {
            () -> new GradientDescent(0), () -> new GradientDescent(-0.1), () -> new GradientDescent(nan),
            () -> new GradientDescent(inf),
            () -> new Momentum(0, 0.9), () -> new Momentum(0.1, 1), () -> new Momentum(0.1, 1.5),
            () -> new Momentum(0.1, -0.1), () -> new Momentum(0.1, nan), () -> new Momentum(nan, 0.5),
            () -> new Nesterov(-1, 0.9), () -> new Nesterov(0.1, 1), () -> new Nesterov(0.1, -0.5),
            () -> new Nesterov(0.1, nan), () -> new Nesterov(inf, 0.5),
            () -> new AdaGrad(0, 1e-10), () -> new AdaGrad(0.1, 0), () -> new AdaGrad(0.1, -1e-10),
            () -> new AdaGrad(nan, 1e-10), () -> new AdaGrad(0.1, nan),
            () -> new RmsProp(0, 0.9, 1e-8), () -> new RmsProp(0.1, 1, 1e-8), () -> new RmsProp(0.1, -0.1, 1e-8),
            () -> new RmsProp(0.1, 0.9, 0), () -> new RmsProp(0.1, nan, 1e-8),
            () -> new Adam(0, 0.9, 0.999, 1e-8), () -> new Adam(0.1, 1, 0.999, 1e-8), () -> new Adam(0.1, 0.9, 1, 1e-8),
            () -> new Adam(0.1, -0.1, 0.999, 1e-8), () -> new Adam(0.1, 0.9, 0.999, 0), () -> new Adam(nan, 0.9, 0.999, 1e-8),
            () -> new Adam(0.1, nan, 0.999, 1e-8), () -> new Adam(0.1, 0.9, nan, 1e-8), () -> new Adam(0.1, 0.9, 0.999, nan),
            () -> Adam.of(-1),
            () -> new AdamW(0, 0.9, 0.999, 1e-8, 0.01), () -> new AdamW(0.1, 1, 0.999, 1e-8, 0.01),
            () -> new AdamW(0.1, 0.9, 1.5, 1e-8, 0.01), () -> new AdamW(0.1, 0.9, 0.999, 0, 0.01),
            () -> new AdamW(0.1, 0.9, 0.999, 1e-8, -0.01), () -> new AdamW(0.1, 0.9, 0.999, 1e-8, nan),
            () -> new AdamW(0.1, 0.9, 0.999, 1e-8, inf),
            () -> new Lbfgs(0, 10), () -> new Lbfgs(nan, 10), () -> new Lbfgs(1, 0), () -> new Lbfgs(1, -3),
        };
        for (int i = 0; i < bad.length; i++) {
            assertThrows(IllegalArgumentException.class, bad[i], "bad hyperparameters #" + i + " were accepted");
        }
        // The edges that are allowed: momentum and betas of 0, a weight decay of 0, a memory of 1.
        new Momentum(0.1, 0);
        new Nesterov(0.1, 0);
        new RmsProp(0.1, 0, 1e-8);
        new Adam(0.1, 0, 0, 1e-8);
        new AdamW(0.1, 0.9, 0.999, 1e-8, 0);
        new Lbfgs(1, 1);
    }
}
