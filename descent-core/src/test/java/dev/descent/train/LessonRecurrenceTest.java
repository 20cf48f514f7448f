package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Trainer against the fast.ai lesson itself: the two scalar update equations, written out in a
 * plain loop, must give the same path as the general machinery (Loss x Model x Optimizer).
 *
 * <p>Not the same bits: the lesson takes a mean as sum / n, Objective multiplies the sum by the
 * rounded 1.0 / n (1/30 is not a double), so the gradients can differ by an ulp at each epoch. With
 * lr = 0.01 and L about 2.5 here, lr L is far below 2, the update map shrinks such perturbations, and
 * 400 epochs of one-ulp differences stay near 400 ulps of the step at worst: 1e-12 relative to the
 * size of (a, b) (of order 1 to 10) is ample and still catches any real difference.
 */
class LessonRecurrenceTest {
    private static final double U = 0x1p-53;

    @Test
    void trainerRetracesTheLessonsUpdateEquations() throws DivergenceException {
        int n = 30;
        Dataset data = LessonData.generate(n, 3, 8, 0, 42);
        double lr = 0.01;
        int epochs = 400;
        Fit fit = new Trainer(Loss.mse(), new GradientDescent(lr), epochs)
                .fit(data, LinearModel.of(List.of("x"), new double[] {-1}, 1));
        History history = fit.history();
        assertEquals(epochs, history.epochs());
        assertEquals(List.of("x", "bias"), history.parameterNames());

        double[] x = data.featureData().clone();
        double[] y = data.targetData().clone();
        double a = -1;
        double b = 1;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double[] dydb = new double[n];
            double[] dyda = new double[n];
            for (int i = 0; i < n; i++) {
                double yPred = a * x[i] + b;
                dydb[i] = 2 * (yPred - y[i]);
                dyda[i] = x[i] * dydb[i];
            }
            a -= lr * mean(dyda);
            b -= lr * mean(dydb);
            double[] theta = history.parameters(epoch);
            double scale = Math.max(Math.abs(a), Math.abs(b)); // a crosses 0 on its way from -1 to 3
            assertEquals(a, theta[0], 1e-12 * scale, "a at epoch " + epoch);
            assertEquals(b, theta[1], 1e-12 * scale, "b at epoch " + epoch);
        }
        double[] last = fit.model().parameters();
        assertEquals(a, last[0], 1e-12 * Math.abs(a));
        assertEquals(b, last[1], 1e-12 * Math.abs(b));
    }

    @Test
    void historyLossIsTheMseAtTheRecordedParameters() throws DivergenceException {
        int n = 30;
        Dataset data = LessonData.generate(n, 3, 8, 0, 42);
        History history = new Trainer(Loss.mse(), new GradientDescent(0.01), 400)
                .fit(data, LinearModel.of(List.of("x"), new double[] {-1}, 1)).history();
        assertMse(data, -1, 1, history.initialLoss(), "initial loss");
        for (int epoch = 1; epoch <= history.epochs(); epoch++) {
            double[] theta = history.parameters(epoch);
            assertMse(data, theta[0], theta[1], history.loss(epoch), "loss at epoch " + epoch);
        }
    }

    /**
     * Compares with the exact mean of (a x + b - y)^2 in BigDecimal. The code rounds a x, + b and - y:
     * each residual e is off by at most delta = 3u(|a x| + |b| + |y|) (u = 2^-53); the loss by at most
     * mean(2|e| delta + delta^2) plus a few u of itself for the sum and the 1/n. Doubled for safety.
     */
    private static void assertMse(Dataset data, double a, double b, double actual, String what) {
        int n = data.rowCount();
        BigDecimal sum = BigDecimal.ZERO;
        double bound = 0;
        for (int i = 0; i < n; i++) {
            double x = data.feature(i, 0);
            double y = data.target(i);
            BigDecimal e = new BigDecimal(a).multiply(new BigDecimal(x)).add(new BigDecimal(b)).subtract(new BigDecimal(y));
            sum = sum.add(e.multiply(e));
            double delta = 3 * U * (Math.abs(a * x) + Math.abs(b) + Math.abs(y));
            bound += 2 * Math.abs(e.doubleValue()) * delta + delta * delta;
        }
        double exact = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
        assertEquals(exact, actual, 2 * (bound / n + 4 * U * exact), what);
    }

    /** numpy's .mean(): the sum over the samples divided by their number. */
    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
