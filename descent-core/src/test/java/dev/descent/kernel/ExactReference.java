package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.loss.ScalarLoss;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/** A fused pass's loss and gradient sums against the same sums in exact arithmetic, written out here. */
final class ExactReference {
    private static final double U = 0x1p-53;

    private ExactReference() {
    }

    /**
     * Loss and gradient summed row by row in exact arithmetic (the per-row loss and derivative written
     * out below, at a prediction computed exactly and rounded once), with room for the
     * pass's roundings: the prediction's dot product (gamma(d+1) of its terms' sizes, moved through
     * the loss by at most its slope) and the sums over rows (gamma(n) of the terms' sizes).
     * The parameters are d weights, then the bias if {@code intercept}; the gradient has one entry per parameter.
     */
    static void assertMatches(double[] x, double[] y, int d, double[] theta, boolean intercept, ScalarLoss loss,
                              double value, double[] gradient) {
        int n = y.length;
        int p = d + (intercept ? 1 : 0);
        assertEquals(p, gradient.length, "gradient length");
        double bias = intercept ? theta[d] : 0;
        BigDecimal lossSum = BigDecimal.ZERO;
        BigDecimal[] gradientSum = new BigDecimal[d + 1];
        Arrays.fill(gradientSum, BigDecimal.ZERO);
        double lossSize = 0;
        double[] gradientSize = new double[d + 1];
        double predictionError = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal exact = new BigDecimal(bias);
            double size = Math.abs(bias);
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
        for (int k = 0; k < p; k++) {
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
