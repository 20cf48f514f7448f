package dev.descent.loss;

/**
 * The logistic loss (log-loss, binary cross-entropy) on labels 0 and 1. The model's output z is
 * the log-odds of class 1; the probability is {@code sigma(z) = 1 / (1 + e^-z)}, and the loss
 * {@code -y log sigma(z) - (1 - y) log(1 - sigma(z)) = log(1 + e^z) - y z}, computed without
 * overflow; averaged.
 */
public record Logistic() implements BinaryClassification {

    @Override
    public double value(double prediction, double target) {
        // log(1 + e^z) - y z = max(z, 0) - y z + log1p(e^-|z|), exact for any z
        return Math.max(prediction, 0) - target * prediction + Math.log1p(Math.exp(-Math.abs(prediction)));
    }

    @Override
    public double derivative(double prediction, double target) {
        return probability(prediction) - target; // d/dz [log(1 + e^z) - y z] = sigma(z) - y
    }

    /** {@code sigma(z) = 1 / (1 + e^-z)}, computed without overflow. */
    public static double probability(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    @Override
    public double curvatureBound() {
        return 0.25; // sigma'(z) = sigma (1 - sigma) <= 1/4
    }

    @Override
    public String name() {
        return "logistic";
    }
}
