package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.loss.Huber;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parallel pass against a scalar reference computed here in exact arithmetic, at sizes that
 * leave ragged blocks and ragged groups of four rows; and the same bits whatever the thread count.
 */
class LinearPassTest {
    private static final double U = 0x1p-53;

    @ParameterizedTest(name = "n={0}, d={1}")
    @CsvSource({"1, 1", "3, 2", "5, 7", "30, 1", "1023, 3", "4097, 33", "70001, 5", "9000, 64"})
    void matchesTheScalarReferenceAndGivesTheSameBitsOnAnyNumberOfThreads(int n, int d) {
        Random random = new Random(31L * n + d);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextGaussian() * 3;
        }
        double[] theta = new double[d + 1];
        for (int k = 0; k <= d; k++) {
            theta[k] = random.nextGaussian() / Math.sqrt(d);
        }
        for (ScalarLoss loss : new ScalarLoss[] {Loss.mse(), new Huber(0.5), new Logistic()}) {
            double[] target = loss instanceof Logistic ? binary(y) : y;
            double[] gradient = new double[d + 1];
            double value = new LinearPass(x, target, d, true).threads(1).lossAndGradient(theta, loss, gradient);
            assertReference(x, target, d, theta, loss, value, gradient);
            for (int threads : new int[] {2, 3, 8}) {
                double[] other = new double[d + 1];
                LinearPass pass = new LinearPass(x, target, d, true).threads(threads);
                assertEquals(value, pass.lossAndGradient(theta, loss, other), 0, loss.name() + ", " + threads + " threads");
                assertArrayEquals(gradient, other, 0, loss.name() + ", " + threads + " threads");
                assertEquals(value, pass.loss(theta, loss), 0);
            }
        }
    }

    private static double[] binary(double[] y) {
        double[] labels = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = y[i] > 0 ? 1 : 0;
        }
        return labels;
    }

    /**
     * Loss and gradient summed row by row in exact arithmetic (the per-row loss and derivative written
     * out below, at a prediction computed exactly and rounded once), with room for the
     * pass's roundings: the prediction's dot product (gamma(d+1) of its terms' sizes, moved through
     * the loss by at most its slope) and the sums over rows (gamma(n) of the terms' sizes).
     */
    private static void assertReference(double[] x, double[] y, int d, double[] theta, ScalarLoss loss, double value,
                                        double[] gradient) {
        int n = y.length;
        BigDecimal lossSum = BigDecimal.ZERO;
        BigDecimal[] gradientSum = new BigDecimal[d + 1];
        java.util.Arrays.fill(gradientSum, BigDecimal.ZERO);
        double lossSize = 0;
        double[] gradientSize = new double[d + 1];
        double predictionError = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal exact = new BigDecimal(theta[d]);
            double size = Math.abs(theta[d]);
            for (int j = 0; j < d; j++) {
                exact = exact.add(new BigDecimal(theta[j]).multiply(new BigDecimal(x[i * d + j])));
                size += Math.abs(theta[j] * x[i * d + j]);
            }
            double prediction = exact.round(MathContext.DECIMAL64).doubleValue();
            predictionError = Math.max(predictionError, gamma(d + 2) * size);
            double l = value(loss.name(), prediction, y[i]);
            double r = derivative(loss.name(), prediction, y[i]);
            lossSum = lossSum.add(new BigDecimal(l));
            lossSize += Math.abs(l);
            for (int j = 0; j < d; j++) {
                gradientSum[j] = gradientSum[j].add(new BigDecimal(r).multiply(new BigDecimal(x[i * d + j])));
                gradientSize[j] += Math.abs(r * x[i * d + j]);
            }
            gradientSum[d] = gradientSum[d].add(new BigDecimal(r));
            gradientSize[d] += Math.abs(r);
        }
        // A prediction off by e moves a squared loss by up to 2|r| e + e^2 and its derivative by 2e (Huber, logistic: less).
        double slope = 2 * (lossSize / n + 10);
        assertEquals(lossSum.doubleValue(), value, gamma(n + 4) * lossSize + n * slope * predictionError, loss.name());
        for (int k = 0; k <= d; k++) {
            double xSize = k < d ? maxAbs(x, k, d) : 1;
            assertEquals(gradientSum[k].doubleValue(), gradient[k],
                    gamma(n + 4) * gradientSize[k] + n * 2 * predictionError * xSize, loss.name() + " gradient " + k);
        }
    }

    /** The three losses' values, written out here: (p - y)^2; Huber with delta 0.5; log(1 + e^p) - y p. */
    private static double value(String loss, double p, double y) {
        double e = p - y;
        return switch (loss) {
            case "mse" -> e * e;
            case "huber" -> Math.abs(e) <= 0.5 ? e * e / 2 : 0.5 * (Math.abs(e) - 0.25);
            case "logistic" -> Math.max(p, 0) - y * p + Math.log1p(Math.exp(-Math.abs(p)));
            default -> throw new IllegalArgumentException(loss);
        };
    }

    /** Their derivatives in p: 2 (p - y); e clipped to [-0.5, 0.5]; 1 / (1 + e^-p) - y. */
    private static double derivative(String loss, double p, double y) {
        double e = p - y;
        return switch (loss) {
            case "mse" -> 2 * e;
            case "huber" -> Math.max(-0.5, Math.min(0.5, e));
            case "logistic" -> 1 / (1 + Math.exp(-p)) - y;
            default -> throw new IllegalArgumentException(loss);
        };
    }

    private static double maxAbs(double[] x, int column, int d) {
        double max = 0;
        for (int i = column; i < x.length; i += d) {
            max = Math.max(max, Math.abs(x[i]));
        }
        return max;
    }

    private static double gamma(long m) {
        return m * U / (1 - m * U);
    }
}
