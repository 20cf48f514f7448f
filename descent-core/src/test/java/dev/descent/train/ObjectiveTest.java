package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two ways Objective computes a loss and its gradient, the generic chain rule (any Model) and
 * the fused LinearKernel (LinearModel only), against each other and against exact BigDecimal
 * arithmetic, at awkward sizes.
 *
 * <p>Tolerances are forward error bounds computed per component, so they grow with n and d: with
 * u = 2^-53 and gamma(m) = m u / (1 - m u), a prediction (d products and a bias, summed in any order)
 * is off by at most gamma(d+1) a_i, a_i = |b| + sum_j |w_j x_ij|; the residual e_i = pred - y by at
 * most gamma(d+2)(a_i + |y_i|) =: delta_i; a gradient component sum_i 2 e_i x_ik (n products summed)
 * by sum_i 2 delta_i |x_ik| + gamma(n+1) sum_i |2 e_i x_ik|; a loss sum_i e_i^2 by
 * sum_i (2|e_i| delta_i + delta_i^2) + gamma(n+1) sum_i e_i^2. The factor 1/n adds 2u relative. The
 * bounds are doubled to cover second-order terms.
 */
class ObjectiveTest {
    private static final double U = 0x1p-53;

    /** A LinearModel seen only through the Model interface, so that Objective takes its generic path. */
    private record Generic(LinearModel inner) implements Model {
        @Override
        public int featureCount() {
            return inner.featureCount();
        }

        @Override
        public List<String> parameterNames() {
            return inner.parameterNames();
        }

        @Override
        public double[] parameters() {
            return inner.parameters();
        }

        @Override
        public Model withParameters(double[] parameters) {
            return new Generic(inner.withParameters(parameters));
        }

        @Override
        public void predict(double[] features, int offset, double[] outputs) {
            inner.predict(features, offset, outputs);
        }

        @Override
        public void addGradient(double[] features, int offset, double[] dLossDOutputs, double[] gradient) {
            inner.addGradient(features, offset, dLossDOutputs, gradient);
        }
    }

    private static double gamma(long m) {
        return m * U / (1 - m * U);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int d : new int[] {1, 6, 13, 207}) {
            for (int n : new int[] {1, 3, 37, 301}) {
                for (boolean intercept : new boolean[] {true, false}) {
                    cases.add(Arguments.of(n, d, intercept, "mse"));
                    cases.add(Arguments.of(n, d, intercept, "sse"));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "n={0}, d={1}, intercept={2}, {3}")
    @MethodSource("cases")
    void fusedAndGenericPathsAgreeWithExactArithmetic(int n, int d, boolean intercept, String lossName) {
        Random random = new Random(7919L * d + n);
        // Mixed signs and scales, targets of either sign: nothing here is arranged to cancel nicely.
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian() * Math.pow(10, random.nextInt(3) - 1);
        }
        for (int i = 0; i < n; i++) {
            y[i] = 3 * random.nextGaussian();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        Dataset data = new Dataset(x, y, names, "y");
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextGaussian();
        }
        double b = intercept ? random.nextGaussian() : 0;
        LinearModel linear = intercept ? LinearModel.of(names, w, b) : LinearModel.withoutIntercept(names, w);
        Loss loss = lossName.equals("mse") ? Loss.mse() : Loss.sse();
        Objective objective = new Objective(loss, data);
        int p = linear.parameters().length;

        double[] fused = new double[p];
        double fusedLoss = objective.valueAndGradient(linear, linear.parameters(), fused);
        Model generic = new Generic(linear);
        double[] chained = new double[p];
        double chainedLoss = objective.valueAndGradient(generic, generic.parameters(), chained);

        // Exact values in BigDecimal, and the forward error bounds described above.
        BigDecimal factor = lossName.equals("mse") ? BigDecimal.ONE.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128)
                : BigDecimal.ONE;
        double factorD = lossName.equals("mse") ? 1.0 / n : 1.0;
        BigDecimal[] exactGradient = new BigDecimal[p];
        java.util.Arrays.fill(exactGradient, BigDecimal.ZERO);
        double[] gradientBound = new double[p];
        BigDecimal exactLoss = BigDecimal.ZERO;
        double lossBound = 0;
        double lossMagnitude = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal prediction = new BigDecimal(b);
            double a = Math.abs(b);
            for (int j = 0; j < d; j++) {
                prediction = prediction.add(new BigDecimal(w[j]).multiply(new BigDecimal(x[i * d + j])));
                a += Math.abs(w[j] * x[i * d + j]);
            }
            BigDecimal e = prediction.subtract(new BigDecimal(y[i]));
            double ei = Math.abs(e.doubleValue());
            double delta = gamma(d + 2) * (a + Math.abs(y[i])) * (1 + 1e-10);
            exactLoss = exactLoss.add(e.multiply(e));
            lossBound += 2 * ei * delta + delta * delta;
            lossMagnitude += ei * ei;
            BigDecimal r = e.multiply(BigDecimal.valueOf(2));
            for (int k = 0; k < p; k++) {
                double xk = k < d ? x[i * d + k] : 1;
                exactGradient[k] = exactGradient[k].add(r.multiply(new BigDecimal(xk)));
                gradientBound[k] += 2 * delta * Math.abs(xk) + gamma(n + 1) * 2 * ei * Math.abs(xk);
            }
        }
        lossBound = 2 * factorD * (lossBound + gamma(n + 1) * lossMagnitude) + 4 * U * factorD * lossMagnitude;

        double exactLossD = exactLoss.multiply(factor).doubleValue();
        assertEquals(exactLossD, fusedLoss, lossBound, "fused loss");
        assertEquals(exactLossD, chainedLoss, lossBound, "generic loss");
        assertEquals(fusedLoss, chainedLoss, 2 * lossBound, "fused vs generic loss");
        for (int k = 0; k < p; k++) {
            double exact = exactGradient[k].multiply(factor).doubleValue();
            double bound = 2 * factorD * gradientBound[k] + 4 * U * Math.abs(exact);
            String name = linear.parameterNames().get(k);
            assertEquals(exact, fused[k], bound, "fused gradient " + name);
            assertEquals(exact, chained[k], bound, "generic gradient " + name);
            assertEquals(fused[k], chained[k], 2 * bound, "fused vs generic gradient " + name);
        }
        assertTrue(lossBound <= 1e-9 * Math.max(1, Math.abs(exactLossD)), "the bound should stay meaningful: " + lossBound);
    }
}
